import Glibc
import Sockets
import Testing

@Suite("Datagram sockets", .timeLimit(.minutes(1)))
struct DatagramTests {
    @Test("UDP: sendTo reaches the server, receiveFrom names the sender, and the reply goes back to it",
          arguments: [("127.0.0.1", Socket.Family.ipv4), ("::1", .ipv6)])
    func udpEcho(host: String, family: Socket.Family) throws {
        let server = try Socket(family: family, type: .datagram)
        try server.bind(to: SocketAddress(host: host, port: 0))
        let serverAddress = try server.localAddress
        let client = try Socket(family: family, type: .datagram)
        let message = [UInt8]("This is the message. It will be repeated.")
        #expect(try client.send(message, to: serverAddress) == message.count)

        // The hot path: receive into a span, reply to the address as received (no conversion).
        var buffer = [UInt8](repeating: 0, count: 4096)
        var span = buffer.mutableSpan
        let (count, sender) = try #require(try server.receiveFrom(into: &span))
        #expect(count == message.count)
        #expect(sender.port == (try client.localAddress).port)  // the client is bound to the wildcard address
        #expect(sender.host == host)
        #expect(try server.send(span.span.extracting(0..<count), to: sender) == count)
        _ = consume span

        let (reply, from) = try #require(try client.receiveFrom(maxCount: 4096))
        #expect(reply == message)
        #expect(from == serverAddress)
        #expect(Array(buffer[0..<count]) == message)
    }

    @Test("receiveFrom(into:sender:) fills the caller's address in place, for each datagram from its own sender")
    func receiveIntoSenderInPlace() throws {
        let server = try Socket(family: .ipv4, type: .datagram)
        try server.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        let serverAddress = try server.localAddress
        let first = try Socket(family: .ipv4, type: .datagram)
        try first.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        let second = try Socket(family: .ipv6, type: .datagram)
        try second.bind(to: SocketAddress(host: "::1", port: 0))
        let server6 = try Socket(family: .ipv6, type: .datagram)
        try server6.bind(to: SocketAddress(host: "::1", port: 0))
        _ = try first.send(Array("one".utf8), to: serverAddress)
        _ = try second.send(Array("two".utf8), to: try server6.localAddress)

        var buffer = [UInt8](repeating: 0, count: 64)
        var span = buffer.mutableSpan
        var sender = serverAddress  // any address: the receive overwrites it
        #expect(try server.receiveFrom(into: &span, sender: &sender) == 3)
        #expect(sender == (try first.localAddress))
        #expect(try server6.receiveFrom(into: &span, sender: &sender) == 3)
        #expect(sender == (try second.localAddress))  // an IPv6 address replaces an IPv4 one whole
        server.isBlocking = false
        #expect(try server.receiveFrom(into: &span, sender: &sender) == nil)
        _ = consume span
        #expect(Array(buffer[0..<3]) == Array("two".utf8))
    }

    @Test("a non-blocking receiveFrom returns nil when no datagram is waiting")
    func nonBlockingReceiveFrom() throws {
        let socket = try Socket(family: .ipv4, type: .datagram)
        try socket.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        socket.isBlocking = false
        #expect(try socket.receiveFrom(maxCount: 16) == nil)
    }

    @Test("Unix datagram sockets exchange datagrams between two bound paths")
    func unixDatagram() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let serverAddress = try SocketAddress(unixPath: directory.file("server.sock"))
        let clientAddress = try SocketAddress(unixPath: directory.file("client.sock"))
        let server = try Socket(family: .unix, type: .datagram)
        try server.bind(to: serverAddress)
        let client = try Socket(family: .unix, type: .datagram)
        try client.bind(to: clientAddress)
        try client.send([UInt8]("ping"), to: serverAddress)
        let (data, sender) = try #require(try server.receiveFrom(maxCount: 64))
        #expect(data == [UInt8]("ping"))
        #expect(sender == clientAddress)
        #expect(sender.path == directory.file("client.sock"))
        try server.send([UInt8]("pong"), to: sender)
        let (reply, from) = try #require(try client.receiveFrom(maxCount: 64))
        #expect(reply == [UInt8]("pong"))
        #expect(from == serverAddress)
    }

    @Test("receiveFrom throws truncated for a datagram longer than the buffer, with its real size; its first bytes are in the buffer")
    func truncation() throws {
        let (left, right) = try Socket.pair(family: .unix, type: .datagram)
        try left.sendAll("0123456789")
        try left.sendAll("abc")
        var buffer = [UInt8](repeating: 0, count: 4)
        var span = buffer.mutableSpan
        #expect(throws: SocketError.truncated(operation: "recvfrom", size: 10, capacity: 4)) { try right.receiveFrom(into: &span) }
        _ = consume span
        #expect(buffer == [UInt8]("0123"))
        #expect(try right.receiveFrom(maxCount: 4)?.bytes == [UInt8]("abc"))  // the next datagram is whole
        right.isBlocking = false
        #expect(try right.receiveFrom(maxCount: 4) == nil)
        // recv, the stream path, cuts short silently, as C and Python do.
        try left.sendAll("0123456789")
        #expect(try right.receive(maxCount: 4) == [UInt8]("0123"))

        let error = SocketError.truncated(operation: "recvfrom", size: 100_000, capacity: 65536)
        #expect(error.description == "recvfrom: a datagram of 100000 bytes was cut to the 65536-byte buffer")
        #expect(error.errno == EMSGSIZE && error.isTruncated && error.datagramSize == 100_000 && error.bufferSize == 65536)
        #expect(!SocketError(errno: EMSGSIZE, operation: "sendto").isTruncated)
    }

    @Test("receiveFrom reports truncation and who sent the datagram, over UDP and Unix datagrams")
    func truncationWithSender() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (serverAddress, clientAddress) in [
            (try SocketAddress(host: "127.0.0.1", port: 0), try SocketAddress(host: "127.0.0.1", port: 0)),
            (try SocketAddress(unixPath: directory.file("s")), try SocketAddress(unixPath: directory.file("c"))),
        ] {
            let server = try Socket(family: serverAddress.family!, type: .datagram)
            try server.bind(to: serverAddress)
            let client = try Socket(family: clientAddress.family!, type: .datagram)
            try client.bind(to: clientAddress)
            try client.send([UInt8](repeating: 7, count: 2000), to: try server.localAddress)
            try client.send([UInt8](repeating: 8, count: 2000), to: try server.localAddress)
            var buffer = [UInt8](repeating: 0, count: 1500)
            var span = buffer.mutableSpan
            var sender = try server.localAddress
            #expect(throws: SocketError.truncated(operation: "recvfrom", size: 2000, capacity: 1500)) {
                try server.receiveFrom(into: &span, sender: &sender)
            }
            #expect(sender == (try client.localAddress))
            #expect(throws: SocketError.truncated(operation: "recvfrom", size: 2000, capacity: 100)) {
                try server.receiveFrom(maxCount: 100)
            }
        }
    }

    @Test("a stream socket's receive into a short buffer keeps the rest for the next receive (no MSG_TRUNC there)")
    func streamIsNotTruncated() throws {
        let (left, right) = try Socket.pair()
        try left.sendAll("0123456789")
        #expect(try right.receive(maxCount: 4) == [UInt8]("0123"))
        #expect(try right.receive(maxCount: 100) == [UInt8]("456789"))
    }
}
