import Glibc
import SocketServer
import Testing

/// Records what handlers report, and the errors handed to `handleError`.
final class ReportingServer: TCPServer, @unchecked Sendable {
    let trace = Trace()
    override func handleError(_ request: Request, clientAddress: SocketAddress, error: any Error) {
        trace.append("error: \(error)")
    }
}

@Suite("StreamRequestHandler settings", .timeLimit(.minutes(1)))
struct StreamHandlerTests {
    @Test("timeout: a read that waits longer throws the socket's timeout error, which goes to handleError")
    func timeout() throws {
        final class Impatient: StreamRequestHandler {
            override var timeout: Duration? { .milliseconds(100) }
            override func handle() throws { _ = try rfile.readLine() }
        }
        let server = try ReportingServer(address: loopback, handler: Impatient.self)
        defer { server.serverClose() }
        let client = try connect(to: server.serverAddress)
        let clock = ContinuousClock()
        let took = clock.measure { server.handleRequest() }
        #expect(server.trace.all == ["error: recv: timed out"])
        #expect(took >= .milliseconds(100) && took < .seconds(2))
        client.close()
    }

    @Test("disableNagleAlgorithm sets TCP_NODELAY on the connection; the default leaves it off")
    func noDelay() throws {
        final class NoDelay: StreamRequestHandler {
            override var disableNagleAlgorithm: Bool { true }
            override func handle() throws {
                (server as! ReportingServer).trace.append("noDelay \(try request.socket.option(.noDelay))")
            }
        }
        final class Default: StreamRequestHandler {
            override func handle() throws {
                (server as! ReportingServer).trace.append("noDelay \(try request.socket.option(.noDelay))")
            }
        }
        for (handler, expected) in [(NoDelay.self as BaseRequestHandler.Type, true), (Default.self, false)] {
            let server = try ReportingServer(address: loopback, handler: handler)
            let client = try connect(to: server.serverAddress)
            server.handleRequest()
            #expect(server.trace.all == ["noDelay \(expected)"])
            server.serverClose()
            client.close()
        }
    }

    @Test("writeBufferSize: writes collect until the buffer fills or finish() flushes")
    func bufferedWrites() throws {
        final class Buffered: StreamRequestHandler {
            override var writeBufferSize: Int { 8 }
            override func handle() throws {
                try wfile.write("abc")          // 3 bytes: kept
                try wfile.write("defgh")        // 8 bytes: sent
                _ = try rfile.readLine()        // the client saw "abcdefgh" before answering
                try wfile.write("ij")           // kept, then flushed by finish()
            }
        }
        let server = try TCPServer(address: loopback, handler: Buffered.self, model: .threading)
        try serving(server) { server in
            let client = try connect(to: server.serverAddress)
            var first: [UInt8] = []
            while first.count < 8 { first += try #require(try client.receive(maxCount: 8 - first.count)) }
            #expect(first == Array("abcdefgh".utf8))
            try client.sendAll("go\n")
            #expect(try receiveAll(client) == Array("ij".utf8))
        }
    }

    @Test("rfile: readLine(maxLength:), read(count) and readAvailable() over a blocking connection")
    func reader() throws {
        final class Reader: StreamRequestHandler {
            override func handle() throws {
                var parts: [String] = []
                parts.append(String(decoding: try rfile.readLine(maxLength: 4), as: UTF8.self))  // "abcd": the limit
                parts.append(String(decoding: try rfile.readLine(), as: UTF8.self))              // "ef\n"
                parts.append(String(decoding: try rfile.read(3), as: UTF8.self))                 // "ghi"
                parts.append(String(decoding: try rfile.readAvailable(), as: UTF8.self))         // what is buffered
                parts.append(String(decoding: try rfile.readToEnd(), as: UTF8.self))
                parts.append(String(decoding: try rfile.readLine(), as: UTF8.self))              // "" at the end
                try wfile.write(parts.joined(separator: "|"))
            }
        }
        let server = try TCPServer(address: loopback, handler: Reader.self)
        try serving(server) { server in
            let client = try connect(to: server.serverAddress)
            try client.sendAll("abcdef\nghijk")
            usleep(50_000)
            try client.sendAll("lmn")
            try client.shutdown(.write)
            #expect(String(decoding: try receiveAll(client), as: UTF8.self) == "abcd|ef\n|ghi|jk|lmn|")
        }
    }
}
