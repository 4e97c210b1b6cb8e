import Glibc
import SocketServer
import Testing

// Lib/test/test_socketserver.py, SocketServerTest: each server class with each model, three
// clients each; the handler echoes one line through rfile/wfile. The forking cases are in
// ForkingTests.swift, each in a process of its own.

let testLine: [UInt8] = Array("hello world\n".utf8)

final class EchoLineHandler: StreamRequestHandler {
    override func handle() throws {
        try wfile.write(try rfile.readLine())
    }
}

final class EchoDatagramHandler: DatagramRequestHandler {
    override func handle() throws {
        try wfile.write(try rfile.readLine())
    }
}

final class ReactorEchoLineHandler: ReactorStreamHandler {
    override func handle() {
        while let line = rfile.readLine() {
            wfile.write(line)
            close()
        }
    }
}

/// test_socketserver's `stream_examine`, three times.
private func streamExamine(_ address: SocketAddress) throws {
    for _ in 0..<3 {
        let client = try connect(to: address)
        defer { client.close() }
        try client.sendAll(testLine)
        #expect(try receiveAll(client) == testLine)
    }
}

/// test_socketserver's `dgram_examine`, three times; a Unix client binds its own path.
private func datagramExamine(_ address: SocketAddress, clientPath: String? = nil) throws {
    for index in 0..<3 {
        let client = try Socket(family: address.family ?? .ipv4, type: .datagram)
        defer { client.close() }
        client.timeout = .seconds(10)
        if let clientPath { try client.bind(to: SocketAddress(unixPath: clientPath + "\(index)")) }
        try client.send(testLine, to: address)
        let (reply, _) = try #require(try client.receiveFrom(maxCount: 100))
        #expect(reply == testLine)
    }
}

/// test_socketserver's `run_server`: serve on a thread, examine, shut down, close; the server's
/// address is the socket's, and the socket is closed afterwards.
private func runServer(_ server: BaseServer, _ examine: (SocketAddress) throws -> Void) throws {
    #expect(server.serverAddress == (try server.socket.localAddress))
    try serving(server) { server in try examine(server.serverAddress) }
    #expect(server.fileDescriptor == -1)
    #expect(server.activeChildren.isEmpty)  // bpo-31151: serverClose waits for the children
}

@Suite("CPython test_socketserver: every server class with every model", .timeLimit(.minutes(1)))
struct CPythonServerCases {
    @Test("TCPServer", arguments: [ProcessingModel.synchronous, .threading])
    func tcp(model: ProcessingModel) throws {
        try runServer(try TCPServer(address: loopback, handler: EchoLineHandler.self, model: model), streamExamine)
    }

    @Test("TCPServer, reactor")
    func tcpReactor() throws {
        try runServer(try TCPServer(address: loopback, handler: ReactorEchoLineHandler.self), streamExamine)
    }

    @Test("ThreadingTCPServer")
    func presetTCP() throws {
        let threading = try ThreadingTCPServer(host: "127.0.0.1", port: 0, handler: EchoLineHandler.self)
        #expect(threading.model == .threading)
        try runServer(threading, streamExamine)
    }

    @Test("TCPServer over IPv6")
    func tcpIPv6() throws {
        let server = try TCPServer(host: "::1", port: 0, handler: EchoLineHandler.self)
        #expect(server.socket.family == .ipv6)
        try runServer(server, streamExamine)
    }

    @Test("UnixStreamServer", arguments: [ProcessingModel.synchronous, .threading])
    func unixStream(model: ProcessingModel) throws {
        let directory = try TemporaryDirectory()
        try runServer(try UnixStreamServer(path: directory.file("s"), handler: EchoLineHandler.self, model: model), streamExamine)
    }

    @Test("UnixStreamServer, reactor")
    func unixStreamReactor() throws {
        let directory = try TemporaryDirectory()
        try runServer(try UnixStreamServer(path: directory.file("s"), handler: ReactorEchoLineHandler.self), streamExamine)
    }

    @Test("UDPServer", arguments: [ProcessingModel.reactor, .synchronous, .threading])
    func udp(model: ProcessingModel) throws {
        try runServer(try UDPServer(address: loopback, handler: EchoDatagramHandler.self, model: model)) { address in
            try datagramExamine(address)
        }
    }

    @Test("ThreadingUDPServer")
    func presetUDP() throws {
        try runServer(try ThreadingUDPServer(address: loopback, handler: EchoDatagramHandler.self)) { try datagramExamine($0) }
    }

    @Test("UnixDatagramServer", arguments: [ProcessingModel.reactor, .synchronous, .threading])
    func unixDatagram(model: ProcessingModel) throws {
        let directory = try TemporaryDirectory()
        let server = try UnixDatagramServer(path: directory.file("s"), handler: EchoDatagramHandler.self, model: model)
        try runServer(server) { try datagramExamine($0, clientPath: directory.file("c")) }
    }
}
