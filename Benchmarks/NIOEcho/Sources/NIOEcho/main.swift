// An echo server on SwiftNIO (NIOPosix, one event loop by default), TCP and optionally UDP, as the
// peer of reactor-echo in ./scripts/compare: write what is read, flush once per read burst, stop
// reading while the channel is not writable (NIO's own backpressure), TCP_NODELAY. Prints
// `listening tcp HOST:PORT` (and `listening udp HOST:PORT`) once ready, as reactor-echo does.
//
//   nio-echo [--port P] [--udp P] [--threads N]      # 0 picks a free port
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

final class EchoHandler: ChannelDuplexHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.write(data, promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    // Backpressure: reading pauses while the peer does not take what was written.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { context.read() }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if context.channel.isWritable { context.read() }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

final class DatagramEchoHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.write(data, promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {}  // ICMP errors: go on
}

/// One line on standard output at once (a pipe would otherwise hold it until exit).
func announce(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

func usage() -> Never {
    print("usage: nio-echo [--port P] [--udp P] [--threads N]")
    exit(64)
}

var port = 10000
var udpPort: Int?
var threads = 1
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    guard let value = arguments.next().flatMap({ Int($0) }) else { usage() }
    switch argument {
    case "--port": port = value
    case "--udp": udpPort = value
    case "--threads": threads = value
    default: usage()
    }
}

let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
// Blocking waits, no top-level `await`: valgrind (./scripts/instructions) crashes on this program's
// asynchronous main.
let server = try ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 4096)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(EchoHandler()) }
    }
    .bind(host: "127.0.0.1", port: port).wait()
announce("listening tcp 127.0.0.1:\(server.localAddress?.port ?? port)")
if let udpPort {
    let datagrams = try DatagramBootstrap(group: group)
        .channelOption(.socketOption(.so_reuseaddr), value: 1)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(DatagramEchoHandler()) }
        }
        .bind(host: "127.0.0.1", port: udpPort).wait()
    announce("listening udp 127.0.0.1:\(datagrams.localAddress?.port ?? udpPort)")
}
try server.closeFuture.wait()
