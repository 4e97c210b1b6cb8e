import ArgumentParser
import CommandLineSupport
import ConsoleOutput
import Glibc
import SocketServer

// socketserver_echo.py: every hook logs itself as it runs, under its Python name, which shows the
// order they run in; the log goes to standard error, as Python's `logging` sends it.

final class TracedEchoHandler: BaseRequestHandler {
    private func log(_ message: String) { Console.log("EchoRequestHandler", message) }

    required init(request: Request, clientAddress: SocketAddress, server: BaseServer) {
        Console.log("EchoRequestHandler", "__init__")
        super.init(request: request, clientAddress: clientAddress, server: server)
    }

    override func setup() throws {
        log("setup")
        try super.setup()
    }

    override func handle() throws {
        log("handle")
        // Echo it back to the client.
        let data = try request.socket.receive(maxCount: 1024) ?? []
        log("recv()->\"\(pythonBytes(data))\"")
        _ = try request.socket.send(data)
    }

    override func finish() throws {
        log("finish")
        try super.finish()
    }
}

final class TracedEchoServer: TCPServer, @unchecked Sendable {
    private func log(_ message: String) { Console.log("EchoServer", message) }

    override init(
        address: SocketAddress, handler: BaseRequestHandler.Type, model: ProcessingModel? = nil, bindAndActivate: Bool = true
    ) throws(SocketServerError) {
        Console.log("EchoServer", "__init__")
        try super.init(address: address, handler: handler, model: model, bindAndActivate: bindAndActivate)
    }

    override func serverActivate() throws(SocketServerError) {
        log("server_activate")
        try super.serverActivate()
    }

    override func serveForever(pollInterval: Duration? = .milliseconds(500)) {
        log("waiting for request")
        log("Handling requests, press <Ctrl-C> to quit")
        super.serveForever(pollInterval: pollInterval)
    }

    override func handleRequest() {
        log("handle_request")
        super.handleRequest()
    }

    override func verifyRequest(_ request: Request, clientAddress: SocketAddress) -> Bool {
        log("verify_request(\(request), \(clientAddress.pythonDescription))")
        return super.verifyRequest(request, clientAddress: clientAddress)
    }

    override func processRequest(_ request: Request, clientAddress: SocketAddress) throws {
        log("process_request(\(request), \(clientAddress.pythonDescription))")
        try super.processRequest(request, clientAddress: clientAddress)
    }

    override func serverClose() {
        log("server_close")
        super.serverClose()
    }

    override func finishRequest(_ request: Request, clientAddress: SocketAddress) throws {
        log("finish_request(\(request), \(clientAddress.pythonDescription))")
        try super.finishRequest(request, clientAddress: clientAddress)
    }

    override func closeRequest(_ request: Request) {
        log("close_request(\(request))")
        super.closeRequest(request)
    }

    override func shutdown() {
        log("shutdown()")
        super.shutdown()
    }
}

struct TracedEcho: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socketserver_echo", abstract: "socketserver_echo.py: an echo server that logs every hook it runs.")

    func run() throws {
        let server = try TracedEchoServer(address: try SocketAddress(host: "127.0.0.1", port: 0), handler: TracedEchoHandler.self)
        let thread = try ServerThread.start(target: "serve_forever") { server.serveForever() }
        let client = "client"
        Console.log(client, "Server on \(server.serverAddress)")
        Console.log(client, "creating socket")
        let socket = try Socket(family: .ipv4, type: .stream)
        socket.timeout = .seconds(10)
        Console.log(client, "connecting to server")
        try socket.connect(to: server.serverAddress)
        let message = Array("Hello, world".utf8)
        Console.log(client, "sending data: \(pythonBytes(message))")
        let sent = try socket.send(message) ?? 0
        Console.log(client, "waiting for response")
        let response = try socket.receive(maxCount: sent) ?? []
        Console.log(client, "response from server: \(pythonBytes(response))")
        server.shutdown()
        thread.join()
        Console.log(client, "closing socket")
        socket.close()
        Console.log(client, "done")
        server.socket.close()  // the seed's `server.socket.close()`: server_close() never runs
    }
}
