import Glibc
@testable import SocketServer
import Testing

// Every test that forks runs in an exit test, a process of its own. fork() copies only the
// calling thread, and a Swift runtime lock that another thread held at that moment stays locked
// in the child: with the other suites' threads busy in the same process, a child that needed new
// metadata hung (seen under AddressSanitizer). In its own process, a test forks while its other
// threads are idle: most drive the server with handleRequest() on the client's thread; those that
// need serveForever() on a second thread first run the client's code once (warmUp) so that it
// needs nothing new from the runtime while the server forks.

/// Replies with its process id.
final class PidHandler: StreamRequestHandler {
    override func handle() throws {
        _ = try rfile.readLine()
        try wfile.write("\(getpid())\n")
    }
}

/// Reports the hooks it ran, from the child, on the connection.
final class ChildReportingHandler: BaseRequestHandler {
    var steps: [String] = ["handler.init"]
    override func setup() throws { steps.append("handler.setup") }
    override func handle() throws {
        steps.append("handler.handle")
        _ = try request.socket.receive(maxCount: 1024)
    }
    override func finish() throws {
        steps.append("handler.finish")
        try request.socket.sendAll(steps.joined(separator: ",") + "\n")
    }
}

/// Sleeps, then answers `done`.
final class SlowDoneHandler: StreamRequestHandler {
    override func handle() throws {
        usleep(150_000)
        try wfile.write("done\n")
    }
}

/// Runs the client code of these tests once, against a synchronous server.
func warmUp() throws {
    let server = try TCPServer(address: loopback, handler: EchoLineHandler.self)
    try serving(server) { server in
        let client = try connect(to: server.serverAddress)
        try client.sendAll(testLine)
        _ = try receiveLine(client)
        _ = try receiveAll(client)
    }
}

/// test_socketserver's run_server for a forking stream server, driven from this thread.
func examineForkingStream(_ server: BaseServer) throws {
    try check(server.model == .forking, "the server's model is \(server.model), not forking")
    for _ in 0..<3 {
        let client = try connect(to: server.serverAddress)
        try client.sendAll(testLine)
        server.handleRequest()  // forks; the child echoes
        try check(try receiveAll(client) == testLine, "the forked child did not echo the line")
    }
    server.serverClose()
    // bpo-31151: serverClose waits for the children.
    try check(server.fileDescriptor == -1 && server.activeChildren.isEmpty, "serverClose() left the socket open or children unreaped: \(server.activeChildren)")
}

/// test_socketserver's run_server for a forking datagram server; a Unix client binds a path.
func examineForkingDatagram(_ server: BaseServer, clientPath: String? = nil) throws {
    try check(server.model == .forking, "the server's model is \(server.model), not forking")
    for index in 0..<3 {
        let client = try Socket(family: server.serverAddress.family!, type: .datagram)
        client.timeout = .seconds(10)
        if let clientPath { try client.bind(to: SocketAddress(unixPath: clientPath + "\(index)")) }
        try client.send(testLine, to: server.serverAddress)
        server.handleRequest()
        try check(try client.receiveFrom(maxCount: 100)?.bytes == testLine, "the forked child did not echo the datagram")
    }
    server.serverClose()
    try check(server.fileDescriptor == -1 && server.activeChildren.isEmpty, "serverClose() left the socket open or children unreaped: \(server.activeChildren)")
}

@Suite("Forking model, each case in its own process", .timeLimit(.minutes(1)))
struct ForkingTests {
    @Test("CPython run_server: TCPServer(.forking), ForkingTCPServer, UnixStreamServer(.forking)")
    func streamServers() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                try examineForkingStream(try TCPServer(address: loopback, handler: EchoLineHandler.self, model: .forking))
                try examineForkingStream(try ForkingTCPServer(host: "127.0.0.1", port: 0, handler: EchoLineHandler.self))
                let directory = try TemporaryDirectory()
                try examineForkingStream(try UnixStreamServer(path: directory.file("s"), handler: EchoLineHandler.self, model: .forking))
            }
        }
    }

    @Test("CPython run_server: UDPServer(.forking), ForkingUDPServer, UnixDatagramServer(.forking)")
    func datagramServers() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                try examineForkingDatagram(try UDPServer(address: loopback, handler: EchoDatagramHandler.self, model: .forking))
                try examineForkingDatagram(try ForkingUDPServer(address: loopback, handler: EchoDatagramHandler.self))
                let directory = try TemporaryDirectory()
                let server = try UnixDatagramServer(path: directory.file("s"), handler: EchoDatagramHandler.self, model: .forking)
                try examineForkingDatagram(server, clientPath: directory.file("c"))
            }
        }
    }

    @Test("hook order: the parent verifies, processes and closes its copy; the child runs the handler")
    func hookOrder() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                let server = try TracingServer(address: loopback, handler: ChildReportingHandler.self, model: .forking)
                let client = try connect(to: server.serverAddress)
                try client.sendAll("Hello, world")
                server.handleRequest()
                try check(try receiveLine(client) == "handler.init,handler.setup,handler.handle,handler.finish\n", "the child did not report init, setup, handle, finish in that order")
                server.serverClose()
                try check(server.trace.all == ["verifyRequest", "processRequest", "closeRequest"], "the parent ran \(server.trace.all), not verifyRequest, processRequest, closeRequest")
            }
        }
    }

    @Test("each request runs in its own child; 50 requests leave no zombie")
    func noZombies() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                try warmUp()
                let server = try ForkingTCPServer(address: loopback, handler: PidHandler.self)
                let thread = try ServerThread.start { server.serveForever() }
                var pids: Set<String> = []
                for _ in 0..<50 {
                    let client = try connect(to: server.serverAddress)
                    try client.sendAll("pid?\n")
                    pids.insert(try receiveLine(client))
                    client.close()
                }
                try check(pids.count == 50 && !pids.contains("\(getpid())\n"), "the 50 requests were served by \(pids.count) distinct children (or by the parent itself)")
                // The pidfd watchers reap each child as it exits, while serveForever runs.
                try check(eventually(.seconds(10), { zombieChildren() == 0 }), "zombie children were left while serving")
                server.shutdown()
                thread.join()
                server.serverClose()
                try check(server.activeChildren.isEmpty && zombieChildren() == 0, "children or zombies were left after serverClose()")
            }
        }
    }

    @Test("shutdown() while a request is in flight: the client still gets its reply")
    func inFlight() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                try warmUp()
                let server = try AcceptTracingServer(address: loopback, handler: SlowEchoHandler.self, model: .forking)
                let thread = try ServerThread.start { server.serveForever() }
                let client = try connect(to: server.serverAddress)
                try client.sendAll("in flight\n")
                try check(server.trace.wait { !$0.isEmpty }, "the request was not accepted within 10 s")
                server.shutdown()
                thread.join()
                server.serverClose()  // waits for the child (blockOnClose)
                try check(try receiveLine(client) == "in flight\n", "the request in flight got no reply after shutdown()")
            }
        }
    }

    @Test("maxChildren bounds the children alive at once; the other clients wait and are served")
    func maxChildren() async {
        await #expect(processExitsWith: .success) {
            final class Server: TCPServer, @unchecked Sendable {
                var mostChildren = 0
                override func processRequest(_ request: Request, clientAddress: SocketAddress) throws {
                    try super.processRequest(request, clientAddress: clientAddress)
                    mostChildren = max(mostChildren, activeChildren.count)
                }
            }
            exitAfter {
                try warmUp()
                let server = try Server(address: loopback, handler: SlowDoneHandler.self, model: .forking, bindAndActivate: false)
                server.maxChildren = 2
                server.requestQueueSize = 16
                try server.serverBind()
                try server.serverActivate()
                let start = ContinuousClock.now
                try serving(server) { server in
                    let clients = try (0..<6).map { _ in try connect(to: server.serverAddress) }
                    for client in clients { try check(try receiveLine(client) == "done\n", "a client waiting for a child slot was not served") }
                }
                try check(server.mostChildren == 2, "at most \(server.mostChildren) children were alive at once, not maxChildren (2)")
                try check(ContinuousClock.now - start >= .milliseconds(450), "six 150 ms requests two at a time took less than 450 ms")  // three rounds of two
            }
        }
    }

    @Test("serverClose() with blockOnClose waits for the children; without, it does not")
    func blockOnClose() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                for block in [true, false] {
                    let server = try ForkingTCPServer(address: loopback, handler: SlowDoneHandler.self)
                    server.blockOnClose = block
                    let client = try connect(to: server.serverAddress)
                    server.handleRequest()
                    try check(server.activeChildren.count == 1, "the request made \(server.activeChildren.count) children, not one")
                    let clock = ContinuousClock()
                    let took = clock.measure { server.serverClose() }
                    if block {
                        try check(took >= .milliseconds(100) && server.activeChildren.isEmpty, "serverClose() with blockOnClose took \(took) or left children")
                    } else {
                        try check(took < .milliseconds(100) && server.activeChildren.count == 1, "serverClose() without blockOnClose took \(took) or had already reaped the child")
                        server.collectChildren(blocking: true)
                    }
                    client.close()
                }
            }
        }
    }

    @Test("a forked child does not keep the listening port: it is free once the server closes")
    func childReleasesListener() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                // SO_REUSEADDR on both: the accepted connection still uses the port (and inherits
                // the listener's flag); only another listener on the port would refuse the bind.
                let server = try ForkingTCPServer(address: loopback, handler: SlowDoneHandler.self, bindAndActivate: false)
                server.allowReuseAddress = true
                try server.serverBind()
                try server.serverActivate()
                server.blockOnClose = false
                let address = server.serverAddress
                let client = try connect(to: address)
                server.handleRequest()
                usleep(50_000)  // the child has started (and closed its copy of the listener)
                server.serverClose()  // the child is still in its 150 ms handler
                let again = try TCPServer(address: address, handler: StreamRequestHandler.self, bindAndActivate: false)
                again.allowReuseAddress = true
                try again.serverBind()
                try again.serverActivate()
                again.serverClose()
                server.collectChildren(blocking: true)
                client.close()
            }
        }
    }

    @Test("a forking server reaps only its own children: another child's status is left for its owner")
    func foreignChild() async {
        // CPython's simple_subprocess (issue 1540386): the server must not waitpid(-1).
        await #expect(processExitsWith: .success) {
            exitAfter {
                var pid: pid_t = 0
                let words: [String] = ["/bin/sh", "-c", "sleep 0.2; exit 72"]
                var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
                defer { argv.forEach { free($0) } }
                try check(posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ) == 0, "posix_spawn of the foreign child failed")
                let server = try ForkingTCPServer(address: loopback, handler: EchoLineHandler.self)
                for _ in 0..<3 {
                    let client = try connect(to: server.serverAddress)
                    try client.sendAll("hello\n")
                    server.handleRequest()
                    try check(try receiveLine(client) == "hello\n", "the forked child did not echo \"hello\"")
                }
                usleep(300_000)  // the foreign child has exited meanwhile
                server.timeout = .milliseconds(100)
                server.handleRequest()  // nothing comes: the loop runs, its watchers fire
                server.serverClose()
                var status: Int32 = 0
                try check(waitpid(pid, &status, 0) == pid && status >> 8 == 72, "the foreign child's status was taken by the server, or it did not exit with 72")
            }
        }
    }

    @Test("a handler that throws goes to handleError in the child")
    func handlerThrows() async {
        // CPython's ErrorHandlerTest.test_forking_handled.
        await #expect(processExitsWith: .success) {
            final class Failing: BaseRequestHandler {
                override func handle() throws { throw HandlerFailure() }
            }
            final class Server: TCPServer, @unchecked Sendable {
                override func handleError(_ request: Request, clientAddress: SocketAddress, error: any Error) {
                    _ = try? request.socket.sendAll("handled: \(error)\n")
                }
            }
            exitAfter {
                let server = try Server(address: loopback, handler: Failing.self, model: .forking)
                let client = try connect(to: server.serverAddress)
                try client.sendAll("fail\n")
                server.handleRequest()
                try check(try receiveLine(client) == "handled: the handler failed\n", "the child did not send handleError's reply")
                server.serverClose()  // waits for the child
                try check(server.activeChildren.isEmpty, "serverClose() left the child \(server.activeChildren) unreaped")
            }
        }
    }
}

/// Children of this process that are zombies (exited, not reaped).
func zombieChildren() -> Int {
    guard let directory = opendir("/proc") else { return -1 }
    defer { closedir(directory) }
    let me = getpid()
    var zombies = 0
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        guard Int32(name) != nil, let file = fopen("/proc/\(name)/stat", "r") else { continue }
        var line = [CChar](repeating: 0, count: 512)
        fgets(&line, 512, file)
        fclose(file)
        // "pid (comm) S ppid ...": the fields after the last ')'.
        let text = line.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard let close = text.lastIndex(of: ")") else { continue }
        let fields = text[text.index(after: close)...].split(separator: " ")
        if fields.count > 1, fields[0] == "Z", Int32(fields[1]) == me { zombies += 1 }
    }
    return zombies
}
