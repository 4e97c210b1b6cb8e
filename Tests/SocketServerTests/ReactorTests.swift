import CommandLineSupport
import Glibc
import SocketServer
import Synchronization
import Testing

/// Counts what every connection of a reactor server does, from any thread.
final class ReactorStats: Sendable {
    let setups = Atomic(0)
    let finishes = Atomic(0)
    let maxOutput = Atomic(0)
    let maxInput = Atomic(0)
    let threads = Mutex<Set<String>>([])
    let finishedIDs = Trace()
}

/// A reactor server carrying `stats` for its handlers; handler errors are counted, not logged.
final class StatsServer: TCPServer, @unchecked Sendable {
    let stats = ReactorStats()
    let errors = Trace()
    override func handleError(_ request: Request, clientAddress: SocketAddress, error: any Error) {
        errors.append("\(error)")
    }
}

/// Echoes every line; records setups, finishes, the threads it runs on and its buffer sizes.
final class CountingEcho: ReactorStreamHandler {
    var stats: ReactorStats { (server as! StatsServer).stats }
    override func setup() throws { stats.setups.add(1, ordering: .relaxed) }
    override func handle() throws {
        stats.threads.withLock { _ = $0.insert(ServerThread.currentName ?? "?") }
        while let line = rfile.readLine() { wfile.write(line) }
    }
    override func finish() throws {
        stats.finishes.add(1, ordering: .relaxed)
        stats.finishedIDs.append("\(clientAddress.port!)")
    }
}

/// Echoes everything at once, and records how much it holds back.
final class BulkEcho: ReactorStreamHandler {
    var stats: ReactorStats { (server as! StatsServer).stats }
    override func handle() throws {
        rfile.peek { wfile.write($0) }
        rfile.skip(rfile.count)
        stats.maxOutput.max(wfile.count, ordering: .relaxed)
    }
}

private func statsServer(_ handler: BaseRequestHandler.Type, backlog: Int32 = 5) throws -> StatsServer {
    let server = try StatsServer(address: loopback, handler: handler, bindAndActivate: false)
    server.requestQueueSize = backlog
    try server.serverBind()
    try server.serverActivate()
    return server
}

@Suite("Reactor model", .timeLimit(.minutes(2)))
struct ReactorTests {
    @Test("1,000 concurrent clients on one thread: all open at once, all echoed, each finished once")
    func thousandClients() throws {
        raiseDescriptorLimit()
        let server = try statsServer(CountingEcho.self, backlog: 1024)
        let stats = server.stats
        let servingThread = try #require(try serving(server) { server -> String? in
            var clients: [Socket] = []
            for _ in 0..<1000 { clients.append(try connect(to: server.serverAddress)) }
            // Every connection is set up and none has ended: 1,000 open at the same time.
            #expect(eventually { stats.setups.load(ordering: .relaxed) == 1000 })
            #expect(stats.finishes.load(ordering: .relaxed) == 0)
            for (index, client) in clients.enumerated() { try client.sendAll("client \(index)\n") }
            for (index, client) in clients.enumerated() { #expect(try receiveLine(client) == "client \(index)\n") }
            for client in clients { client.close() }
            #expect(eventually { stats.finishes.load(ordering: .relaxed) == 1000 })
            return stats.threads.withLock { $0.first }
        })
        #expect(stats.threads.withLock { $0.count } == 1)
        #expect(servingThread.hasPrefix("Thread-"))
        let ids = stats.finishedIDs.all
        #expect(ids.count == 1000 && Set(ids).count == 1000)
    }

    @Test("a peer that does not read: reading pauses at the high-water mark, then everything arrives")
    func backPressure() throws {
        let server = try statsServer(BulkEcho.self)
        let stats = server.stats
        let total = 48 * 1024 * 1024
        let pattern = (0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        try serving(server) { server in
            let client = try connect(to: server.serverAddress)
            client.isBlocking = false
            // Send without reading until the server stops reading too (sends stall for 300 ms).
            var sent = 0
            var stalledSince: ContinuousClock.Instant?
            while sent < total {
                let offset = sent % pattern.count
                if let count = try client.send(Array(pattern[offset...])), count > 0 {
                    sent += count
                    stalledSince = nil
                } else {
                    let now = ContinuousClock.now
                    if let since = stalledSince, now - since > .milliseconds(300) { break }
                    stalledSince = stalledSince ?? now
                    usleep(1000)
                }
            }
            #expect(sent < total)  // the server stopped taking bytes
            // Held back: at most the high-water mark plus one read's echo.
            #expect(stats.maxOutput.load(ordering: .relaxed) <= 65536 + 65536)
            // Now read everything while sending the rest: every byte comes back, in order.
            var received = 0
            var mismatch = false
            var buffer = [UInt8](repeating: 0, count: 65536)
            while received < total {
                if sent < total {
                    let offset = sent % pattern.count
                    if let count = try client.send(Array(pattern[offset..<min(pattern.count, offset + total - sent)])) { sent += count }
                }
                var span = buffer.mutableSpan
                if let count = try client.receive(into: &span) {
                    #expect(count > 0)
                    if count == 0 { break }
                    for index in 0..<count where buffer[index] != pattern[(received + index) % pattern.count] { mismatch = true }
                    received += count
                } else {
                    usleep(200)
                }
            }
            #expect(received == total)
            #expect(!mismatch)
        }
    }

    @Test("finish() runs exactly once whichever side ends the connection")
    func finishOnce() throws {
        final class Closer: ReactorStreamHandler {
            var stats: ReactorStats { (server as! StatsServer).stats }
            override func handle() throws {
                while let line = rfile.readLine() {
                    switch line {
                    case Array("close\n".utf8):
                        wfile.write("bye\n")
                        close()
                        close()  // idempotent
                    case Array("throw\n".utf8):
                        throw HandlerFailure()
                    default:
                        wfile.write(line)
                    }
                }
            }
            override func finish() throws {
                stats.finishedIDs.append("\(clientAddress.port!)")
                wfile.write("never sent twice\n")
                close()  // no second finish
            }
        }
        let server = try StatsServer(address: loopback, handler: Closer.self)
        let thread = try ServerThread.start { server.serveForever() }
        var ports: [UInt16] = []
        // 1. The peer closes.
        let peerCloses = try connect(to: server.serverAddress)
        ports.append(try peerCloses.localAddress.port!)
        try peerCloses.sendAll("x\n")
        #expect(try receiveLine(peerCloses) == "x\n")
        peerCloses.close()
        // 2. The peer resets (SO_LINGER 0).
        let peerResets = try connect(to: server.serverAddress)
        ports.append(try peerResets.localAddress.port!)
        try peerResets.sendAll("y\n")
        #expect(try receiveLine(peerResets) == "y\n")
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(peerResets.fileDescriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        peerResets.close()
        // 3. The handler closes, after its last reply.
        let handlerCloses = try connect(to: server.serverAddress)
        ports.append(try handlerCloses.localAddress.port!)
        try handlerCloses.sendAll("close\n")
        #expect(try receiveAll(handlerCloses) == Array("bye\nnever sent twice\n".utf8))
        // 4. The handler throws.
        let handlerThrows = try connect(to: server.serverAddress)
        ports.append(try handlerThrows.localAddress.port!)
        try handlerThrows.sendAll("throw\n")
        _ = try receiveAll(handlerThrows)
        // 5. The server closes with the connection open.
        let serverCloses = try connect(to: server.serverAddress)
        ports.append(try serverCloses.localAddress.port!)
        try serverCloses.sendAll("z\n")
        #expect(try receiveLine(serverCloses) == "z\n")
        #expect(server.stats.finishedIDs.wait { $0.count == 4 })
        server.shutdown()
        thread.join()
        server.serverClose()
        #expect(server.stats.finishedIDs.all.sorted() == ports.map { "\($0)" }.sorted())
        #expect(server.errors.all == ["the handler failed"])
    }

    @Test("handle() sees bytes as they arrive: a line split over three sends, two lines in one")
    func partialLines() throws {
        final class Lines: ReactorStreamHandler {
            var stats: ReactorStats { (server as! StatsServer).stats }
            override func handle() throws {
                var got: [String] = []
                while let line = rfile.readLine() { got.append(String(decoding: line, as: UTF8.self)) }
                stats.finishedIDs.append("handle \(got) left \(rfile.count)")
                if !got.isEmpty { wfile.write("ok\n") }
            }
        }
        let server = try statsServer(Lines.self)
        try serving(server) { server in
            let client = try connect(to: server.serverAddress)
            let trace = server.stats.finishedIDs
            try client.sendAll("hel")
            #expect(trace.wait { $0.count == 1 })
            try client.sendAll("lo\nwor")
            #expect(try receiveLine(client) == "ok\n")
            try client.sendAll("ld\nagain\n")
            #expect(try receiveLine(client) == "ok\n")
            #expect(trace.all == [
                "handle [] left 3",
                "handle [\"hello\\n\"] left 3",
                "handle [\"world\\n\", \"again\\n\"] left 0",
            ])
        }
    }

    @Test("rfile holds at most inputLimit: a handler that consumes nothing stops the reading")
    func inputLimit() throws {
        final class Hoarder: ReactorStreamHandler {
            override var inputLimit: Int { 10_000 }
            var stats: ReactorStats { (server as! StatsServer).stats }
            override func handle() throws {
                stats.maxInput.max(rfile.count, ordering: .relaxed)
                if rfile.count >= 10_000 { wfile.write("full\n") }
            }
        }
        let server = try statsServer(Hoarder.self)
        try serving(server) { server in
            let client = try connect(to: server.serverAddress)
            try client.sendAll([UInt8](repeating: 1, count: 200_000))
            #expect(try receiveLine(client) == "full\n")
            usleep(50_000)
            #expect(server.stats.maxInput.load(ordering: .relaxed) == 10_000)
        }
    }
}
