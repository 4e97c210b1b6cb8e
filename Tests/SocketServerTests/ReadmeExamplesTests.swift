import Glibc
import SocketServer
import Testing

// The README's three SocketServer examples, as written there, so that they keep compiling and working.

final class ReadmeEcho: ReactorStreamHandler {
    override func handle() {
        rfile.peek { wfile.write($0) }     // what arrived goes straight back, no copy
        rfile.skip(rfile.count)
    }
}

final class ReadmeMenuHandler: StreamRequestHandler {
    override func handle() throws {
        try wfile.write("欢迎致电 10086,0转人工服务.\n")
        while case let line = try rfile.readLine(), !line.isEmpty, line != Array("exit\n".utf8) {
            try wfile.write(line == Array("0\n".utf8) ? "通过可能会被录音\n" : "请重新输入.\n")
        }
    }
}

@Suite("README examples", .timeLimit(.minutes(1)))
struct ReadmeExamplesTests {
    @Test("the reactor echo server echoes")
    func echo() throws {
        let server = try TCPServer(host: "127.0.0.1", port: 0, handler: ReadmeEcho.self)
        #expect(server.model == .reactor)
        try serving(server) { server in
            let client = try connect(to: server.serverAddress)
            try client.sendAll("Hello, world")
            #expect(try client.receive(maxCount: 100) == Array("Hello, world".utf8))
        }
    }

    @Test("the ThreadingTCPServer menu serves a session")
    func menu() throws {
        let server = try ThreadingTCPServer(host: "127.0.0.1", port: 0, handler: ReadmeMenuHandler.self)
        let thread = try ServerThread.start { server.serveForever() }
        let client = try connect(to: server.serverAddress)
        #expect(try receiveLine(client) == "欢迎致电 10086,0转人工服务.\n")
        try client.sendAll("0\n")
        #expect(try receiveLine(client) == "通过可能会被录音\n")
        try client.sendAll("9\n")
        #expect(try receiveLine(client) == "请重新输入.\n")
        try client.sendAll("exit\n")
        #expect(try receiveAll(client) == [])
        server.shutdown()
        thread.join()
        server.serverClose()
    }

    @Test("the limits example: 64 threads at most, a 5-minute request deadline, a 2-second drain")
    func limits() throws {
        let server = try ThreadingTCPServer(host: "127.0.0.1", port: 0, handler: ReadmeMenuHandler.self)
        server.maxThreads = 64                          // 64 clients served at once, the rest wait
        server.requestTimeout = .seconds(300)           // nobody keeps a thread longer than 5 minutes
        server.drainTimeout = .seconds(2)               // serverClose() returns within about 3 s
        let thread = try ServerThread.start { server.serveForever() }
        let idle = try connect(to: server.serverAddress)
        #expect(try receiveLine(idle) == "欢迎致电 10086,0转人工服务.\n")
        server.shutdown()
        thread.join()
        server.serverClose()  // the idle client's thread ends once the drain is over
        #expect(try receiveAll(idle) == [])
    }
}
