import ArgumentParser
import ConsoleOutput
import Glibc
import SocketServer

// 000_974109e91989bd3a.txt: the 10086 menu service. Lines instead of the seed's recv(1024)
// boundaries, which TCP does not keep: every message, both ways, ends with "\n".

enum Menu {
    static let welcome = "欢迎致电 10086,0转人工服务."
    static let operator_ = "通过可能会被录音"
    static let retry = "请重新输入."

    /// The reply to one line, or nil for `exit` (the session ends).
    static func reply(to line: [UInt8]) -> String? {
        // By byte: "\r\n" is one Character, so a Character-wise trim leaves a telnet client's lines whole.
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == UInt8(ascii: "\n") || line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        switch String(decoding: line[..<end], as: UTF8.self) {
        case "exit": return nil
        case "0": return operator_
        default: return retry
        }
    }
}

/// The seed's blocking handler, for the threading and forking models.
final class MenuHandler: StreamRequestHandler {
    override func handle() throws {
        try wfile.write(Menu.welcome + "\n")
        while true {
            let line = try rfile.readLine()
            guard !line.isEmpty, let reply = Menu.reply(to: line) else { return }
            try wfile.write(reply + "\n")
        }
    }
}

/// The same service, event-driven, for the reactor model.
final class MenuReactorHandler: ReactorStreamHandler {
    override func setup() throws {
        wfile.write(Menu.welcome + "\n")
    }

    override func handle() throws {
        while let line = rfile.readLine() {
            guard let reply = Menu.reply(to: line) else { return close() }
            wfile.write(reply + "\n")
        }
    }
}

enum MenuModel: String, ExpressibleByArgument, CaseIterable {
    case threading, forking, reactor
}

struct MenuServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "menu_server",
        abstract: "The 10086 menu service: `0` reaches an operator, `exit` ends the session.",
        discussion: "Prints `listening tcp HOST:PORT` when ready; SIGINT or SIGTERM stops it with status 0.")

    @Option(help: "Address to listen on (numeric IPv4 or IPv6).")
    var host = "127.0.0.1"

    @Option(help: "TCP port; 0 picks a free one.")
    var port: UInt16 = 8009

    @Option(help: "Processing model: threading, forking or reactor.")
    var model: MenuModel = .threading

    func run() throws {
        let handler: BaseRequestHandler.Type = model == .reactor ? MenuReactorHandler.self : MenuHandler.self
        let processing: ProcessingModel = switch model {
        case .threading: .threading
        case .forking: .forking
        case .reactor: .reactor
        }
        let server = try TCPServer(host: host, port: port, handler: handler, model: processing, bindAndActivate: false)
        // Stop within a second however many clients are connected: threads are not waited for,
        // children are told to end, reactor connections get a short drain.
        server.daemonThreads = true
        server.drainTimeout = .milliseconds(500)
        try serveUntilSignalled(server, backlog: 128)
    }
}

/// Binds and activates `server` (with `SO_REUSEADDR`, so a restart finds the port free), serves
/// on this thread until SIGINT or SIGTERM, then ends the children (forking) and closes.
func serveUntilSignalled(_ server: TCPServer, backlog: Int32) throws {
    server.allowReuseAddress = true
    server.requestQueueSize = backlog
    try server.serverBind()
    try server.serverActivate()
    var watchers: [SignalWatcher] = []
    for signal in [SIGINT, SIGTERM] {
        watchers.append(try server.loop.onSignal(signal) { _ in server.shutdown() })
    }
    Console.line("listening tcp \(server.serverAddress)")
    server.serveForever()
    for child in server.activeChildren { kill(child, SIGTERM) }
    server.serverClose()
    watchers.forEach { $0.cancel() }
}

struct MenuClient: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "menu_client",
        abstract: "The 10086 menu client: prints each reply, then sends a line read from standard input.")

    @Option(help: "Server address (numeric IPv4 or IPv6).")
    var host = "127.0.0.1"

    @Option(help: "Server port.")
    var port: UInt16 = 8009

    func run() throws {
        let socket = try Socket(family: host.contains(":") ? .ipv6 : .ipv4, type: .stream)
        socket.timeout = .seconds(5)
        try socket.connect(to: try SocketAddress(host: host, port: port))
        let reader = RequestReader(socket: socket)
        while true {
            let line = try reader.readLine()
            guard !line.isEmpty else { throw ExampleFailure(message: "menu_client: the server closed the connection") }
            Console.line("receive: " + String(decoding: line.dropLast(line.last == 10 ? 1 : 0), as: UTF8.self))
            Console.prompt("please input:")
            let input = readLine() ?? "exit"  // end of input ends the session
            try socket.sendAll(input + "\n")
            if input == "exit" { break }
        }
        socket.close()
    }
}
