import Glibc
import Sockets
import Testing

@Suite("makeConnection (create_connection)", .timeLimit(.minutes(1)))
struct MakeConnectionTests {
    @Test("connects to the first address that accepts, with the family and protocol getaddrinfo gave")
    func connects() throws {
        let (listener, address) = try makeListener()
        let port = try #require(address.port)
        for host in ["127.0.0.1", "localhost"] {
            let socket = try Socket.makeConnection(host: host, port: port, timeout: .seconds(5))
            let (server, peer) = try #require(try listener.accept())
            #expect(socket.family == .ipv4 && socket.type == .stream && socket.protocol == Int32(IPPROTO_TCP))
            #expect(socket.timeout == .seconds(5))
            #expect(try socket.peerAddress == address && peer == (try socket.localAddress))
            try socket.sendAll("ping")
            #expect(try receiveExactly(server, 4) == [UInt8]("ping"))
        }
    }

    @Test("binds the source address first when given one")
    func sourceAddress() throws {
        let (listener, address) = try makeListener()
        let socket = try Socket.makeConnection(
            host: "127.0.0.1", port: try #require(address.port), sourceAddress: SocketAddress(host: "127.0.0.1", port: 0))
        let (_, peer) = try #require(try listener.accept())
        #expect(peer == (try socket.localAddress))
    }

    @Test("a refused connection is ConnectionError.connect with each attempt's SocketError")
    func refused() throws {
        // A port bound and not listening refuses connections, and stays ours while the test runs (a
        // closed listener's port may be taken by another test meanwhile).
        let holder = try Socket(family: .ipv4, type: .stream)
        defer { holder.close() }
        try holder.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        let address = try holder.localAddress
        let port = try #require(address.port)
        let error = try #require(throws: ConnectionError.self) { try Socket.makeConnection(host: "127.0.0.1", port: port) }
        #expect(error == .connect(host: "127.0.0.1", port: port, attempts: [
            SocketError(errno: ECONNREFUSED, operation: "connect", address: address),
        ]))
        #expect(error.description == "connect 127.0.0.1:\(port): Connection refused (errno 111)")
        #expect(error.pythonDescription == "[Errno 111] Connection refused")
        #expect(error.pythonException == "ConnectionRefusedError: [Errno 111] Connection refused")
    }

    @Test("a host that does not resolve is ConnectionError.resolve with the resolver's error")
    func unresolvable() throws {
        let error = try #require(throws: ConnectionError.self) {
            try Socket.makeConnection(host: "nosuchname.invalid", port: 10000)
        }
        guard case let .resolve(resolverError) = error else { Issue.record("not a resolve error: \(error)"); return }
        #expect(resolverError.subject == "nosuchname.invalid:10000")
        #expect(error.description == resolverError.description && error.pythonDescription == resolverError.pythonDescription)
    }

    @Test("several failed attempts are counted in the description; none at all is said so")
    func descriptions() throws {
        let first = SocketError(errno: ECONNREFUSED, operation: "connect", address: try SocketAddress(host: "::1", port: 1))
        let second = SocketError(errno: ECONNREFUSED, operation: "connect", address: try SocketAddress(host: "127.0.0.1", port: 1))
        let both = ConnectionError.connect(host: "localhost", port: 1, attempts: [first, second])
        #expect(both.description
            == "connect localhost port 1: 2 addresses failed, the last: connect 127.0.0.1:1: Connection refused (errno 111)")
        let none = ConnectionError.connect(host: "localhost", port: 1, attempts: [])
        #expect(none.description == "connect localhost port 1: the resolver returned no address")
        #expect(none.pythonDescription == "getaddrinfo returns an empty list")
        #expect(none.lastError == nil)
    }
}
