import ArgumentParser
import ConsoleOutput
import Glibc
import SocketServer

/// The seed's `MyServer` handler, for the threading and forking models: blocking reads of at most
/// 1024 bytes, each one answered.
final class MenuHandler: BaseRequestHandler {
    override func handle() throws {
        let socket = request.socket
        try socket.sendAll(Menu.threaded.welcome)
        while let received = try socket.receive(maxCount: Menu.readSize), !received.isEmpty {
            let answer = Menu.threaded.answer(received)
            try socket.sendAll(answer.reply)
            if answer.exit { return }
        }
    }
}

/// The same service, event-driven, for the reactor model: what one read brings is answered in
/// pieces of at most 1024 bytes, as the seed's reads would have split it.
final class MenuReactorHandler: ReactorStreamHandler {
    override func setup() throws {
        wfile.write(Menu.threaded.welcome)
    }

    override func handle() throws {
        while let received = rfile.read(min(rfile.count, Menu.readSize)), !received.isEmpty {
            let answer = Menu.threaded.answer(received)
            wfile.write(answer.reply)
            if answer.exit { return close() }
        }
        if rfile.isAtEnd { close() }
    }
}

enum MenuModel: String, ExpressibleByArgument, CaseIterable {
    case threading, forking, reactor
}

struct MenuServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "menu_server",
        abstract: "The 10086 menu service of the seed's ThreadingTCPServer: `0` reaches an operator, `exit` ends the session.",
        discussion: """
            Speaks as the seed's server does (no newline; each read is one command), and also takes \
            commands ending in a newline. Prints `listening tcp HOST:PORT` when ready; SIGINT, SIGTERM \
            or SIGHUP stops it with status 0.
            """)

    @Option(help: "Address to listen on: numeric IPv4 or IPv6, or a host name (its first IPv4 address).")
    var host = "127.0.0.1"

    @Option(help: "TCP port (the seed's: 8009); 0 picks a free one.")
    var port: UInt16 = 8009

    @Option(help: "Processing model: threading (the seed's ThreadingTCPServer), forking (its ForkingTCPServer variant) or reactor.")
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

/// The signals that stop the example servers: Ctrl-C, `kill`, and the terminal going away (SIGHUP
/// would otherwise kill a forking server and leave its children running).
let stopSignals = [SIGINT, SIGTERM, SIGHUP]

/// Binds and activates `server` (with `SO_REUSEADDR`, so a restart finds the port free), serves
/// on this thread until one of ``stopSignals``, then ends the children (forking) and closes.
func serveUntilSignalled(_ server: TCPServer, backlog: Int32) throws {
    server.allowReuseAddress = true
    server.requestQueueSize = backlog
    try server.serverBind()
    try server.serverActivate()
    let watchers = try stopSignals.map { signal in try server.loop.onSignal(signal) { _ in server.shutdown() } }
    Console.line("listening tcp \(server.serverAddress)")
    server.serveForever()
    for child in server.activeChildren { kill(child, SIGTERM) }
    server.serverClose()
    watchers.forEach { $0.cancel() }
}
