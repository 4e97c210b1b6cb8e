import Foundation
import Reactor
import Testing

// Issue 14, item 8: in a broadcast server, writes from other connections into the `wfile` of a
// peer that never reads grew the server without bound (RSS 11.9 MB -> 108.9 MB for 100 MiB sent).
@Suite("chat_server", .timeLimit(.minutes(2)))
struct ChatServerTests {
    /// One chat line: 8 KiB with its newline.
    static let line = Array(repeating: UInt8(ascii: "x"), count: 8191) + [10]

    @Test("each line goes to every other client, not back to its sender")
    func broadcast() throws {
        let server = try ExampleServer(["chat_server"])
        let clients = try (0..<3).map { _ in try server.connect() }
        try waitUntilJoined(clients)
        try clients[1].sendAll("hello from 1\n")
        #expect(try receiveLine(clients[0]) == "hello from 1")
        #expect(try receiveLine(clients[2]) == "hello from 1")
        try clients[0].sendAll("and 0\n")
        #expect(try receiveLine(clients[1]) == "and 0")
        #expect(try receiveLine(clients[2]) == "and 0")
        #expect(server.stop() == 0)
    }

    @Test("--high-water-mark 0 is a usage error (status 64), in one line")
    func highWaterMarkZero() throws {
        let child = try ChildProcess(ExampleServer.executable, ["chat_server", "--port", "0", "--high-water-mark", "0"])
        #expect(child.waitForExit() == 64)
        let errors = textLines(ChildProcess.readToEnd(child.errors))
        #expect(errors.first?.contains("--high-water-mark must be at least 1 byte") == true, "\(errors)")
    }

    @Test("a peer that never reads while three others chat 100 MiB towards it: the server's RSS grows by less than 32 MiB, the others get every line, the stuck peer is disconnected")
    func slowConsumer() throws {
        // Under AddressSanitizer, freed memory waits in a quarantine (256 MiB) before it is reused,
        // which would count here as growth: none, so the figure is the server's own.
        let server = try ExampleServer(["chat_server"], environment: ["ASAN_OPTIONS=quarantine_size_mb=0:detect_leaks=0"])
        let stuck = try Socket(family: .ipv4, type: .stream)
        try stuck.setOption(.receiveBufferSize, 4096)
        stuck.timeout = .seconds(10)
        try stuck.connect(to: SocketAddress(host: "127.0.0.1", port: server.port))
        let chatters = try (0..<3).map { _ in try server.connect() }
        try waitUntilJoined(chatters)
        for chatter in chatters { chatter.isBlocking = false }
        let before = try residentBytes(server.process.pid)

        let total = 100 << 20
        let share = total / chatters.count
        var sent = [Int](repeating: 0, count: chatters.count)
        var received = [Int](repeating: 0, count: chatters.count)
        var peak = before
        let payload = Array(repeatElement(Self.line, count: 8).joined())  // 64 KiB of whole lines
        var sink = [UInt8](repeating: 0, count: 65536)
        let deadline = ContinuousClock.now + .seconds(90)
        var rounds = 0
        // A chatter is done after its share, at the end of a line (a partial last line is never passed on).
        let done = { (count: Int) in count >= share && count % Self.line.count == 0 }
        while !sent.allSatisfy(done), rounds < 1_000_000, ContinuousClock.now < deadline {
            rounds += 1
            // The chatters read as fast as they can, but this thread may be descheduled: send only
            // while each has less than 256 KiB on its way, so none falls 1 MiB behind and is let go.
            let sentInAll = sent.reduce(0, +)
            let behind = chatters.indices.map { sentInAll - sent[$0] - received[$0] }.max() ?? 0
            for (index, chatter) in chatters.enumerated() where !done(sent[index]) && behind < 256 << 10 {
                let offset = sent[index] % payload.count
                sent[index] += try chatter.send(Array(payload[offset...])) ?? 0
            }
            for (index, chatter) in chatters.enumerated() { received[index] += try drain(chatter, &sink) }
            if rounds % 64 == 0 { peak = max(peak, try residentBytes(server.process.pid)) }
        }
        #expect(sent.allSatisfy(done), "sent \(sent) in \(rounds) rounds")
        peak = max(peak, try residentBytes(server.process.pid))
        #expect(peak - before < 32 << 20, "RSS grew from \(before >> 10) KiB to \(peak >> 10) KiB")

        // Everything a chatter sent reaches the two others (they may also hold the join pings).
        let expected = chatters.indices.map { index in sent.reduce(0, +) - sent[index] }
        let end = ContinuousClock.now + .seconds(30)
        while zip(received, expected).contains(where: { $0 < $1 }), ContinuousClock.now < end {
            for (index, chatter) in chatters.enumerated() { received[index] += try drain(chatter, &sink) }
            usleep(1000)
        }
        for index in chatters.indices { #expect(received[index] >= expected[index], "chatter \(index)") }

        // The stuck peer was let go: what it holds ends with end-of-file, well short of 100 MiB.
        var stuckBytes = 0
        while let chunk = try stuck.receive(maxCount: 65536), !chunk.isEmpty, stuckBytes < total { stuckBytes += chunk.count }
        #expect(stuckBytes < total / 2)
        #expect(server.stop() == 0)
    }

    /// Sends `ping` lines from the first client until the last one hears one: accepts come in
    /// order, so every client has joined the room then. The pings are then read away.
    private func waitUntilJoined(_ clients: [Socket]) throws {
        let last = try #require(clients.last)
        last.timeout = .milliseconds(50)
        var heard = false
        for _ in 0..<200 where !heard {
            try clients[0].sendAll("ping\n")
            heard = (try? last.receive(maxCount: 1)).flatMap { $0 }.map { !$0.isEmpty } ?? false
        }
        try #require(heard, "the last client never joined the room")
        usleep(100_000)
        for client in clients {
            client.timeout = .milliseconds(10)
            while let chunk = try? client.receive(maxCount: 65536), !chunk.isEmpty {}
            client.timeout = .seconds(10)
        }
    }

    /// Reads what `socket` holds now, without waiting: the number of bytes.
    private func drain(_ socket: Socket, _ buffer: inout [UInt8]) throws -> Int {
        var count = 0
        var span = buffer.mutableSpan
        while let received = try socket.receive(into: &span), received > 0 { count += received }
        return count
    }

    /// Reads one line (without its newline).
    private func receiveLine(_ socket: Socket) throws -> String {
        var bytes: [UInt8] = []
        while let chunk = try socket.receive(maxCount: 1), let byte = chunk.first, byte != 10 { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The resident set size of process `pid`, from /proc/<pid>/status.
    private func residentBytes(_ pid: pid_t) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        let kilobytes = try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
        return kilobytes << 10
    }
}
