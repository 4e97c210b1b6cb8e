import CoreMetrics
import Foundation
import Logging
import MetricsTestKit
import Reactor
import ReactorEcho
import ReactorObservability
import Testing

/// Runs `server` on a thread of its own while `body` runs, then stops it (through its loop's
/// handle), drains for `drain` and closes it.
func servingEcho(_ server: EchoServer, drain: Duration = .zero, _ body: () throws -> Void) throws {
    nonisolated(unsafe) let unsafeServer = server
    try running(stoppedBy: server.loop.handle, {
        unsafeServer.run()
        unsafeServer.drain(timeout: drain)
        unsafeServer.close()
    }, body)
}

/// Runs `serve` on a thread of its own while `body` runs; then stops it through `handle` and
/// waits for it.
func running(stoppedBy handle: EventLoopHandle, _ serve: @escaping @Sendable () -> Void, _ body: () throws -> Void) throws {
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        serve()
        done.signal()
    }
    defer {
        handle.stop()
        done.wait()
    }
    try body()
}

@Suite("reactor-echo logging and metrics (issue 15)", .timeLimit(.minutes(2)))
struct EchoObservabilityTests {
    @Test("with a metrics backend, the echo server publishes connections, bytes and datagrams, per second and at the end")
    func metricsPublished() async throws {
        try await offPool {
            let metrics = TestMetrics()
            var configuration = EchoConfiguration()
            configuration.port = 0
            configuration.udpPort = 0
            configuration.metricsName = "echo-test"
            let server = try withMetricsFactory(metrics) { try EchoServer(configuration: configuration) }
            let tcp = server.listeners[0].address
            let udp = server.listeners[1].address
            let dimensions = [("server", "echo-test"), ("address", "\(tcp)")]
            func total(_ label: String) -> Int64 { (try? metrics.expectCounter(label, dimensions).totalValue) ?? -1 }
            try servingEcho(server) {
                let client = try Socket(family: .ipv4, type: .stream)
                client.timeout = .seconds(10)
                try client.connect(to: tcp)
                try client.sendAll("0123456789")
                var echoed: [UInt8] = []
                while echoed.count < 10 { echoed += try #require(try client.receive(maxCount: 100)) }
                let datagrams = try Socket(family: .ipv4, type: .datagram)
                datagrams.timeout = .seconds(10)
                try datagrams.send(Array("ping".utf8), to: udp)
                #expect(try datagrams.receiveFrom(maxCount: 100)?.bytes == Array("ping".utf8))
                #expect(eventually { total("reactor_bytes_received") == 14 && total("reactor_datagrams") == 1 })
                #expect(try metrics.expectMeter("reactor_connections_active", dimensions).lastValue == 1)
                client.close()
                #expect(eventually { total("reactor_connections_closed") == 1 })
            }
            #expect(total("reactor_connections_accepted") == 1)
            #expect(total("reactor_bytes_sent") == 14)
            #expect(try metrics.expectMeter("reactor_connections_active", dimensions).lastValue == 0)
            #expect(total("reactor_executor_jobs") >= 0)
        }
    }

    @Test("without a backend, no bytes are counted on the per-message path; connections are")
    func noBackend() async throws {
        try await offPool {
            var configuration = EchoConfiguration()
            configuration.port = 0
            let server = try EchoServer(configuration: configuration)
            try servingEcho(server) {
                let client = try Socket(family: .ipv4, type: .stream)
                client.timeout = .seconds(10)
                try client.connect(to: server.listeners[0].address)
                try client.sendAll("abc")
                #expect(try client.receive(maxCount: 10) == Array("abc".utf8))
                client.close()
                usleep(100_000)
            }
            #expect(server.statistics.accepted == 1)
            #expect(server.statistics.closed == 1)
            #expect(server.statistics.bytesReceived == 0)
        }
    }

    @Test("connection lines and diagnostics go to the configured logger, with the peer as metadata")
    func connectionLinesToTheLogger() async throws {
        try await offPool {
            let log = InMemoryEntries()
            var configuration = EchoConfiguration()
            configuration.port = 0
            configuration.logConnections = true
            configuration.logger = Logger(label: "test") { _ in log.handler }
            let server = try EchoServer(configuration: configuration)
            var peer = ""
            try servingEcho(server) {
                let client = try Socket(family: .ipv4, type: .stream)
                try client.connect(to: server.listeners[0].address)
                peer = "\(try client.localAddress)"
                client.close()
                #expect(eventually { log.messages.count == 2 })
            }
            #expect(log.messages == ["accept \(peer)", "close \(peer)"])
            #expect(log.handler.entries.allSatisfy { $0.level == .info && $0.metadata["peer"] == "\(peer)" })
        }
    }

    @Test("--log-level: lines carry the time and level; warning hides the connection lines; a bad level is status 64")
    func logLevelFlag() async throws {
        try await offPool {
            let server = try EchoProcess(["--port", "0", "--log-level", "info"])
            let client = try Socket(family: .ipv4, type: .stream)
            try client.connect(to: try server.address())
            let local = try client.localAddress
            client.close()
            usleep(200_000)
            #expect(server.stop() == 0)
            let log = String(decoding: server.remainingOutput(), as: UTF8.self)
            let accept = try #require(log.split(separator: "\n").first { $0.contains("accept \(local)") })
            #expect(accept.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info reactor-echo: accept \S+ peer=\S+/) != nil, "\(accept)")
            #expect(log.hasPrefix("listening tcp "))  // the listening lines stay plain, for scripts

            let quiet = try EchoProcess(["--port", "0", "--log-level", "warning"])
            let other = try Socket(family: .ipv4, type: .stream)
            try other.connect(to: try quiet.address())
            other.close()
            usleep(200_000)
            #expect(quiet.stop() == 0)
            #expect(!String(decoding: quiet.remainingOutput(), as: UTF8.self).contains("accept"))

            let (status, text) = try runEcho(["--log-level", "chatty"])
            #expect(status == 64)
            #expect(text.hasPrefix("reactor-echo: --log-level must be one of trace, debug, info, notice, warning, error, critical (got 'chatty')"))
        }
    }

    @Test("out of descriptors, the accept pauses (every 100 ms) are logged once in 10 seconds, not each time")
    func pausesRateLimited() async throws {
        try await offPool {
            let server = try EchoProcess(["--port", "0", "--quiet"], wrapper: ["/usr/bin/prlimit", "--nofile=30:30", "--"])
            let address = try server.address()
            var clients: [Socket] = []
            for _ in 0..<40 {
                let client = try Socket(family: .ipv4, type: .stream)
                try client.connect(to: address)
                clients.append(client)
            }
            usleep(1_500_000)  // about 15 pauses
            for client in clients { client.close() }
            #expect(server.stop() == 0)
            let lines = server.standardError().split(separator: "\n").filter { $0.contains("pausing accepts") }
            #expect(lines.count == 1, "\(lines)")
            #expect(lines.first?.contains("accept: Too many open files (errno 24); pausing accepts for 0.1 seconds") == true)
        }
    }
}

/// An `InMemoryLogHandler`-like store that works without the InMemoryLogging module's sharing rules:
/// the handler and its entries, readable from the test.
final class InMemoryEntries: Sendable {
    let handler = CollectingLogHandler()
    var messages: [String] { handler.entries.map { "\($0.message)" } }
}

/// Collects every event it is given.
struct CollectingLogHandler: LogHandler {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: Logger.Message
        let metadata: Logger.Metadata
    }
    private let store = Store()
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        store.append(Entry(level: event.level, message: event.message, metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
    }
    var entries: [Entry] { store.entries }

    final class Store: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Entry] = []
        func append(_ entry: Entry) { lock.withLock { stored.append(entry) } }
        var entries: [Entry] { lock.withLock { stored } }
    }
}

/// Waits up to 10 s for `condition`.
func eventually(_ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        usleep(10_000)
    }
    return try condition()
}

@Suite("reactor-echo --async metrics (issue 15)", .timeLimit(.minutes(1)))
struct AsyncEchoMetricsTests {
    @Test("the task-per-connection server publishes the same metrics, and the jobs its loop's executor ran")
    func asyncMetrics() async throws {
        try await offPool {
            let metrics = TestMetrics()
            var configuration = EchoConfiguration()
            configuration.port = 0
            configuration.metricsName = "async-test"
            let loops = try withMetricsFactory(metrics) { try AsyncEchoLoops(configuration: configuration) }
            let address = loops.listeners[0].address
            let dimensions = [("server", "async-test"), ("address", "\(address)")]
            func total(_ label: String) -> Int64 { (try? metrics.expectCounter(label, dimensions).totalValue) ?? -1 }
            nonisolated(unsafe) let unsafeLoops = loops
            try running(stoppedBy: loops.loop.handle, { unsafeLoops.run() }) {
                let client = try Socket(family: .ipv4, type: .stream)
                client.timeout = .seconds(10)
                try client.connect(to: address)
                try client.sendAll("async")
                #expect(try client.receive(maxCount: 10) == Array("async".utf8))
                #expect(eventually { total("reactor_bytes_received") == 5 && total("reactor_executor_jobs") > 0 })
                client.close()
                #expect(eventually { total("reactor_connections_closed") == 1 })
            }
            #expect(total("reactor_connections_accepted") == 1)
            #expect(total("reactor_bytes_sent") == 5)
        }
    }
}
