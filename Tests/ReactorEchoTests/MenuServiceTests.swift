import Foundation
import Reactor
import Testing

/// The 10086 menu service of seed 000, byte for byte: the seed's server sends its texts without a
/// newline and takes each `recv(1024)` as one command; its client sends `input()` without one.
@Suite("menu service", .timeLimit(.minutes(1)))
struct MenuServiceTests {
    static let welcome = "欢迎致电 10086,0转人工服务."

    @Test("menu_server answers as the seed's server does, under every model; a trailing newline is mirrored",
          arguments: ["threading", "forking", "reactor"])
    func seedProtocol(model: String) throws {
        let server = try ExampleServer(["menu_server", "--model", model])
        let threads = server.threadCount
        let client = try server.connect()
        #expect(try client.receive(exactly: Self.welcome.utf8.count) == Array(Self.welcome.utf8))
        for (command, reply) in [("0", "通过可能会被录音"), ("hello", "请重新输入."), ("0\r\n", "通过可能会被录音\r\n"), ("x\n", "请重新输入.\n")] {
            try client.sendAll(command)
            #expect(String(decoding: try client.receive(exactly: reply.utf8.count), as: UTF8.self) == reply, "\(command.debugDescription)")
        }
        try client.sendAll("exit")
        #expect(try client.receiveToEnd().isEmpty)  // the session ends with no more bytes
        // A daemon request thread still releasing the server as the process exits would show as a
        // leak under LeakSanitizer: stop once it has ended.
        server.waitForThreads(atMost: threads)
        #expect(server.stop() == 0)
    }

    @Test("menu_client prints what the seed's client prints: each reply, then the prompt, and sends bare input")
    func seedClient() throws {
        let listener = try Socket(family: .ipv4, type: .stream)
        try listener.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        try listener.listen()
        let input = try temporaryFile("0\nexit\n")
        let client = try ChildProcess(ExampleServer.executable, ["menu_client", "--port", String(try #require(try listener.localAddress.port))], input: input)
        let (connection, _) = try #require(try listener.accept())
        connection.timeout = .seconds(10)
        try connection.sendAll(Self.welcome)
        #expect(try connection.receive(exactly: 1) == Array("0".utf8))
        try connection.sendAll("通过可能会被录音")
        #expect(try connection.receiveToEnd() == Array("exit".utf8))
        #expect(client.waitForExit() == 0)
        #expect(String(decoding: ChildProcess.readToEnd(client.output), as: UTF8.self)
            == "receive: \(Self.welcome)\nplease input:receive: 通过可能会被录音\nplease input:")
    }

    @Test("menu_client fails as the seed's client fails: end of input is EOFError, status 1")
    func clientEndOfInput() throws {
        let listener = try Socket(family: .ipv4, type: .stream)
        try listener.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        try listener.listen()
        let client = try ChildProcess(ExampleServer.executable, ["menu_client", "--port", String(try #require(try listener.localAddress.port))])
        let (connection, _) = try #require(try listener.accept())
        try connection.sendAll(Self.welcome)
        #expect(client.waitForExit() == 1)
        #expect(textLines(ChildProcess.readToEnd(client.errors)) == ["EOFError: EOF when reading a line"])
    }

    @Test("menu_select_server: the seed's own texts, `looping` each second, each request printed as Python prints it")
    func selectServer() throws {
        let server = try ExampleServer(["menu_select_server"], announcedOn: \.errors)
        let client = try server.connect()
        let welcome = "欢迎致电 10086,请输入1xxx,0转人工服务."
        #expect(try client.receive(exactly: welcome.utf8.count) == Array(welcome.utf8))
        try client.sendAll("0")
        let reply = "通过可能会被录音.balabala一大推"
        #expect(try client.receive(exactly: reply.utf8.count) == Array(reply.utf8))
        try client.sendAll("exit")
        #expect(try client.receiveToEnd().isEmpty)
        usleep(1_100_000)  // one more select timeout: one more `looping`
        #expect(server.stop(SIGINT) == 0)
        let lines = server.printed
        #expect(lines.filter { $0 != "looping" } == [
            "get request", try #require(lines.first { $0.hasPrefix("<socket.socket fd=") }), "0",
        ])
        #expect(lines.filter { $0 == "looping" }.count >= 2)
        let request = try #require(lines.first { $0.hasPrefix("<socket.socket") })
        #expect(request.wholeMatch(of: /<socket.socket fd=\d+, family=2, type=1, proto=0, laddr=\('127.0.0.1', \d+\), raddr=\('127.0.0.1', (\d+)\)> \('127.0.0.1', \d+\)/) != nil)
    }

    @Test("SIGHUP stops menu_server as SIGTERM does, and a forking server's children end with it")
    func hangUp() throws {
        let server = try ExampleServer(["menu_server", "--model", "forking"])
        let clients = try (0..<3).map { _ in try server.connect() }
        for client in clients { #expect(try client.receive(exactly: Self.welcome.utf8.count).count == Self.welcome.utf8.count) }
        #expect(server.stop(SIGHUP) == 0)
        for client in clients { #expect(try client.receiveToEnd().isEmpty) }  // each child closed its connection
    }
}

/// A file holding `text`, in a fresh temporary directory.
func temporaryFile(_ text: String) throws -> String {
    let path = try temporaryDirectory() + "/input"
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    return path
}
