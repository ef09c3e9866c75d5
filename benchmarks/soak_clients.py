"""Hostile and unusual clients for benchmarks/soak.sh, until a deadline: connection churn, slow
readers, resets mid-answer, malformed requests, chunked and Content-Length uploads. Prints one
JSON line of counts; 'unexpected' lists what went wrong (an answer other than the one due, a
refused or timed-out connection). Usage: soak_clients.py PORT SECONDS [THREADS]"""
import json
import random
import socket
import struct
import sys
import threading
import time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 4
deadline = time.time() + seconds
lock = threading.Lock()
counts = {}
unexpected = []

MALFORMED = [
    (b"GET / HTTP/1.1\r\n\r\n", 400),                                    # no Host
    (b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),                       # invalid Host
    (b"GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400),                         # asterisk-form without OPTIONS
    (b"GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n", 400),           # obs-fold
    (b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 400),
    (b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
    (b"GET / HTTP/2.0\r\n\r\n", 505),
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
]


def count(what, n=1):
    with lock:
        counts[what] = counts.get(what, 0) + n


def fail(what):
    with lock:
        counts["unexpected"] = counts.get("unexpected", 0) + 1
        if len(unexpected) < 20:
            unexpected.append(what)


def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_answer(f):
    """Reads one answer framed by Content-Length from a file over the socket: (status, body)."""
    line = f.readline()
    if not line:
        return None, b""
    status = int(line.split()[1])
    length = 0
    while True:
        h = f.readline()
        if h in (b"\r\n", b"\n", b""):
            break
        name, _, value = h.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, f.read(length)


def churn():
    s = connect()
    s.sendall(b"GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    status, body = read_answer(s.makefile("rb"))
    s.close()
    if status != 200 or body != b"Hello, World!":
        fail("churn: %s %r" % (status, body[:40]))
    count("churn")


def slow_reader():
    s = connect()
    n = 200
    s.sendall(b"GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n" * n)
    got = 0
    f = s.makefile("rb")
    for i in range(n):
        status, body = read_answer(f)
        if status != 200:
            fail("slow reader: answer %d was %s" % (i, status))
            break
        got += 1
        if i % 20 == 0:
            time.sleep(0.05)  # pause reading while the server has output queued
    s.close()
    count("slow_reader_requests", got)


def reset():
    s = connect()
    s.sendall(b"GET /json HTTP/1.1\r\nHost: x\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n")
    if random.random() < 0.5:
        s.recv(1)  # mid-answer
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()  # RST
    count("reset")


def malformed():
    req, want = random.choice(MALFORMED)
    s = connect()
    s.sendall(req)
    f = s.makefile("rb")
    status, _ = read_answer(f)
    if status != want:
        fail("malformed: %r got %s, want %s" % (req[:30], status, want))
    elif f.read(1) != b"":
        fail("malformed: %r not closed" % req[:30])
    s.close()
    count("malformed")


def upload():
    body = bytes(random.getrandbits(8) for _ in range(random.randint(0, 20000)))
    s = connect()
    if random.random() < 0.5:
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    else:
        chunks, p = [], 0
        while p < len(body):
            n = random.randint(1, 4096)
            chunks.append(b"%x\r\n" % len(body[p:p + n]) + body[p:p + n] + b"\r\n")
            p += n
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + b"".join(chunks) + b"0\r\n\r\n")
    status, echoed = read_answer(s.makefile("rb"))
    s.close()
    if status != 200 or echoed != body:
        fail("upload: %s, %d of %d bytes back" % (status, len(echoed), len(body)))
    count("upload")


def worker():
    jobs = [churn, churn, churn, slow_reader, reset, malformed, upload]
    while time.time() < deadline:
        job = random.choice(jobs)
        try:
            job()
        except Exception as e:  # refused, timed out, reset where none was due
            fail("%s: %r" % (job.__name__, e))


ts = [threading.Thread(target=worker) for _ in range(threads)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(json.dumps({"counts": counts, "unexpected": unexpected}), flush=True)
