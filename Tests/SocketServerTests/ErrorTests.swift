import Glibc
import SocketServer
import Testing

/// Throws from `handle()` after recording that it ran.
struct HandlerFailure: Error, CustomStringConvertible {
    var description: String { "the handler failed" }
}

/// Records `handleError` calls; a handler may throw `HandlerFailure`.
final class ErrorRecordingServer: TCPServer, @unchecked Sendable {
    let trace = Trace()
    override func handleError(_ request: Request, clientAddress: SocketAddress, error: any Error) {
        trace.append("handleError \(clientAddress == (try? request.socket.peerAddress)) \(error)")
    }
    override func shutdownRequest(_ request: Request) {
        trace.append("shutdownRequest")
        super.shutdownRequest(request)
    }
}

final class FailingHandler: StreamRequestHandler {
    override func handle() throws {
        let line = try rfile.readLine()
        if line == Array("fail\n".utf8) { throw HandlerFailure() }
        try wfile.write(line)
    }
    override func finish() throws {
        (server as! ErrorRecordingServer).trace.append("finish")
    }
}

final class FailingReactorHandler: ReactorStreamHandler {
    override func handle() throws {
        while let line = rfile.readLine() {
            if line == Array("fail\n".utf8) { throw HandlerFailure() }
            wfile.write(line)
        }
    }
    override func finish() throws {
        (server as! ErrorRecordingServer).trace.append("finish")
    }
}

@Suite("Errors", .timeLimit(.minutes(1)))
struct ErrorTests {
    @Test("a handler that throws: finish, handleError (with the client), the connection closes, the server goes on",
          arguments: [ProcessingModel.synchronous, .threading, .reactor])
    func handlerThrows(model: ProcessingModel) throws {
        let handler: BaseRequestHandler.Type = model == .reactor ? FailingReactorHandler.self : FailingHandler.self
        let server = try ErrorRecordingServer(address: loopback, handler: handler, model: model)
        try serving(server) { server in
            let failing = try connect(to: server.serverAddress)
            try failing.sendAll("fail\n")
            #expect(try receiveAll(failing) == [])  // closed without a reply
            #expect(server.trace.wait { $0.contains("shutdownRequest") })
            let next = try connect(to: server.serverAddress)
            try next.sendAll("next\n")
            #expect(try receiveLine(next) == "next\n")
        }
        #expect(Array(server.trace.all.prefix(3)) == ["finish", "handleError true the handler failed", "shutdownRequest"])
    }

    @Test("the default handleError writes one line naming the client and the error")
    func defaultHandleErrorLine() async throws {
        let result = try #require(await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            final class Failing: BaseRequestHandler {
                override func handle() throws { throw HandlerFailure() }
            }
            exitAfter {
                let server = try TCPServer(address: loopback, handler: Failing.self)
                _ = try connect(to: server.serverAddress)
                server.handleRequest()
                server.serverClose()
            }
        })
        let text = String(decoding: result.standardErrorContent, as: UTF8.self)
        #expect(text.hasPrefix("Exception occurred during processing of request from ('127.0.0.1', "))
        #expect(text.hasSuffix("): the handler failed\n"))
        #expect(text.split(separator: "\n").count == 1)
    }

    @Test("binding a port in use: the error says bind, the address and EADDRINUSE")
    func portInUse() throws {
        let first = try TCPServer(address: loopback, handler: StreamRequestHandler.self)
        defer { first.serverClose() }
        let address = first.serverAddress
        #expect(throws: SocketServerError.socket(SocketError(errno: EADDRINUSE, operation: "bind", address: address))) {
            try TCPServer(address: address, handler: StreamRequestHandler.self)
        }
        do {
            _ = try TCPServer(address: address, handler: StreamRequestHandler.self)
        } catch {
            #expect(error.description == "bind \(address): Address already in use (errno 98)")
        }
    }

    @Test("a handler that does not fit the model is refused, with the reason")
    func modelMismatch() throws {
        #expect(throws: SocketServerError.blockingHandlerOnReactor(handler: "EchoLineHandler")) {
            try TCPServer(address: loopback, handler: EchoLineHandler.self, model: .reactor)
        }
        #expect(throws: SocketServerError.eventDrivenHandlerNeedsReactor(handler: "ReactorEchoLineHandler", model: .threading)) {
            try TCPServer(address: loopback, handler: ReactorEchoLineHandler.self, model: .threading)
        }
        #expect(throws: SocketServerError.eventDrivenHandlerOnDatagramServer(handler: "ReactorEchoLineHandler")) {
            try UDPServer(address: loopback, handler: ReactorEchoLineHandler.self)
        }
        #expect(SocketServerError.blockingHandlerOnReactor(handler: "H").description
            == "H is a blocking handler: a stream server's .reactor model needs a ReactorStreamHandler subclass (or choose .synchronous, .threading or .forking)")
        #expect(SocketServerError.eventDrivenHandlerNeedsReactor(handler: "H", model: .forking).description
            == "H is an event-driven ReactorStreamHandler: it needs the .reactor model, not .forking")
        #expect(SocketServerError.eventDrivenHandlerOnDatagramServer(handler: "H").description
            == "H is an event-driven ReactorStreamHandler: it serves stream connections, not datagrams")
        // The natural models: blocking stream handler → synchronous, event-driven → reactor, datagram → reactor.
        #expect(try TCPServer(address: loopback, handler: EchoLineHandler.self).closing { $0.model } == .synchronous)
        #expect(try TCPServer(address: loopback, handler: ReactorEchoLineHandler.self).closing { $0.model } == .reactor)
        #expect(try UDPServer(address: loopback, handler: EchoDatagramHandler.self).closing { $0.model } == .reactor)
    }
}

@Suite("Unix socket paths", .timeLimit(.minutes(1)))
struct UnixPathTests {
    @Test("a live Unix socket is refused, and left alone")
    func liveSocketRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("live")
        let first = try UnixStreamServer(path: path, handler: StreamRequestHandler.self)
        defer { first.serverClose() }
        #expect(throws: SocketServerError.unixSocketInUse(path: path)) {
            try UnixStreamServer(path: path, handler: StreamRequestHandler.self)
        }
        #expect(throws: SocketServerError.unixSocketInUse(path: path)) {
            try UnixDatagramServer(path: path, handler: EchoDatagramHandler.self)
        }
        #expect(SocketServerError.unixSocketInUse(path: "/tmp/x.sock").description
            == "bind /tmp/x.sock: a server is already bound there (a live socket is never replaced)")
        // The first server still works.
        let client = try Socket(family: .unix, type: .stream)
        try client.connect(to: first.serverAddress)
    }

    @Test("a live Unix datagram socket is refused too")
    func liveDatagramRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("dgram")
        let first = try UnixDatagramServer(path: path, handler: EchoDatagramHandler.self)
        defer { first.serverClose() }
        #expect(throws: SocketServerError.unixSocketInUse(path: path)) {
            try UnixDatagramServer(path: path, handler: EchoDatagramHandler.self)
        }
    }

    @Test("a stale socket file (nothing listens) is replaced")
    func staleSocketReplaced() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("stale")
        let crashed = try Socket(family: .unix, type: .stream)
        try crashed.bind(to: SocketAddress(unixPath: path))
        crashed.close()  // the file stays: a server that died without cleaning up
        #expect(access(path, F_OK) == 0)
        let server = try UnixStreamServer(path: path, handler: EchoLineHandler.self)
        try serving(server) { server in
            let client = try Socket(family: .unix, type: .stream)
            try client.connect(to: server.serverAddress)
            try client.sendAll("replaced\n")
            #expect(try receiveLine(client) == "replaced\n")
        }
    }

    @Test("a path that is not a socket is refused, and left alone")
    func notASocket() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("file")
        let fd = open(path, O_CREAT | O_WRONLY, 0o600)
        close(fd)
        #expect(throws: SocketServerError.notASocket(path: path)) {
            try UnixStreamServer(path: path, handler: StreamRequestHandler.self)
        }
        #expect(access(path, F_OK) == 0)
        #expect(SocketServerError.notASocket(path: "/tmp/f").description
            == "bind /tmp/f: the path exists and is not a socket (it is never replaced)")
    }

    @Test("a path too long for sun_path is refused with its length")
    func pathTooLong() throws {
        let path = "/tmp/" + String(repeating: "x", count: 120)
        #expect(throws: SocketServerError.address(.unixPathTooLong(path: path, byteCount: 125))) {
            try UnixStreamServer(path: path, handler: StreamRequestHandler.self)
        }
        #expect(SocketServerError.address(.unixPathTooLong(path: path, byteCount: 125)).description
            == "Unix socket path too long: 125 bytes, sun_path holds at most 107 bytes plus NUL: \(path)")
    }

    @Test("serverClose() removes the socket file it made")
    func closeRemovesFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("s")
        let server = try UnixStreamServer(path: path, handler: StreamRequestHandler.self)
        #expect(access(path, F_OK) == 0)
        server.serverClose()
        #expect(access(path, F_OK) == -1)
    }
}
