import Glibc
import Reactor
import ReactorEcho

extension EchoConfiguration {
    /// A server with one TCP listener on a free loopback port.
    static func loopbackAnyPort() -> EchoConfiguration {
        var configuration = EchoConfiguration()
        configuration.port = 0
        return configuration
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
}

/// A blocking connect, then non-blocking.
func connect(to address: SocketAddress) throws -> Socket {
    let socket = try Socket(family: address.family ?? .ipv4, type: .stream)
    try socket.connect(to: address)
    try socket.setOption(.noDelay, true)
    socket.isBlocking = false
    return socket
}

/// A client on the server's own loop keeping `depth` messages of `size` bytes in flight and
/// checking each echoed byte count; allocates nothing per message.
final class PingPong {
    private let client: Socket
    private let selector: Selector
    private let size: Int
    private let depth: Int
    private let outgoing: UnsafeMutableBufferPointer<UInt8>
    private let incoming: UnsafeMutableBufferPointer<UInt8>
    private var toSend = 0
    private var sent = 0
    private var received = 0
    private var target = 0
    private var failure: String?

    init(client: Socket, selector: Selector, size: Int, depth: Int) throws {
        self.client = client
        self.selector = selector
        self.size = size
        self.depth = depth
        outgoing = .allocate(capacity: size * depth)
        outgoing.initialize(repeating: 0x5A)
        incoming = .allocate(capacity: 65_536)
        try selector.register(client, events: .read) { [unowned(unsafe) self] _, events in
            if events.contains(.read) { readable() }
            if events.contains(.write) { flush() }
        }
    }

    /// Echoes `messages` more messages, then returns.
    func run(messages: Int) {
        target = received + messages * size
        toSend = min(depth * size, target - sent)
        flush()
        selector.run()
        if let failure { fatalError(failure) }
    }

    private func readable() {
        var span = incoming.mutableSpan
        guard let count = try? client.receive(into: &span) else { return }
        guard count > 0 else {
            failure = "the echo server closed the connection"
            return selector.stop()
        }
        let before = received / size
        received += count
        let completed = received / size - before
        if received >= target { return selector.stop() }
        toSend += min(completed * size, target - sent - toSend)
        flush()
    }

    private func flush() {
        while toSend > 0 {
            let chunk = min(toSend, outgoing.count)
            guard let written = try? client.send(UnsafeBufferPointer(outgoing.extracting(0..<chunk)).span) else { break }
            sent += written
            toSend -= written
        }
        let wantsWrite = toSend > 0
        if wantsWrite != watchingWrite {
            watchingWrite = wantsWrite
            _ = try? selector.modify(client, events: wantsWrite ? [.read, .write] : .read)
        }
    }

    private var watchingWrite = false

    func close() {
        client.close()
        outgoing.deallocate()
        incoming.deallocate()
    }
}

/// One connect / echo 64 bytes / close cycle against `server`, driving its loop until the server
/// has closed its side too. The client is plain system calls: it allocates nothing.
func churn(_ server: EchoServer, port: UInt16) throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
    guard fd >= 0 else { throw BenchmarkFailure(description: "socket: errno \(errno)") }
    var open = true
    defer { if open { close(fd) } }
    var peer = sockaddr_in()
    peer.sin_family = sa_family_t(AF_INET)
    peer.sin_port = port.bigEndian
    peer.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let connected = withUnsafePointer(to: &peer) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 || errno == EINPROGRESS else { throw BenchmarkFailure(description: "connect: errno \(errno)") }
    var message = (UInt64(1), UInt64(2), UInt64(3), UInt64(4), UInt64(5), UInt64(6), UInt64(7), UInt64(8))
    var echoed = 0
    var wrote = false
    var spins = 0
    while echoed < 64 {
        server.loop.runOnce(timeout: .milliseconds(10))
        if !wrote {
            wrote = withUnsafeBytes(of: &message) { send(fd, $0.baseAddress, 64, Int32(MSG_NOSIGNAL)) } == 64
        }
        var reply = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        let count = withUnsafeMutableBytes(of: &reply) { recv(fd, $0.baseAddress, 64, 0) }
        if count > 0 { echoed += count }
        spins += 1
        if spins > 1000 { throw BenchmarkFailure(description: "no echo after 1,000 loop turns") }
    }
    close(fd)
    open = false
    // Let the server read end-of-file and close its side, so the next iteration starts clean.
    let before = spins
    while server.connectionCount > 0 {
        server.loop.runOnce(timeout: .milliseconds(10))
        spins += 1
        if spins > before + 1000 { throw BenchmarkFailure(description: "the server did not close") }
    }
}
