import Glibc
import Sockets
import Testing

@Suite("Errors and timeouts", .timeLimit(.minutes(1)))
struct ErrorTests {
    @Test("connecting to a port nobody listens on throws ECONNREFUSED with the address")
    func connectionRefused() throws {
        let (reserved, address) = try makeReservedPort()
        let client = try Socket(family: .ipv4, type: .stream)
        let expected = SocketError(errno: ECONNREFUSED, operation: "connect", address: address)
        #expect(throws: expected) { try client.connect(to: address) }
        #expect(expected.description == "connect 127.0.0.1:\(address.port!): Connection refused (errno 111)")
        #expect(expected.pythonException == "ConnectionRefusedError: [Errno 111] Connection refused")
        _ = reserved
    }

    @Test("binding a port in use throws EADDRINUSE with the address")
    func addressInUse() throws {
        let (listener, address) = try makeListener()
        let second = try Socket(family: .ipv4, type: .stream)
        let error = try #require(throws: SocketError.self) { try second.bind(to: address) }
        #expect(error == SocketError(errno: EADDRINUSE, operation: "bind", address: address))
        #expect(error.description == "bind 127.0.0.1:\(address.port!): Address already in use (errno 98)")
        #expect(error.pythonException == "OSError: [Errno 98] Address already in use")
        _ = listener
    }

    @Test("binding an existing Unix path throws EADDRINUSE naming the path")
    func unixAddressInUse() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let address = try SocketAddress(unixPath: directory.file("s"))
        let first = try Socket(family: .unix, type: .stream)
        try first.bind(to: address)
        let second = try Socket(family: .unix, type: .stream)
        let error = try #require(throws: SocketError.self) { try second.bind(to: address) }
        #expect(error.description == "bind \(directory.file("s")): Address already in use (errno 98)")
    }

    @Test("receive with a 50 ms timeout on a silent peer throws the timeout error")
    func receiveTimeout() throws {
        let (left, right) = try Socket.pair()
        right.timeout = .milliseconds(50)
        #expect(right.timeout == .milliseconds(50))
        #expect(right.isBlocking)
        let start = ContinuousClock.now
        let error = try #require(throws: SocketError.self) { try right.receive(maxCount: 16) }
        #expect(error == .timeout(operation: "recv"))
        #expect(error.description == "recv: timed out")
        #expect(error.pythonException == "TimeoutError: timed out")
        #expect(error.isTimeout && error.errno == ETIMEDOUT)
        #expect(ContinuousClock.now - start >= .milliseconds(45))
        // Data that is there is returned at once.
        try left.sendAll("x")
        #expect(try right.receive(maxCount: 16) == [UInt8]("x"))
    }

    @Test("accept and receiveFrom honour the timeout too")
    func otherTimeouts() throws {
        let (listener, _) = try makeListener()
        listener.timeout = .milliseconds(20)
        #expect(throws: SocketError.timeout(operation: "accept")) { try listener.accept() }
        let udp = try Socket(family: .ipv4, type: .datagram)
        try udp.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        udp.timeout = .milliseconds(20)
        #expect(throws: SocketError.timeout(operation: "recvfrom")) { try udp.receiveFrom(maxCount: 16) }
    }

    @Test("sendAll with a timeout to a peer that never reads throws the timeout error")
    func sendTimeout() throws {
        let (left, right) = try Socket.pair()
        try left.setOption(.sendBufferSize, 4096)
        left.timeout = .milliseconds(50)
        let big = [UInt8](repeating: 7, count: 4 << 20)
        #expect(throws: SocketError.timeout(operation: "send")) { try left.sendAll(big) }
        _ = right
    }

    @Test("a connect with a timeout succeeds on a listening port")
    func connectWithTimeout() throws {
        let (listener, address) = try makeListener()
        let client = try Socket(family: .ipv4, type: .stream)
        client.timeout = .seconds(5)
        #expect(try client.connect(to: address))
        #expect(try listener.accept() != nil)
    }

    @Test("setting isBlocking and timeout moves between Python's three modes")
    func blockingModes() throws {
        let socket = try Socket(family: .ipv4, type: .stream)
        #expect(socket.isBlocking && socket.timeout == nil)
        socket.isBlocking = false
        #expect(socket.timeout == .zero)
        socket.timeout = .seconds(2)
        #expect(socket.isBlocking && socket.timeout == .seconds(2))
        socket.timeout = .seconds(-1)
        #expect(socket.timeout == .zero && !socket.isBlocking)
        socket.isBlocking = true
        #expect(socket.timeout == nil)
        #expect(fcntl(socket.fileDescriptor, F_GETFL) & O_NONBLOCK == 0)
        socket.timeout = .milliseconds(1)
        #expect(fcntl(socket.fileDescriptor, F_GETFL) & O_NONBLOCK != 0)
    }

    @Test("every operation on a closed socket throws EBADF and close is idempotent")
    func closedSocket() throws {
        let socket = try Socket(family: .ipv4, type: .stream)
        #expect(socket.isOpen && socket.fileDescriptor >= 0)
        socket.close()
        socket.close()
        #expect(socket.fileDescriptor == -1 && !socket.isOpen)
        let error = try #require(throws: SocketError.self) { try socket.receive(maxCount: 1) }
        #expect(error == SocketError(errno: EBADF, operation: "recv"))
        #expect(error.description == "recv: Bad file descriptor (errno 9)")
        #expect(throws: SocketError(errno: EBADF, operation: "send")) { try socket.send([1]) }
        #expect(throws: SocketError(errno: EBADF, operation: "accept")) { try socket.accept() }
        #expect(throws: SocketError(errno: EBADF, operation: "listen")) { try socket.listen() }
        #expect(throws: SocketError(errno: EBADF, operation: "getsockname")) { try socket.localAddress }
        #expect(throws: SocketError(errno: EBADF, operation: "setsockopt")) { try socket.setOption(.noDelay, true) }
        let address = try SocketAddress(host: "127.0.0.1", port: 9)
        #expect(throws: SocketError(errno: EBADF, operation: "connect", address: address)) { try socket.connect(to: address) }
        socket.timeout = .seconds(1)  // recorded, harmless
    }

    @Test("receiving on an unconnected TCP socket throws ENOTCONN; listen on UDP throws EOPNOTSUPP")
    func misuse() throws {
        let tcp = try Socket(family: .ipv4, type: .stream)
        #expect(throws: SocketError(errno: ENOTCONN, operation: "recv")) { try tcp.receive(maxCount: 1) }
        #expect(throws: SocketError(errno: ENOTCONN, operation: "getpeername")) { try tcp.peerAddress }
        let udp = try Socket(family: .ipv4, type: .datagram)
        #expect(throws: SocketError(errno: EOPNOTSUPP, operation: "listen")) { try udp.listen() }
    }

    @Test("a reset connection reports ECONNRESET, which isConnectionReset recognises")
    func connectionReset() throws {
        let (client, server) = try makeConnectedTCP()
        // SO_LINGER 0 makes close send RST.
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        #expect(setsockopt(server.fileDescriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size)) == 0)
        server.close()
        let error = try #require(throws: SocketError.self) { try client.receive(maxCount: 16) }
        #expect(error == SocketError(errno: ECONNRESET, operation: "recv"))
        #expect(error.isConnectionReset && !error.isWouldBlock && !error.isTimeout)
        #expect(error.description == "recv: Connection reset by peer (errno 104)")
    }

    @Test("SocketError helpers classify errno values")
    func helpers() {
        #expect(SocketError(errno: EAGAIN, operation: "recv").isWouldBlock)
        #expect(SocketError(errno: EMFILE, operation: "accept").isOutOfDescriptors)
        #expect(SocketError(errno: ENFILE, operation: "accept").isOutOfDescriptors)
        #expect(SocketError(errno: ETIMEDOUT, operation: "connect").isTimeout)
        #expect(SocketError(errno: ETIMEDOUT, operation: "connect").description == "connect: Connection timed out (errno 110)")
        #expect(SocketError(errno: EPIPE, operation: "send").message == "Broken pipe")
        #expect(SocketError.timeout(operation: "recv").message == "timed out")
        #expect(SocketError.timeout(operation: "recv") != SocketError(errno: ETIMEDOUT, operation: "recv"))
    }
}
