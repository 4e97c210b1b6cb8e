"""Recording proxies: what passes between a client and a server, byte for byte, in each direction.

A stream proxy (TCP on loopback, or a Unix socket path) relays each connection to the server and
passes a half-close on; a datagram proxy relays each client's datagrams and the replies. Both keep
what they relayed, so two runs of a pair can be compared on the bytes exchanged.
"""

import socket
import threading


class StreamRecorder:
    """Listens at `listen` (a port on 127.0.0.1, or a Unix path) and relays to `target`."""

    def __init__(self, listen, target):
        family = socket.AF_UNIX if isinstance(listen, str) else socket.AF_INET
        self.family, self.target = family, target
        self.listener = socket.socket(family, socket.SOCK_STREAM)
        if family == socket.AF_INET:
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(listen if family == socket.AF_UNIX else ("127.0.0.1", listen))
        self.listener.listen(16)
        self.port = None if family == socket.AF_UNIX else self.listener.getsockname()[1]
        self.connections = []  # [client-to-server bytes, server-to-client bytes], in accept order
        self.lock = threading.Lock()
        self.threads = []
        self._spawn(self._accept)

    def _spawn(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self.threads.append(thread)

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.socket(self.family, socket.SOCK_STREAM)
            try:
                server.connect(self.target if self.family == socket.AF_UNIX else ("127.0.0.1", self.target))
            except OSError:
                client.close()  # the server is not there: the client sees its connection end
                continue
            record = [bytearray(), bytearray()]
            with self.lock:
                self.connections.append(record)
            self._spawn(self._pump, client, server, record[0])
            self._spawn(self._pump, server, client, record[1])

    @staticmethod
    def _pump(source, sink, record):
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                try:
                    sink.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            record += data
            try:
                sink.sendall(data)
            except OSError:
                return

    def exchanges(self):
        """Each connection's two streams, as a sorted list (connections may race each other)."""
        with self.lock:
            return sorted((bytes(up), bytes(down)) for up, down in self.connections)

    def close(self):
        self.listener.close()


class DatagramRecorder:
    """Listens on a UDP port of 127.0.0.1 and relays each client's datagrams to port `target`."""

    def __init__(self, target):
        self.target = target
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.listener.bind(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.upstreams = {}
        self.sent, self.replies = [], []
        threading.Thread(target=self._relay, daemon=True).start()

    def _relay(self):
        while True:
            try:
                data, client = self.listener.recvfrom(65536)
            except OSError:
                return
            self.sent.append(data)
            upstream = self.upstreams.get(client)
            if upstream is None:
                upstream = self.upstreams[client] = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                upstream.connect(("127.0.0.1", self.target))
                threading.Thread(target=self._answer, args=(upstream, client), daemon=True).start()
            upstream.send(data)

    def _answer(self, upstream, client):
        while True:
            try:
                data = upstream.recv(65536)
            except OSError:
                return
            self.replies.append(data)
            try:
                self.listener.sendto(data, client)
            except OSError:
                return

    def exchanges(self):
        return [(tuple(self.sent), tuple(self.replies))]

    def close(self):
        self.listener.close()
        for upstream in self.upstreams.values():
            upstream.close()
