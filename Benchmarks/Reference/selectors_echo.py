#!/usr/bin/env python3
"""The peer in Python's selectors: the seeds' selectors_echo_server.py made a benchmark server.

Callbacks in key.data, as the seed does; the C reference's policy: read up to 64 KiB, write what was
read, keep the unwritten rest and stop reading until it drains. TCP_NODELAY on accepted sockets.
Prints `listening tcp HOST:PORT` (and `listening udp HOST:PORT`) once ready, as reactor-echo does.

    selectors_echo.py [--port P] [--udp P]      # 0 picks a free port
"""
import argparse
import selectors
import socket

sel = selectors.DefaultSelector()


def accept(listener, mask):
    while True:
        try:
            conn, _ = listener.accept()
        except BlockingIOError:
            return
        conn.setblocking(False)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sel.register(conn, selectors.EVENT_READ, echo)


def close(conn):
    sel.unregister(conn)
    conn.close()


def echo(conn, mask):
    try:
        data = conn.recv(65536)
    except (BlockingIOError, InterruptedError):
        return
    except OSError:
        return close(conn)
    if not data:
        return close(conn)
    try:
        sent = conn.send(data)
    except BlockingIOError:
        sent = 0
    except OSError:
        return close(conn)
    if sent < len(data):
        pending[conn] = data[sent:]
        sel.modify(conn, selectors.EVENT_WRITE, flush)


pending = {}


def flush(conn, mask):
    data = pending[conn]
    try:
        sent = conn.send(data)
    except BlockingIOError:
        return
    except OSError:
        del pending[conn]
        return close(conn)
    if sent < len(data):
        pending[conn] = data[sent:]
        return
    del pending[conn]
    sel.modify(conn, selectors.EVENT_READ, echo)


def datagrams(sock, mask):
    for _ in range(64):
        try:
            data, sender = sock.recvfrom(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            continue
        try:
            sock.sendto(data, sender)
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=10000)
    parser.add_argument("--udp", type=int)
    args = parser.parse_args()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(4096)
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ, accept)
    print("listening tcp %s:%d" % listener.getsockname(), flush=True)
    if args.udp is not None:
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", args.udp))
        udp.setblocking(False)
        sel.register(udp, selectors.EVENT_READ, datagrams)
        print("listening udp %s:%d" % udp.getsockname(), flush=True)
    try:
        while True:
            for key, mask in sel.select():
                key.data(key.fileobj, mask)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
