import Glibc
import SocketServer
import Testing

// The seed's traced echo (socketserver_echo.py) shows the order in which the hooks run:
// verify → process → finish → handler init → setup → handle → finish → shutdown → close.

/// A server that records every hook it runs, in order, in `trace`.
final class TracingServer: TCPServer, @unchecked Sendable {
    let trace = Trace()

    override func verifyRequest(_ request: Request, clientAddress: SocketAddress) -> Bool {
        trace.append("verifyRequest")
        return super.verifyRequest(request, clientAddress: clientAddress)
    }
    override func processRequest(_ request: Request, clientAddress: SocketAddress) throws {
        trace.append("processRequest")
        try super.processRequest(request, clientAddress: clientAddress)
    }
    override func finishRequest(_ request: Request, clientAddress: SocketAddress) throws {
        trace.append("finishRequest")
        try super.finishRequest(request, clientAddress: clientAddress)
    }
    override func shutdownRequest(_ request: Request) {
        trace.append("shutdownRequest")
        super.shutdownRequest(request)
    }
    override func closeRequest(_ request: Request) {
        trace.append("closeRequest")
        super.closeRequest(request)
    }
}

final class TracingEchoHandler: BaseRequestHandler {
    var trace: Trace { (server as! TracingServer).trace }

    required init(request: Request, clientAddress: SocketAddress, server: BaseServer) {
        (server as! TracingServer).trace.append("handler.init")
        super.init(request: request, clientAddress: clientAddress, server: server)
    }
    override func setup() throws { trace.append("handler.setup") }
    override func handle() throws {
        trace.append("handler.handle")
        let data = try #require(try request.socket.receive(maxCount: 1024))
        try request.socket.sendAll(data)
    }
    override func finish() throws { trace.append("handler.finish") }
}

final class TracingReactorHandler: ReactorStreamHandler {
    var trace: Trace { (server as! TracingServer).trace }

    required init(request: Request, clientAddress: SocketAddress, server: BaseServer) {
        (server as! TracingServer).trace.append("handler.init")
        super.init(request: request, clientAddress: clientAddress, server: server)
    }
    override func setup() throws { trace.append("handler.setup") }
    override func handle() throws {
        trace.append(rfile.isAtEnd ? "handler.handle(end)" : "handler.handle")
        wfile.write(rfile.readAvailable())
    }
    override func finish() throws { trace.append("handler.finish") }
}

let blockingOrder = [
    "verifyRequest", "processRequest", "finishRequest",
    "handler.init", "handler.setup", "handler.handle", "handler.finish",
    "shutdownRequest", "closeRequest",
]

@Suite("Hook order", .timeLimit(.minutes(1)))
struct HookOrderTests {
    @Test("blocking models run the hooks in the seed's order", arguments: [ProcessingModel.synchronous, .threading])
    func blocking(model: ProcessingModel) throws {
        let server = try TracingServer(address: loopback, handler: TracingEchoHandler.self, model: model)
        try serving(server) { server in
            let client = try connect(to: server.serverAddress)
            try client.sendAll("Hello, world")
            #expect(try client.receive(maxCount: 100) == Array("Hello, world".utf8))
            #expect(server.trace.wait { $0.last == "closeRequest" })
        }
        #expect(server.trace.all == blockingOrder)
    }

    @Test("reactor: handle runs per arrival and at end-of-file, finish once, then shutdown and close")
    func reactor() throws {
        let server = try TracingServer(address: loopback, handler: TracingReactorHandler.self)
        try serving(server) { server in
            let client = try connect(to: server.serverAddress)
            try client.sendAll("Hello")
            #expect(try client.receive(maxCount: 100) == Array("Hello".utf8))
            try client.sendAll(", world")
            #expect(try client.receive(maxCount: 100) == Array(", world".utf8))
            try client.shutdown(.write)
            #expect(try client.receive(maxCount: 100) == [])
            #expect(server.trace.wait { $0.last == "closeRequest" })
        }
        #expect(server.trace.all == [
            "verifyRequest", "processRequest", "finishRequest", "handler.init", "handler.setup",
            "handler.handle", "handler.handle", "handler.handle(end)", "handler.finish",
            "shutdownRequest", "closeRequest",
        ])
    }
}
