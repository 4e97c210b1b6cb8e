import Glibc
import SocketServer
import Synchronization
import Testing

/// Counts the request threads running at once, and the most seen.
final class ConcurrencyGauge: Sendable {
    private let counts = Mutex((now: 0, most: 0, done: 0))
    func enter() { counts.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
    func leave() { counts.withLock { $0.now -= 1; $0.done += 1 } }
    var most: Int { counts.withLock { $0.most } }
    var now: Int { counts.withLock { $0.now } }
    var done: Int { counts.withLock { $0.done } }
}

/// A server whose handlers report to its gauge.
final class GaugedServer: TCPServer, @unchecked Sendable {
    let gauge = ConcurrencyGauge()
}

/// Waits for one line, then answers it; reports to the server's gauge.
final class GaugedLineHandler: StreamRequestHandler {
    override func handle() throws {
        let gauge = (server as! GaugedServer).gauge
        gauge.enter()
        defer { gauge.leave() }
        try wfile.write(try rfile.readLine())
    }
}

// Issue 16, items 7 and 8: 10,000 idle connections made 10,000 threads; a trickling upload or an
// idle client held serverClose() (and so SIGTERM) for as long as the client liked.
@Suite("Threading model: limits and a bounded close", .timeLimit(.minutes(1)))
struct ThreadingLimitsTests {
    @Test("maxThreads bounds the request threads: 60 idle clients get 4 threads, the rest wait and are all served")
    func maxThreads() throws {
        let server = try GaugedServer(address: loopback, handler: GaugedLineHandler.self, model: .threading, bindAndActivate: false)
        server.maxThreads = 4
        server.requestQueueSize = 128
        try server.serverBind()
        try server.serverActivate()
        try serving(server) { server in
            let clients = try (0..<60).map { _ in try connect(to: server.serverAddress) }
            #expect(eventually { server.requestThreadCount == 4 })
            // Every thread inside handle(), waiting for its line, before any line is sent: a thread
            // still starting when the first ones are answered would leave the gauge short of 4.
            #expect(eventually { server.gauge.now == 4 })
            for client in clients { try client.sendAll("go\n") }
            for client in clients { #expect(try receiveLine(client) == "go\n") }
            #expect(eventually { server.gauge.done == 60 && server.requestThreadCount == 0 })
        }
        #expect(server.gauge.most == 4)
    }

    @Test("requestTimeout ends an idle request and a trickling one at their deadline; their threads end")
    func requestTimeout() throws {
        let server = try TCPServer(address: loopback, handler: EchoLinesHandler.self, model: .threading)
        server.requestTimeout = .milliseconds(300)
        try serving(server) { server in
            let idle = try connect(to: server.serverAddress)
            let trickling = try connect(to: server.serverAddress)
            let stop = Flag()
            let sender = try trickle(trickling, until: stop)
            #expect(try receiveAll(idle) == [])  // end-of-file: the server shut the connection down
            let echoed = try receiveAll(trickling)  // the lines echoed, then end-of-file while it still sends
            #expect(!echoed.isEmpty && echoed.allSatisfy { $0 == UInt8(ascii: "x") || $0 == 10 })
            stop.set()
            sender.join()
            #expect(eventually { server.requestThreadCount == 0 })
        }
    }

    @Test("serverClose() ends in bounded time with an idle and a trickling client: drain, then shut down")
    func boundedClose() throws {
        let server = try TCPServer(address: loopback, handler: EchoLinesHandler.self, model: .threading)
        server.drainTimeout = .milliseconds(300)
        let thread = try ServerThread.start { server.serveForever() }
        let idle = try connect(to: server.serverAddress)
        let trickling = try connect(to: server.serverAddress)
        let stop = Flag()
        let sender = try trickle(trickling, until: stop)
        #expect(eventually { server.requestThreadCount == 2 })
        server.shutdown()
        thread.join()
        #expect(try finishesWithoutClients([idle, trickling]) { server.serverClose() })
        #expect(server.requestThreadCount == 0)
        #expect(try receiveAll(idle) == [])
        stop.set()
        sender.join()
    }
}
