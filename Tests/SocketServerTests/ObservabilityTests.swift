import CoreMetrics
import Glibc
import InMemoryLogging
import Logging
import MetricsTestKit
import ReactorObservability
@testable import SocketServer
import Testing

/// Echoes what arrives on the loop, as the README's reactor server does.
final class CountedEcho: ReactorStreamHandler {
    override func handle() {
        rfile.peek { wfile.write($0) }
        rfile.skip(rfile.count)
    }
}

/// A logger that keeps its entries, and the handler to read them from.
func memoryLogger(level: Logger.Level = .trace) -> (Logger, InMemoryLogHandler) {
    var handler = InMemoryLogHandler()
    handler.logLevel = level
    return (Logger(label: "test") { _ in handler }, handler)
}

/// Waits up to `timeout` for `condition`.
func eventually(_ timeout: Duration = .seconds(10), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        usleep(10_000)
    }
    return try condition()
}

@Suite("Logging and metrics (issue 15)", .timeLimit(.minutes(1)))
struct ObservabilityTests {
    @Test("handleError logs to the server's logger: Python's line as the message, the client as metadata, the error attached")
    func handleErrorGoesToTheLogger() throws {
        final class Failing: BaseRequestHandler {
            override func handle() throws { throw HandlerFailure() }
        }
        let (logger, log) = memoryLogger()
        let server = try TCPServer(address: loopback, handler: Failing.self)
        server.logger = logger
        let client = try connect(to: server.serverAddress)
        server.handleRequest()
        server.serverClose()
        let entry = try #require(log.entries.first)
        #expect(log.entries.count == 1)
        #expect(entry.level == .error)
        #expect("\(entry.message)".hasPrefix("Exception occurred during processing of request from ('127.0.0.1', "))
        #expect(entry.metadata["client"] == "\(try client.localAddress)")
        #expect(entry.error is HandlerFailure)
        #expect(server.statistics.errors == 1)
    }

    @Test("the default logger writes Python's line alone on standard error: no time, no level, no metadata")
    func defaultLoggerIsPlain() {
        let handler = BackgroundLogHandler(label: "socketserver", format: .plain(prefix: ""))
        let event = LogEvent(
            level: .error, message: "Exception occurred", metadata: ["client": "127.0.0.1:1"], source: nil, file: "", function: "", line: 0)
        #expect(handler.line(for: event) == "Exception occurred")
        let timestamped = BackgroundLogHandler(label: "socketserver", format: .timestamped)
        let line = timestamped.line(for: event)
        #expect(line.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z error socketserver: Exception occurred client=127\.0\.0\.1:1/) != nil, "\(line)")
    }

    @Test("a repeated report goes through once per interval, and the next one says how many were held back")
    func rateLimit() {
        var limit = ReportRateLimit(interval: .seconds(10))
        let start = ContinuousClock.now
        #expect(limit.admit(at: start) == 0)
        for tenth in 1...15 { #expect(limit.admit(at: start + .milliseconds(100 * tenth)) == nil) }
        #expect(limit.admit(at: start + .seconds(10)) == 15)
        #expect(limit.admit(at: start + .seconds(11)) == nil)
        #expect(limit.admit(at: start + .seconds(21)) == 1)
    }

    @Test("with a metrics backend, connections accepted, open and closed, bytes both ways and errors are published")
    func metricsPublished() async throws {
        try await offPool {
            let metrics = TestMetrics()
            let server = try withMetricsFactory(metrics) { try TCPServer(address: loopback, handler: CountedEcho.self) }
            let dimensions = [("server", "TCPServer"), ("address", "\(server.serverAddress)")]
            func total(_ label: String) -> Int64 { (try? metrics.expectCounter(label, dimensions).totalValue) ?? -1 }
            try serving(server) { server in
                let first = try connect(to: server.serverAddress)
                try first.sendAll("hello")
                #expect(try first.receive(maxCount: 100) == Array("hello".utf8))
                let second = try connect(to: server.serverAddress)
                try second.sendAll("!")
                #expect(try second.receive(maxCount: 100) == Array("!".utf8))
                first.close()
                // Published every second while serving.
                #expect(eventually { total("reactor_connections_closed") == 1 && total("reactor_bytes_sent") == 6 })
                #expect(try metrics.expectMeter("reactor_connections_active", dimensions).lastValue == 1)
                second.close()
                #expect(eventually { server.connectionCount == 0 })
            }
            #expect(total("reactor_connections_accepted") == 2)
            #expect(total("reactor_connections_closed") == 2)
            #expect(total("reactor_bytes_received") == 6)
            #expect(total("reactor_bytes_sent") == 6)
            #expect(total("reactor_errors") == 0)
            #expect(try metrics.expectMeter("reactor_connections_active", dimensions).lastValue == 0)
            #expect(server.statistics == {
                var counts = ServerCounts()
                counts.accepted = 2
                counts.closed = 2
                counts.bytesReceived = 6
                counts.bytesSent = 6
                return counts
            }())
        }
    }

    @Test("without a metrics backend, no metrics are made and no timer runs; the counts are still kept")
    func noBackendNoTimer() async throws {
        try await offPool {
            let server = try TCPServer(address: loopback, handler: CountedEcho.self)
            try serving(server) { server in
                let client = try connect(to: server.serverAddress)
                try client.sendAll("abc")
                #expect(try client.receive(maxCount: 100) == Array("abc".utf8))
                #expect(server.metrics == nil)
                #expect(server.metricsTimer == nil)
            }
            #expect(server.statistics.accepted == 1)
            #expect(server.statistics.bytesReceived == 3)
        }
    }

    @Test("a threading server counts a request thread's error and its connection's end")
    func threadingCounts() async throws {
        try await offPool {
            final class FailingLater: StreamRequestHandler {
                override func handle() throws {
                    _ = try rfile.readLine()
                    throw HandlerFailure()
                }
            }
            let (logger, log) = memoryLogger()
            let server = try TCPServer(address: loopback, handler: FailingLater.self, model: .threading)
            server.logger = logger
            try serving(server) { server in
                let client = try connect(to: server.serverAddress)
                try client.sendAll("go\n")
                #expect(try receiveAll(client) == [])
                #expect(eventually { server.requestThreadCount == 0 })
            }
            #expect(server.statistics.accepted == 1)
            #expect(server.statistics.closed == 1)
            #expect(server.statistics.errors == 1)
            #expect(log.entries.map(\.level) == [.error])
        }
    }
}
