"""A client for seed 001's put/get protocol, written here: the seed has its server only.

Usage: ftp_seed_client.py put FILE [NAME] | get NAME DEST   (the server's port from SEED_PORT)

It speaks exactly as the seed's server expects (`put|NAME|SIZE`, wait for `OK`, the bytes;
`get|NAME|0`, `YES|SIZE` or `NO|0`, `second_active`, the bytes) and prints what `socketserver-examples
ftp_client` prints, so that the interop suite can run either client against either server. The
protocol has no answer to an upload: like ftp_client, it half-closes and takes the server's close
as "stored", a `NO|REASON` before it as a refusal.
"""

import os
import socket
import sys


def fail(subject, message):
    print("ftp_client: %s: %s" % (subject, message), file=sys.stderr)
    sys.exit(1)


def answer(sock, subject):
    data = sock.recv(1024)
    if not data:
        fail(subject, "the server closed the connection")
    text = data.decode("utf-8", "replace")
    return text


def put(sock, path, name, subject):
    with open(path, "rb") as f:
        data = f.read()
    sock.sendall(("put|%s|%d" % (name, len(data))).encode())
    ready = answer(sock, subject)
    if ready.startswith("NO|"):
        fail(subject, ready[3:])
    sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)
    after = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        after += chunk
    if after:
        fail(subject, after.decode("utf-8", "replace")[3:])
    print("put %s: %d bytes stored as %s" % (path, len(data), name))


def get(sock, name, destination, subject):
    sock.sendall(("get|%s|0" % name).encode())
    found = answer(sock, subject)
    if found == "NO|0":
        fail(subject, "no such file: %s" % name)
    if found.startswith("NO|"):
        fail(subject, found[3:])
    size = int(found[4:])
    sock.sendall(b"second_active")
    data = b""
    while len(data) < size:
        chunk = sock.recv(min(65536, size - len(data)))
        if not chunk:
            fail(subject, "the connection ended after %d of %d bytes" % (len(data), size))
        data += chunk
    with open(destination, "xb") as f:
        f.write(data)
    print("get %s: %d bytes written to %s" % (name, size, destination))


def main(argv):
    command, operands = argv[0], argv[1:]
    subject = "%s %s" % (command, operands[0])
    sock = socket.create_connection(("127.0.0.1", int(os.environ.get("SEED_PORT", 8885))))
    sock.settimeout(30)
    if command == "put":
        put(sock, operands[0], operands[1] if len(operands) > 1 else os.path.basename(operands[0]), subject)
    else:
        get(sock, operands[0], operands[1], subject)
    sock.close()


if __name__ == "__main__":
    main(sys.argv[1:])
