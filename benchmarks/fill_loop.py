"""Fills one of a picoev server's loops to its picoev.max-connections with idle keep-alive
connections, then holds them until stdin closes. For benchmarks/listener-modes.sh: what new
connections meet when one loop is full.

Usage: fill_loop.py PORT MAX
Opens connections one at a time (GET /plaintext on each, answer read), and after each reads the
per-loop gauge picoev_connections_open_connections{loop="i"} from /actuator/prometheus over one
keep-alive connection of its own (which counts on its loop too), until a loop has MAX open.
Prints 'ready loop L full, open per loop: a b' or 'failed: ...' (and exits 1).
"""
import http.client
import re
import socket
import sys
import time

REQUEST = b"GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n"
BODY = b"Hello, World!"
OPEN = re.compile(r'^picoev_connections_open_connections\{[^}]*loop="(\d+)"[^}]*\}\s+(\S+)', re.M)


def fail(why):
    print("failed: " + why, flush=True)
    sys.exit(1)


def open_per_loop(scrape):
    scrape.request("GET", "/actuator/prometheus")
    r = scrape.getresponse()
    text = r.read().decode()
    if r.status != 200:
        fail(f"/actuator/prometheus answered {r.status}")
    per_loop = {int(loop): int(float(v)) for loop, v in OPEN.findall(text)}
    if not per_loop:
        fail("no picoev_connections_open_connections{loop=...} in /actuator/prometheus")
    return [per_loop[i] for i in sorted(per_loop)]


def main():
    port, most = int(sys.argv[1]), int(sys.argv[2])
    scrape = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    held = []
    deadline = time.monotonic() + 120
    while True:
        counts = open_per_loop(scrape)
        full = [i for i, n in enumerate(counts) if n >= most]
        if full:
            print(f"ready loop {full[0]} full, open per loop: {' '.join(map(str, counts))}"
                  f" ({len(held)} idle connections)", flush=True)
            break
        if time.monotonic() > deadline:
            fail(f"no loop full after {len(held)} connections (open per loop: {counts})")
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(REQUEST)
        got = b""
        try:
            while not got.endswith(BODY):
                data = s.recv(4096)
                if not data:
                    fail(f"the server closed idle connection {len(held) + 1}")
                got += data
        except socket.timeout:
            fail(f"idle connection {len(held) + 1} got no answer in 10 s (open per loop: {counts})")
        held.append(s)
    sys.stdin.read()


if __name__ == "__main__":
    main()
