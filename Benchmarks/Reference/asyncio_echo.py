#!/usr/bin/env python3
"""The peers in Python's asyncio (and uvloop, with --uvloop): an echo Protocol, TCP and UDP.

Back-pressure as asyncio intends it: reading pauses while the transport's write buffer is above its
high-water mark. Prints `listening tcp HOST:PORT` (and `listening udp HOST:PORT`) once ready, as
reactor-echo does. SIGTERM ends it.

    asyncio_echo.py [--port P] [--udp P] [--uvloop]      # 0 picks a free port
"""
import argparse
import asyncio
import signal
import socket


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data):
        self.transport.write(data)

    def pause_writing(self):
        self.transport.pause_reading()

    def resume_writing(self):
        self.transport.resume_reading()


class DatagramEcho(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, sender):
        self.transport.sendto(data, sender)

    def error_received(self, error):
        pass


async def main(args):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    loop.add_signal_handler(signal.SIGINT, stop.set_result, None)
    server = await loop.create_server(Echo, "127.0.0.1", args.port, backlog=4096, reuse_address=True)
    print("listening tcp %s:%d" % server.sockets[0].getsockname(), flush=True)
    if args.udp is not None:
        transport, _ = await loop.create_datagram_endpoint(DatagramEcho, local_addr=("127.0.0.1", args.udp))
        print("listening udp %s:%d" % transport.get_extra_info("sockname"), flush=True)
    await stop


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=10000)
    parser.add_argument("--udp", type=int)
    parser.add_argument("--uvloop", action="store_true")
    args = parser.parse_args()
    if args.uvloop:
        import uvloop
        uvloop.install()
    asyncio.run(main(args))
