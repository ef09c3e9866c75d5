"""Opens N keep-alive connections to a server on this machine, makes one GET /plaintext on each,
then holds them all idle until stdin closes.

Usage: idle_clients.py PORT N [HOST]
Prints 'ready N connections in S s' once every connection got its answer (S: first connect to last
answer), or 'failed: ...' and exits 1. One thread and epoll, non-blocking connects, at most WINDOW
connections opening at once (so the listen backlog never overflows). Past the ephemeral-port range
(/proc/sys/net/ipv4/ip_local_port_range) the connections come from further loopback source
addresses, 127.0.0.2, 127.0.0.3, ... (all of 127/8 is loopback on Linux).
"""
import errno
import os
import resource
import select
import socket
import sys
import time

WINDOW = 256
REQUEST = b"GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n"
BODY = b"Hello, World!"
IP_BIND_ADDRESS_NO_PORT = getattr(socket, "IP_BIND_ADDRESS_NO_PORT", 24)


def fail(why):
    print("failed: " + why, flush=True)
    sys.exit(1)


def main():
    port, n = int(sys.argv[1]), int(sys.argv[2])
    host = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if n + 64 > hard:
        fail(f"{n} connections need ulimit -n above {n + 64}; the hard limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        lo, hi = map(int, f.read().split())
    # IDLE_PER_SOURCE (a test knob) lowers it, to try several source addresses with few connections
    per_source = int(os.environ.get("IDLE_PER_SOURCE", (hi - lo + 1) * 9 // 10))
    sources = [f"127.0.0.{i + 1}" for i in range((n + per_source - 1) // per_source)]
    if len(sources) > 1:
        print(f"using {len(sources)} source addresses 127.0.0.1..{sources[-1]} ({per_source} each)",
              file=sys.stderr, flush=True)

    ep = select.epoll()
    socks = {}      # fd -> socket, while connecting or waiting for its answer
    got = {}        # fd -> bytes received so far
    idle = []       # every answered connection, held open
    opened = 0
    start = time.monotonic()
    deadline = start + 600
    while len(idle) < n:
        while opened < n and len(socks) < WINDOW:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            if len(sources) > 1:
                # pick the port at connect time, per 4-tuple, so each source address has the whole range
                s.setsockopt(socket.SOL_IP, IP_BIND_ADDRESS_NO_PORT, 1)
                s.bind((sources[opened // per_source], 0))
            err = s.connect_ex((host, port))
            if err not in (0, errno.EINPROGRESS):
                fail(f"connection {opened + 1}: {os.strerror(err)}")
            socks[s.fileno()] = s
            got[s.fileno()] = b""
            ep.register(s.fileno(), select.EPOLLOUT)
            opened += 1
        if time.monotonic() > deadline:
            fail(f"only {len(idle)} of {n} answered within 600 s")
        for fd, events in ep.poll(1.0):
            s = socks[fd]
            if events & select.EPOLLOUT:
                err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    fail(f"connect: {os.strerror(err)} after {len(idle)} connections")
                s.send(REQUEST)
                ep.modify(fd, select.EPOLLIN)
                continue
            try:
                data = s.recv(4096)
            except OSError as e:
                fail(f"read: {e} after {len(idle)} connections")
            if not data:
                fail(f"server closed a connection after {len(idle)} connections")
            got[fd] += data
            if got[fd].endswith(BODY):
                ep.unregister(fd)
                del socks[fd], got[fd]
                idle.append(s)
    print(f"ready {n} connections in {time.monotonic() - start:.3f} s", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
