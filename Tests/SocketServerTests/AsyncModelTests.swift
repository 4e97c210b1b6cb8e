import Glibc
import Reactor
import SocketServer
import Synchronization
import Testing

/// Echoes until end-of-file, noting whether each read ran on the server's loop thread.
final class AsyncEchoHandler: AsyncStreamRequestHandler {
    static let offLoop = Atomic<Int>(0)

    override func handle() async throws {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = try await connection.read(into: &buffer), count > 0 {
            if !server.loopHandle.isCurrent { Self.offLoop.add(1, ordering: .relaxed) }
            try await connection.write(buffer[..<count])
        }
    }
}

/// Traces its hooks; `fail` in the first bytes makes handle() throw, `slow` makes it wait for ever.
final class TracingAsyncHandler: AsyncStreamRequestHandler {
    nonisolated(unsafe) static var trace: Trace?

    override func setup() throws { Self.trace?.append("setup") }

    override func handle() async throws {
        Self.trace?.append("handle")
        do {
            let bytes = try await connection.read(maxCount: 100)
            if bytes == Array("fail") { throw AsyncHandlerFailure() }
            try await connection.write(bytes)
        } catch is CancellationError {
            Self.trace?.append("cancelled")
            throw CancellationError()
        }
    }

    override func finish() throws { Self.trace?.append("finish") }
}

/// Reads one request, thinks for 200 ms, then answers it with the same bytes.
final class SlowReplyHandler: AsyncStreamRequestHandler {
    nonisolated(unsafe) static var trace: Trace?

    override func handle() async throws {
        let bytes = try await connection.read(maxCount: 100)
        Self.trace?.append("read")
        do { try await Task.sleep(for: .milliseconds(200)) } catch {
            Self.trace?.append("cancelled")
            throw error
        }
        try await connection.write(bytes)
    }

    override func finish() throws { Self.trace?.append("finish") }
}

struct AsyncHandlerFailure: Error, CustomStringConvertible {
    var description: String { "the handler failed" }
}

/// A TCP server that records what handleError sees.
final class AsyncErrorServer: TCPServer, @unchecked Sendable {
    let errors = Trace()
    override func handleError(_ request: Request, clientAddress: SocketAddress, error: any Error) {
        errors.append("\(error)")
    }
}

@Suite("The .async model", .serialized, .timeLimit(.minutes(1)))
struct AsyncModelTests {
    @Test("an AsyncStreamRequestHandler gets the .async model, and 1,000 concurrent clients are served on the loop thread")
    func thousandClients() throws {
        let server = try TCPServer(address: loopback, handler: AsyncEchoHandler.self, bindAndActivate: false)
        server.requestQueueSize = 1024  // all 1,000 connect at once
        try server.serverBind()
        try server.serverActivate()
        #expect(server.model == .async)
        try serving(server) { server in
            let selector = try Selector()
            defer { selector.close() }
            var done = 0
            var wrong = 0
            var clients: [Socket] = []
            for index in 0..<1000 {
                let socket = try Socket(family: .ipv4, type: .stream)
                socket.isBlocking = false
                _ = try socket.connect(to: server.serverAddress)
                clients.append(socket)
                let message = Array("client \(index)")
                var received: [UInt8] = []
                try selector.register(socket, events: .write) { _, events in
                    if events.contains(.write) {
                        guard (try? socket.send(message)) == message.count else { wrong += 1; return }
                        _ = try? selector.modify(socket, events: .read)
                        return
                    }
                    guard let bytes = try? socket.receive(maxCount: 4096) else { return }
                    received += bytes
                    if received.count >= message.count || bytes.isEmpty {
                        if received != message { wrong += 1 }
                        done += 1
                        socket.close()
                    }
                }
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while done < 1000, ContinuousClock.now < deadline {
                for (key, events) in try selector.select(timeout: .milliseconds(100)) { key.callback(key, events) }
            }
            #expect(done == 1000)
            #expect(wrong == 0)
        }
        #expect(AsyncEchoHandler.offLoop.load(ordering: .relaxed) == 0)
    }

    @Test("setup, handle and finish run in order; an error goes to handleError and the server goes on")
    func hooksAndErrors() throws {
        let trace = Trace()
        TracingAsyncHandler.trace = trace
        defer { TracingAsyncHandler.trace = nil }
        let server = try AsyncErrorServer(address: loopback, handler: TracingAsyncHandler.self)
        try serving(server) { server in
            let failing = try connect(to: server.serverAddress)
            try failing.sendAll("fail")
            #expect(try receiveAll(failing) == [])
            #expect(server.errors.wait { $0 == ["the handler failed"] })
            let good = try connect(to: server.serverAddress)
            try good.sendAll("ok")
            #expect(try good.receive(maxCount: 100) == Array("ok"))
            #expect(trace.wait { $0.count == 6 })
        }
        #expect(trace.all == ["setup", "handle", "finish", "setup", "handle", "finish"])
    }

    @Test("serverClose cancels the handlers' tasks still running at the drain deadline, waits for them, and closes their connections")
    func closeCancelsTasks() throws {
        let trace = Trace()
        TracingAsyncHandler.trace = trace
        defer { TracingAsyncHandler.trace = nil }
        let server = try TCPServer(address: loopback, handler: TracingAsyncHandler.self)
        server.drainTimeout = .milliseconds(200)
        let thread = try ServerThread.start { server.serveForever() }
        let idle = try (0..<3).map { _ in try connect(to: server.serverAddress) }
        #expect(trace.wait { $0.filter { $0 == "handle" }.count == 3 })
        server.shutdown()
        thread.join()
        server.serverClose()
        #expect(trace.count(of: "cancelled") == 3)
        #expect(trace.count(of: "finish") == 3)
        for client in idle { #expect(try receiveAll(client) == []) }
    }

    @Test("serverClose lets a task that is still answering finish before the drain deadline, uncancelled")
    func closeDrainsTasks() throws {
        let trace = Trace()
        SlowReplyHandler.trace = trace
        defer { SlowReplyHandler.trace = nil }
        let server = try TCPServer(address: loopback, handler: SlowReplyHandler.self)
        server.drainTimeout = .seconds(30)
        let thread = try ServerThread.start { server.serveForever() }
        let client = try connect(to: server.serverAddress)
        try client.sendAll("question")
        #expect(trace.wait { $0.contains("read") })
        server.shutdown()
        thread.join()
        server.serverClose()  // while the handler sleeps before its reply
        #expect(try receiveAll(client) == Array("question".utf8))
        #expect(trace.count(of: "cancelled") == 0)
        #expect(trace.count(of: "finish") == 1)
    }

    @Test("handlers and models that do not fit are refused with a typed error")
    func mismatches() throws {
        #expect(throws: SocketServerError.asyncHandlerNeedsAsyncStream(handler: "AsyncEchoHandler", model: .threading)) {
            _ = try TCPServer(address: loopback, handler: AsyncEchoHandler.self, model: .threading)
        }
        #expect(throws: SocketServerError.blockingHandlerOnAsync(handler: "EchoLinesHandler")) {
            _ = try TCPServer(address: loopback, handler: EchoLinesHandler.self, model: .async)
        }
        #expect(throws: SocketServerError.asyncHandlerNeedsAsyncStream(handler: "AsyncEchoHandler", model: nil)) {
            _ = try UDPServer(address: loopback, handler: AsyncEchoHandler.self)
        }
        #expect(SocketServerError.blockingHandlerOnAsync(handler: "H").description
            == "H is a blocking handler: a stream server's .async model needs an AsyncStreamRequestHandler subclass (or choose .synchronous, .threading or .forking)")
    }
}
