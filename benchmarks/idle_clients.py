"""Opens N keep-alive connections to the server, makes one request on each, then holds them idle
until stdin closes. Prints 'ready' once all are idle."""
import socket
import sys

port, n = int(sys.argv[1]), int(sys.argv[2])
conns = []
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n")
    conns.append(s)
for s in conns:
    got = b""
    while not got.endswith(b"Hello, World!"):
        got += s.recv(4096)
print("ready", flush=True)
sys.stdin.read()
