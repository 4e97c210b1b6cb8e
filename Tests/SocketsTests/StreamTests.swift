import Glibc
import Sockets
import Testing

@Suite("Stream sockets", .timeLimit(.minutes(1)))
struct StreamTests {
    @Test("TCP over IPv4 echoes a message through accept, sendAll and receive", arguments: [Socket.Family.ipv4, .ipv6])
    func tcpEcho(family: Socket.Family) throws {
        let (listener, address) = try makeListener(family)
        #expect(address.family == family)
        #expect(address.port != 0)
        let client = try Socket(family: family, type: .stream)
        #expect(try client.connect(to: address))
        let (connection, peer) = try #require(try listener.accept())
        #expect(peer == (try client.localAddress))
        #expect(try connection.peerAddress == peer)
        #expect(connection.family == family && connection.type == .stream)

        let message = [UInt8]("This is the message. It will be repeated.")
        try client.sendAll(message)
        // The seed's server: recv(16) in a loop and send back what came.
        var echoed = 0
        while echoed < message.count {
            let chunk = try #require(try connection.receive(maxCount: 16))
            #expect(chunk.count <= 16 && !chunk.isEmpty)
            try connection.sendAll(chunk)
            echoed += chunk.count
        }
        #expect(try receiveExactly(client, message.count) == message)
    }

    @Test("receive(into:) and send(_:) move bytes through caller-owned spans")
    func spanIO() throws {
        let (left, right) = try Socket.pair()
        let message: [UInt8] = [1, 2, 3, 4, 5]
        #expect(try left.send(message.span) == 5)
        var buffer = [UInt8](repeating: 0, count: 8)
        var span = buffer.mutableSpan
        let count = try right.receive(into: &span)
        #expect(count == 5)
        _ = consume span
        #expect(Array(buffer[0..<5]) == message)
    }

    @Test("Socket.pair() gives two connected Unix stream sockets")
    func pair() throws {
        let (parent, child) = try Socket.pair(family: .unix, type: .stream)
        #expect(parent.family == .unix && parent.type == .stream)
        try parent.sendAll("ping")
        #expect(try child.receive(maxCount: 1024) == [UInt8]("ping"))
        try child.sendAll("pong")
        #expect(try parent.receive(maxCount: 1024) == [UInt8]("pong"))
    }

    @Test("a non-blocking receive returns nil when empty, then the data once it arrives")
    func nonBlockingReceive() throws {
        let (left, right) = try Socket.pair()
        right.isBlocking = false
        #expect(!right.isBlocking)
        #expect(right.timeout == .zero)
        #expect(try right.receive(maxCount: 16) == nil)
        var buffer = [UInt8](repeating: 0, count: 4)
        var span = buffer.mutableSpan
        #expect(try right.receive(into: &span) == nil)
        try left.sendAll("data")
        #expect(try right.receive(into: &span) == 4)
        _ = consume span
        #expect(buffer == [UInt8]("data"))
    }

    @Test("receive returns 0 bytes (an empty array) at end-of-file")
    func endOfFile() throws {
        let (left, right) = try Socket.pair()
        left.close()
        #expect(try right.receive(maxCount: 16) == [])
        var buffer = [UInt8](repeating: 0, count: 4)
        var span = buffer.mutableSpan
        #expect(try right.receive(into: &span) == 0)
    }

    @Test("shutdown(.write) half-closes: the peer reads EOF and can still answer")
    func halfClose() throws {
        let (client, server) = try makeConnectedTCP()
        try client.sendAll("request")
        try client.shutdown(.write)
        #expect(try receiveExactly(server, 7) == [UInt8]("request"))
        #expect(try server.receive(maxCount: 16) == [])
        try server.sendAll("response")
        #expect(try receiveExactly(client, 8) == [UInt8]("response"))
        #expect(throws: SocketError(errno: EPIPE, operation: "send")) { try client.sendAll("more") }
    }

    @Test("sendAll delivers a payload far larger than the socket buffers")
    func sendAllLarge() throws {
        let (client, server) = try makeConnectedTCP()
        try client.setOption(.sendBufferSize, 4096)
        let payload = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        server.isBlocking = false
        client.timeout = .seconds(30)
        var received: [UInt8] = []
        received.reserveCapacity(payload.count)
        // Interleave: send a slice, drain what arrived; all on one thread.
        var sent = 0
        while received.count < payload.count {
            if sent < payload.count {
                let end = min(sent + 65_536, payload.count)
                try client.sendAll(Array(payload[sent..<end]))
                sent = end
            }
            while let chunk = try server.receive(maxCount: 65_536), !chunk.isEmpty { received += chunk }
        }
        #expect(received == payload)
    }

    @Test("a non-blocking listener's accept returns nil, then connections that are non-blocking too")
    func nonBlockingAccept() throws {
        let (listener, address) = try makeListener()
        listener.isBlocking = false
        #expect(try listener.accept() == nil)
        let clients = try (0..<3).map { _ in
            let client = try Socket(family: .ipv4, type: .stream)
            try client.connect(to: address)
            return client
        }
        var accepted: [Socket] = []
        while let (connection, _) = try listener.accept() { accepted.append(connection) }
        #expect(accepted.count == clients.count)
        #expect(accepted.allSatisfy { !$0.isBlocking })
        #expect(try accepted[0].receive(maxCount: 4) == nil)
    }

    @Test("a blocking listener's connections are blocking")
    func blockingAccept() throws {
        let (client, server) = try makeConnectedTCP()
        #expect(server.isBlocking && server.timeout == nil)
        _ = client
    }

    @Test("a non-blocking connect reports in-progress or done, and finishConnect confirms it")
    func nonBlockingConnect() throws {
        let (listener, address) = try makeListener()
        let client = try Socket(family: .ipv4, type: .stream)
        client.isBlocking = false
        let connected = try client.connect(to: address)
        if !connected {
            var pollEntry = pollfd(fd: client.fileDescriptor, events: Int16(POLLOUT), revents: 0)
            #expect(poll(&pollEntry, 1, 10_000) == 1)
        }
        try client.finishConnect()
        #expect(try client.peerAddress == address)
        #expect(try listener.accept() != nil)
    }

    @Test("a non-blocking connect to a closed port fails in finishConnect with ECONNREFUSED")
    func nonBlockingConnectRefused() throws {
        let (reserved, address) = try makeReservedPort()
        let client = try Socket(family: .ipv4, type: .stream)
        client.isBlocking = false
        if try client.connect(to: address) == false {
            var pollEntry = pollfd(fd: client.fileDescriptor, events: Int16(POLLOUT), revents: 0)
            #expect(poll(&pollEntry, 1, 10_000) == 1)
        }
        #expect(throws: SocketError(errno: ECONNREFUSED, operation: "connect")) { try client.finishConnect() }
        _ = reserved
    }

    @Test("Unix stream sockets echo through a path in a private directory")
    func unixStream() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("echo.sock")
        let address = try SocketAddress(unixPath: path)
        let listener = try Socket(family: .unix, type: .stream)
        try listener.bind(to: address)
        try listener.listen(backlog: 1)
        #expect(try listener.localAddress == address)
        #expect(try listener.localAddress.description == path)
        let client = try Socket(family: .unix, type: .stream)
        try client.connect(to: address)
        let (connection, peer) = try #require(try listener.accept())
        #expect(peer.path == "")
        #expect(peer.description == "")
        #expect(peer.kind == .unix(path: ""))
        try client.sendAll("hello")
        let data = try receiveExactly(connection, 5)
        try connection.sendAll(data)
        #expect(try receiveExactly(client, 5) == [UInt8]("hello"))
        #expect(try client.peerAddress == address)
    }

    @Test("an abstract Unix address needs no file")
    func abstractUnix() throws {
        let name = "\0reactor-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let address = try SocketAddress(unixPath: name)
        #expect(address.description == "@" + name.dropFirst())
        let listener = try Socket(family: .unix, type: .stream)
        try listener.bind(to: address)
        try listener.listen()
        #expect(try listener.localAddress == address)
        #expect(try listener.localAddress.path == name)
        let client = try Socket(family: .unix, type: .stream)
        try client.connect(to: address)
        #expect(try listener.accept() != nil)
    }
}

/// A TCP port bound on 127.0.0.1 but not listening: connecting to it is refused, and nobody else can take it.
func makeReservedPort() throws -> (Socket, SocketAddress) {
    let socket = try Socket(family: .ipv4, type: .stream)
    try socket.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
    return (socket, try socket.localAddress)
}
