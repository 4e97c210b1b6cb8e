import Glibc
@testable import SocketServer
import Synchronization
import Testing

/// Answers every line with 17 bytes, as menu_server's reactor handler does; notes the most lines
/// one `handle()` took. Its kernel send buffer is kept small (4 KiB), so what a peer does not read
/// soon waits in `wfile`.
final class LineAnswerer: ReactorStreamHandler {
    static let reply = "请重新输入.\n"

    override func setup() throws {
        try request.socket.setOption(.sendBufferSize, 4096)
        wfile.write("welcome\n")
    }

    override func handle() {
        var lines = 0
        while rfile.readLine() != nil {
            lines += 1
            wfile.write(Self.reply)
        }
        let server = server as! AnsweringServer
        server.mostLinesPerTurn = max(server.mostLinesPerTurn, lines)
        server.lines += lines
    }
}

/// Loop-thread counters of a `LineAnswerer` server.
final class AnsweringServer: TCPServer, @unchecked Sendable {
    var mostLinesPerTurn = 0
    var lines = 0
}

/// Runs `body` on `server`'s loop thread and returns its result.
func onLoop<T: Sendable>(_ server: BaseServer, _ body: @escaping @Sendable () -> T) throws -> T {
    let result = Mutex<T?>(nil)
    try server.loopHandle.execute { result.withLock { $0 = body() } }
    try #require(eventually { result.withLock { $0 != nil } })
    return result.withLock { $0! }
}

/// A new client gets its welcome, and its answer to one line.
func expectServed(at address: SocketAddress) throws {
    let fresh = try connect(to: address)
    #expect(try receiveLine(fresh) == "welcome\n")
    try fresh.sendAll("0\n")
    #expect(try receiveLine(fresh) == LineAnswerer.reply)
}

/// Sends newlines on every peer until none has taken a byte for 200 ms (the server stopped reading).
func floodUntilStalled(_ peers: [Socket]) throws {
    let newlines = [UInt8](repeating: 10, count: 65536)
    var stalledRounds = 0
    while stalledRounds < 20 {
        var progress = false
        for peer in peers where (try peer.send(newlines) ?? 0) > 0 { progress = true }
        if progress {
            stalledRounds = 0
        } else {
            stalledRounds += 1
            usleep(10_000)
        }
    }
}

// Issue 16, item 2: with peers that sent only newlines and never read, menu_server's reactor
// model grew by about 1.1 MiB per peer (the high-water mark was checked between reads only, and
// one 64 KiB read is 65,536 requests), and newline floods delayed other clients.
@Suite("Reactor model: the output bound and the per-turn budget", .timeLimit(.minutes(2)))
struct ReactorBoundsTests {
    @Test("peers that send only newlines and never read hold at most the high-water mark of output each; a new client is served")
    func boundedPerPeer() throws {
        let server = try AnsweringServer(address: loopback, handler: LineAnswerer.self)
        try serving(server) { server in
            let peers = try (0..<20).map { _ in try connect(to: server.serverAddress) }
            for peer in peers { peer.isBlocking = false }
            try floodUntilStalled(peers)
            let held = try onLoop(server) { server.connections.all.map { ($0.held.count, $0.output.count) } }
            #expect(held.count == 20)
            for (input, output) in held {
                #expect(input <= 65536)
                #expect(output <= 65536 + LineAnswerer.reply.utf8.count, "\(output) bytes waiting for a peer that does not read")
            }
            try expectServed(at: server.serverAddress)
        }
    }

    @Test("newline floods from peers that read yield to a new client: one handle() takes at most inputBudget lines a turn")
    func floodsYield() throws {
        let server = try AnsweringServer(address: loopback, handler: LineAnswerer.self)
        try serving(server) { server in
            let flooders = try (0..<10).map { _ in try connect(to: server.serverAddress) }
            for flooder in flooders { flooder.isBlocking = false }
            let stop = Flag()
            let flood = try ServerThread.start { [flooders = UncheckedSockets(flooders)] in
                let newlines = [UInt8](repeating: 10, count: 65536)
                var sink = [UInt8](repeating: 0, count: 65536)
                while !stop.isSet {
                    for flooder in flooders.sockets {
                        _ = try? flooder.send(newlines)
                        var span = sink.mutableSpan
                        while let count = try? flooder.receive(into: &span), count > 0 {}
                    }
                }
            }
            defer {
                stop.set()
                flood.join()
            }
            #expect(eventually { (try? onLoop(server) { server.lines }) ?? 0 > 100_000 })  // the flood is on
            try expectServed(at: server.serverAddress)
            let atReply = try onLoop(server) { server.lines }
            #expect(eventually { (try? onLoop(server) { server.lines }) ?? 0 > atReply })  // served amid the flood
            #expect(try onLoop(server) { server.mostLinesPerTurn } <= 64)
        }
    }

    @Test("input held back is answered in full: 300,000 lines while reading, and 100,000 then end-of-file")
    func heldBackInputIsAnswered() throws {
        let server = try AnsweringServer(address: loopback, handler: LineAnswerer.self)
        let reply = Array(LineAnswerer.reply.utf8)
        try serving(server) { server in
            for (lines, halfClose) in [(300_000, false), (100_000, true)] {
                let client = try connect(to: server.serverAddress)
                #expect(try receiveLine(client) == "welcome\n")
                client.isBlocking = false
                let newlines = [UInt8](repeating: 10, count: 4096)
                var sent = 0
                var received = 0
                var buffer = [UInt8](repeating: 0, count: 65536)
                var idleRounds = 0
                while received < lines * reply.count, idleRounds < 2000 {
                    var progress = false
                    if sent < lines, let count = try client.send(Array(newlines[..<min(4096, lines - sent)])), count > 0 {
                        sent += count
                        progress = true
                        if sent == lines, halfClose { try client.shutdown(.write) }
                    }
                    var span = buffer.mutableSpan
                    if let count = try client.receive(into: &span), count > 0 {
                        received += count
                        progress = true
                    }
                    if progress { idleRounds = 0 } else { idleRounds += 1; usleep(1000) }
                }
                #expect(received == lines * reply.count, "\(lines) lines")
                if halfClose {
                    client.isBlocking = true
                    client.timeout = .seconds(10)
                    #expect(try client.receive(maxCount: 1) == [])  // then end-of-file
                }
            }
        }
    }
}

/// Hands client sockets to the flood thread, which is their only user while it runs.
struct UncheckedSockets: @unchecked Sendable {
    let sockets: [Socket]
    init(_ sockets: [Socket]) { self.sockets = sockets }
}
