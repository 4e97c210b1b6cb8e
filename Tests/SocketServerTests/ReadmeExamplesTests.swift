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

final class ReadmeMenuHandler: BaseRequestHandler {
    override func handle() throws {
        let connection = request.socket                  // Python: conn = self.request
        try connection.sendAll("欢迎致电 10086,0转人工服务.")
        while let data = try connection.receive(maxCount: 1024), !data.isEmpty, data != Array("exit".utf8) {
            try connection.sendAll(data == Array("0".utf8) ? "通过可能会被录音" : "请重新输入.")
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
        let thread = try ServerThread.start(target: "serve_forever") { server.serveForever() }   // "Thread-1 (serve_forever)", as in Python 3
        #expect(thread.name.hasSuffix(" (serve_forever)"))
        let client = try connect(to: server.serverAddress)
        #expect(try receive(client, "欢迎致电 10086,0转人工服务.".utf8.count) == "欢迎致电 10086,0转人工服务.")
        try client.sendAll("0")
        #expect(try receive(client, "通过可能会被录音".utf8.count) == "通过可能会被录音")
        try client.sendAll("9")
        #expect(try receive(client, "请重新输入.".utf8.count) == "请重新输入.")
        try client.sendAll("exit")
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
        #expect(try receive(idle, "欢迎致电 10086,0转人工服务.".utf8.count) == "欢迎致电 10086,0转人工服务.")
        server.shutdown()
        thread.join()
        server.serverClose()  // the idle client's thread ends once the drain is over
        #expect(try receiveAll(idle) == [])
    }
}

/// Receives `count` bytes (the menu's texts carry no newline), as text.
private func receive(_ socket: Socket, _ count: Int) throws -> String {
    var bytes: [UInt8] = []
    while bytes.count < count, let chunk = try socket.receive(maxCount: count - bytes.count), !chunk.isEmpty { bytes += chunk }
    return String(decoding: bytes, as: UTF8.self)
}
