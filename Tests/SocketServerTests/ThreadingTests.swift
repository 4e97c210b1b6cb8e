import Glibc
import SocketServer
import Testing

/// Sleeps, then replies with the name of the thread it ran on.
final class SlowThreadNameHandler: StreamRequestHandler {
    override func handle() throws {
        usleep(300_000)
        try wfile.write("\(ServerThread.currentName ?? "?")\n")
    }
}

@Suite("Threading model", .timeLimit(.minutes(1)))
struct ThreadingTests {
    @Test("each request runs on its own thread, named as Python 3 names it, concurrently")
    func concurrent() throws {
        let server = try ThreadingTCPServer(address: loopback, handler: SlowThreadNameHandler.self)
        let clock = ContinuousClock()
        var names: Set<String> = []
        let took = try clock.measure {
            try serving(server) { server in
                let clients = try (0..<5).map { _ in try connect(to: server.serverAddress) }
                for client in clients { names.insert(try receiveLine(client)) }
            }
        }
        #expect(names.count == 5)
        #expect(names.allSatisfy { $0.wholeMatch(of: /Thread-\d+ \(process_request_thread\)\n/) != nil })
        #expect(took < .milliseconds(1200))  // five 300 ms handlers at once, not one after another
    }

    @Test("serverClose() with blockOnClose joins the request threads")
    func blockOnCloseJoins() throws {
        final class Slow: BaseRequestHandler {
            override func handle() throws { usleep(300_000) }
            override func finish() throws { (server as! FlagServer).trace.append("finished") }
        }
        final class FlagServer: TCPServer, @unchecked Sendable {
            let trace = Trace()
        }
        let server = try FlagServer(address: loopback, handler: Slow.self, model: .threading)
        let client = try connect(to: server.serverAddress)
        server.handleRequest()
        #expect(server.trace.all.isEmpty)  // the thread is still in its handler
        server.serverClose()
        #expect(server.trace.all == ["finished"])  // joined: it had finished before serverClose returned
        client.close()
    }

    @Test("daemonThreads: serverClose() does not wait for the request threads")
    func daemonThreads() throws {
        final class Slow: BaseRequestHandler {
            override func handle() throws { usleep(300_000) }
        }
        let server = try ThreadingTCPServer(address: loopback, handler: Slow.self)
        server.daemonThreads = true
        let client = try connect(to: server.serverAddress)
        server.handleRequest()
        let clock = ContinuousClock()
        let took = clock.measure { server.serverClose() }
        #expect(took < .milliseconds(200))
        client.close()
    }

    @Test("ServerThread: Thread-N names with the target's in parentheses, a given name, join from two threads")
    func serverThread() throws {
        let named = try ServerThread.start(name: "worker", target: "ignored") {
            #expect(ServerThread.currentName == "worker")
        }
        let numbered = try ServerThread.start {}
        let targeted = try ServerThread.start(target: "serve_forever") {}
        named.join()
        numbered.join()
        numbered.join()
        targeted.join()
        #expect(named.name == "worker")
        #expect(numbered.name.hasPrefix("Thread-") && Int(numbered.name.dropFirst(7)) != nil)
        #expect(targeted.name.wholeMatch(of: /Thread-\d+ \(serve_forever\)/) != nil)
        #expect(ServerThread.currentName == nil)  // not a ServerThread
    }
}

@Suite("Datagram servers", .timeLimit(.minutes(1)))
struct DatagramTests {
    @Test("a datagram longer than maxPacketSize is refused and reported to handleError, not cut short",
          arguments: [false, true])
    func maxPacketSize(unix: Bool) throws {
        final class Length: DatagramRequestHandler {
            override func handle() throws { try wfile.write("\(packet.count)") }
        }
        final class Server: UDPServer, @unchecked Sendable {
            let trace = Trace()
            override func handleError(_ request: Request, clientAddress: SocketAddress, error: any Error) {
                trace.append("\(request.packet?.count ?? -1) \(error)")
            }
        }
        let directory = try TemporaryDirectory()
        let address = unix ? try SocketAddress(unixPath: directory.file("s")) : loopback
        let server = try Server(address: address, handler: Length.self)
        server.maxPacketSize = 100
        try serving(server) { server in
            let client = try Socket(family: address.family!, type: .datagram)
            client.timeout = .seconds(10)
            if unix { try client.bind(to: SocketAddress(unixPath: directory.file("c"))) }
            try client.send([UInt8](repeating: 1, count: 1000), to: server.serverAddress)
            try client.send([UInt8](repeating: 1, count: 100), to: server.serverAddress)
            #expect(try client.receiveFrom(maxCount: 100)?.bytes == Array("100".utf8))  // only the second was handled
            #expect(server.trace.all == ["100 a datagram of 1000 bytes is longer than maxPacketSize (100): refused"])
        }
    }

    @Test("DatagramRequestHandler: rfile reads the packet, finish() sends wfile back; nothing written, nothing sent")
    func replyOnlyWhenWritten() throws {
        final class Conditional: DatagramRequestHandler {
            override func handle() throws {
                let line = try rfile.readLine()
                if line != Array("quiet\n".utf8) { try wfile.write(line + (try rfile.readToEnd())) }
            }
        }
        let server = try UDPServer(address: loopback, handler: Conditional.self)
        try serving(server) { server in
            let client = try Socket(family: .ipv4, type: .datagram)
            client.timeout = .seconds(10)
            try client.send(Array("quiet\n".utf8), to: server.serverAddress)
            try client.send(Array("two\nlines".utf8), to: server.serverAddress)
            #expect(try client.receiveFrom(maxCount: 100)?.bytes == Array("two\nlines".utf8))
        }
    }
}

@Suite("verifyRequest", .timeLimit(.minutes(1)))
struct VerifyRequestTests {
    final class CountingHandler: StreamRequestHandler {
        override func setup() throws { (server as! LoopbackOnlyServer).trace.append("handler") }
        override func handle() throws { try wfile.write("welcome\n") }
    }

    /// The example: only 127.0.0.0/8 may connect.
    final class LoopbackOnlyServer: TCPServer, @unchecked Sendable {
        let trace = Trace()
        var pretendPeer: SocketAddress?
        override func verifyRequest(_ request: Request, clientAddress: SocketAddress) -> Bool {
            isInLoopbackNetwork(pretendPeer ?? clientAddress)
        }
    }

    @Test("a refused request is closed before any handler runs", arguments: [ProcessingModel.synchronous, .threading, .forking])
    func refused(model: ProcessingModel) throws {
        let server = try LoopbackOnlyServer(address: loopback, handler: CountingHandler.self, model: model)
        server.pretendPeer = try SocketAddress(host: "10.0.0.1", port: 5000)
        try serving(server) { server in
            let client = try connect(to: server.serverAddress)
            #expect(try receiveAll(client) == [])
        }
        #expect(server.trace.all.isEmpty)
    }

    @Test("a loopback peer is served")
    func allowed() throws {
        let server = try LoopbackOnlyServer(address: loopback, handler: CountingHandler.self)
        try serving(server) { server in
            let client = try connect(to: server.serverAddress)
            #expect(try receiveLine(client) == "welcome\n")
        }
        #expect(server.trace.all == ["handler"])
    }

    @Test("isInLoopbackNetwork: 127.0.0.0/8 only")
    func loopbackNetwork() throws {
        #expect(isInLoopbackNetwork(try SocketAddress(host: "127.0.0.1", port: 1)))
        #expect(isInLoopbackNetwork(try SocketAddress(host: "127.255.3.4", port: 1)))
        #expect(!isInLoopbackNetwork(try SocketAddress(host: "128.0.0.1", port: 1)))
        #expect(!isInLoopbackNetwork(try SocketAddress(host: "12.7.0.1", port: 1)))
        #expect(!isInLoopbackNetwork(try SocketAddress(host: "::1", port: 1)))
        #expect(!isInLoopbackNetwork(try SocketAddress(unixPath: "/tmp/x")))
    }
}
