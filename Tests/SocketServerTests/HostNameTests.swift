import Glibc
import SocketServer
import Testing

@Suite("Host names", .timeLimit(.minutes(1)))
struct HostNameTests {
    @Test("a server made with a host name binds its first IPv4 address, as Python's bind does")
    func hostName() throws {
        let server = try TCPServer(host: "localhost", port: 0, handler: StreamRequestHandler.self)
        defer { server.serverClose() }
        #expect(server.serverAddress.host == "127.0.0.1")
        #expect(server.serverAddress.port != 0)
        let threading = try ThreadingTCPServer(host: "localhost", port: 0, handler: StreamRequestHandler.self)
        defer { threading.serverClose() }
        #expect(threading.serverAddress.host == "127.0.0.1")
    }

    @Test("a name that does not resolve is refused with the resolver's error")
    func unknownName() {
        #expect {
            try TCPServer(host: "no-such-host.invalid", port: 0, handler: StreamRequestHandler.self)
        } throws: { error in
            guard case .resolver(let resolver) = error as? SocketServerError else { return false }
            return resolver.isUnknownName && "\(error)".contains("no-such-host.invalid")
        }
    }
}
