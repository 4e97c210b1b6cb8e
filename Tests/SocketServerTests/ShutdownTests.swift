import Glibc
import SocketServer
import Synchronization
import Testing

/// Replies after a pause, so that a shutdown arrives while a request is in flight.
final class SlowEchoHandler: StreamRequestHandler {
    override func handle() throws {
        let line = try rfile.readLine()
        usleep(300_000)
        try wfile.write(line)
    }
}

/// Notes each request it accepts (in the parent, whatever the model).
final class AcceptTracingServer: TCPServer, @unchecked Sendable {
    let trace = Trace()
    override func processRequest(_ request: Request, clientAddress: SocketAddress) throws {
        trace.append("accepted")
        try super.processRequest(request, clientAddress: clientAddress)
    }
}

@Suite("shutdown() and handleRequest()", .timeLimit(.minutes(1)))
struct ShutdownTests {
    @Test("shutdown() from another thread returns promptly: no poll interval", arguments: [ProcessingModel.synchronous, .threading])
    func prompt(model: ProcessingModel) throws {
        let server = try TCPServer(address: loopback, handler: StreamRequestHandler.self, model: model)
        defer { server.serverClose() }
        let thread = try ServerThread.start { server.serveForever() }
        usleep(50_000)  // serveForever is waiting in the loop now
        let clock = ContinuousClock()
        let took = clock.measure { server.shutdown() }
        thread.join()
        // Python's default poll interval is 0.5 s; a wake-up through the loop takes microseconds.
        #expect(took < .milliseconds(100))
    }

    @Test("shutdown() while a request is in flight: the client still gets its reply", arguments: [ProcessingModel.synchronous, .threading])
    func inFlight(model: ProcessingModel) throws {
        let server = try AcceptTracingServer(address: loopback, handler: SlowEchoHandler.self, model: model)
        let thread = try ServerThread.start { server.serveForever() }
        let client = try connect(to: server.serverAddress)
        try client.sendAll("in flight\n")
        // A connection still in the listen backlog is not in flight: closing the listener resets it.
        #expect(server.trace.wait { !$0.isEmpty })
        server.shutdown()
        thread.join()
        server.serverClose()  // joins the thread / waits for the child (blockOnClose)
        #expect(try receiveLine(client) == "in flight\n")
    }

    @Test("shutdown() while a reactor connection has unsent output: serverClose drains it")
    func reactorDrain() throws {
        final class BigReply: ReactorStreamHandler {
            override func handle() {
                guard rfile.readLine() != nil else { return }
                wfile.write([UInt8](repeating: 7, count: 8 * 1024 * 1024))
            }
        }
        let server = try TCPServer(address: loopback, handler: BigReply.self)
        let thread = try ServerThread.start { server.serveForever() }
        let client = try connect(to: server.serverAddress)
        try client.sendAll("go\n")
        usleep(100_000)  // the reply is written: most of it waits in wfile, the client reads nothing yet
        server.shutdown()
        thread.join()
        let reader = try ServerThread.start { [client = UncheckedSocket(client)] in
            UncheckedSocket.received.withLock { $0 = (try? receiveAll(client.socket))?.count ?? -1 }
        }
        server.serverClose()
        reader.join()
        #expect(UncheckedSocket.received.withLock { $0 } == 8 * 1024 * 1024)
    }

    @Test("shutdown() on the loop thread (from a handler) stops serving without waiting for itself")
    func fromHandler() throws {
        final class Stopper: StreamRequestHandler {
            override func handle() throws {
                server.shutdown()
                try wfile.write("stopping\n")
            }
        }
        let server = try TCPServer(address: loopback, handler: Stopper.self)
        let thread = try ServerThread.start { server.serveForever() }
        let client = try connect(to: server.serverAddress)
        #expect(try receiveLine(client) == "stopping\n")
        thread.join()  // serveForever returned
        server.serverClose()
    }

    @Test("a loop signal watcher can shut the server down (Ctrl-C)")
    func signal() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                let server = try TCPServer(address: loopback, handler: StreamRequestHandler.self)
                let watcher = try server.loop.onSignal(SIGUSR1) { _ in server.shutdown() }
                let killer = try ServerThread.start {
                    usleep(100_000)
                    kill(getpid(), SIGUSR1)
                }
                server.serveForever()  // returns only through the watcher
                watcher.cancel()
                killer.join()
                server.serverClose()
            }
        }
    }

    @Test("handleRequest() honours timeout: handleTimeout() runs once the time has passed")
    func handleRequestTimeout() throws {
        final class Server: TCPServer, @unchecked Sendable {
            var timeouts = 0
            override func handleTimeout() { timeouts += 1 }
        }
        let server = try Server(address: loopback, handler: StreamRequestHandler.self)
        defer { server.serverClose() }
        server.timeout = .milliseconds(200)
        let clock = ContinuousClock()
        let took = clock.measure { server.handleRequest() }
        #expect(server.timeouts == 1)
        #expect(took >= .milliseconds(200) && took < .seconds(2))
    }

    @Test("handleRequest() handles one request that arrives within timeout, without handleTimeout()")
    func handleRequestServes() throws {
        final class Server: TCPServer, @unchecked Sendable {
            var timeouts = 0
            override func handleTimeout() { timeouts += 1 }
        }
        let server = try Server(address: loopback, handler: EchoLineHandler.self)
        defer { server.serverClose() }
        server.timeout = .seconds(5)
        let client = try connect(to: server.serverAddress)
        try client.sendAll("one\n")
        server.handleRequest()
        #expect(try receiveLine(client) == "one\n")
        #expect(server.timeouts == 0)
    }

    @Test("serviceActions() runs every poll interval while idle, and after requests")
    func serviceActions() throws {
        final class Server: TCPServer, @unchecked Sendable {
            let calls = Atomic(0)
            override func serviceActions() { calls.add(1, ordering: .relaxed) }
        }
        let server = try Server(address: loopback, handler: StreamRequestHandler.self)
        try serving(server, pollInterval: .milliseconds(20)) { server in
            #expect(eventually { server.calls.load(ordering: .relaxed) >= 3 })
        }
        let idle = try Server(address: loopback, handler: StreamRequestHandler.self)
        try serving(idle, pollInterval: nil) { server in
            usleep(100_000)
            #expect(server.calls.load(ordering: .relaxed) == 0)
            try connect(to: server.serverAddress).close()
            #expect(eventually { server.calls.load(ordering: .relaxed) == 1 })
        }
    }
}

/// Moves a client socket to a reader thread in a test.
struct UncheckedSocket: @unchecked Sendable {
    let socket: Socket
    init(_ socket: Socket) { self.socket = socket }
    static let received = Mutex(0)
}
