import Glibc
import SocketServer
import Testing

/// On `big\n`, writes 256 KiB through a 4 KiB kernel send buffer; on `abort\n`, writes 1 MiB and
/// aborts. Traces each writability change with what `wfile` said then, and `finish`.
final class WritabilityProbe: ReactorStreamHandler {
    var trace: Trace { (server as! StatsServer).stats.finishedIDs }

    override func setup() throws {
        try request.socket.setOption(.sendBufferSize, 4096)
    }

    override func handle() {
        let chunk = [UInt8](repeating: 7, count: 16384)
        while let line = rfile.readLine() {
            if line == Array("big\n".utf8) {
                for _ in 0..<16 { wfile.write(chunk) }
                trace.append("written, writable \(wfile.isWritable)")
            } else if line == Array("abort\n".utf8) {
                for _ in 0..<64 { wfile.write(chunk) }
                abort()
                trace.append("aborted, open \(isOpen)")
            }
        }
    }

    override func writabilityChanged(_ isWritable: Bool) {
        trace.append("writability \(isWritable), wfile.isWritable \(wfile.isWritable), over \(wfile.count > highWaterMark)")
    }

    override func finish() throws {
        trace.append("finish")
    }
}

@Suite("Reactor model: writability", .timeLimit(.minutes(1)))
struct WritabilityTests {
    @Test("writabilityChanged(false) once as wfile passes the high-water mark, (true) once it has drained; isWritable follows")
    func changes() throws {
        let server = try StatsServer(address: loopback, handler: WritabilityProbe.self)
        let trace = server.stats.finishedIDs
        try serving(server) { server in
            let client = try connect(to: server.serverAddress)
            try client.sendAll("big\n")
            #expect(trace.wait { $0.contains("written, writable false") })
            #expect(trace.all == ["writability false, wfile.isWritable false, over true", "written, writable false"])
            var received = 0
            while received < 16 * 16384, let chunk = try client.receive(maxCount: 65536), !chunk.isEmpty { received += chunk.count }
            #expect(received == 16 * 16384)
            #expect(trace.wait { $0.count == 3 })
            #expect(trace.all.last == "writability true, wfile.isWritable true, over false")
        }
    }

    @Test("abort() drops what wfile holds and ends the connection: finish() runs once, the peer sees end-of-file early")
    func abortDrops() throws {
        let server = try StatsServer(address: loopback, handler: WritabilityProbe.self)
        let trace = server.stats.finishedIDs
        try serving(server) { server in
            let client = try connect(to: server.serverAddress)
            try client.sendAll("abort\n")
            #expect(trace.wait { $0.contains("finish") })
            let received = try receiveAll(client).count
            #expect(received < 64 * 16384 / 2, "\(received) bytes came after abort()")
            #expect(trace.all == ["writability false, wfile.isWritable false, over true", "aborted, open true", "finish"])
        }
    }
}
