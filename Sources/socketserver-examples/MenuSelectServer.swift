import ArgumentParser
import ConsoleOutput
import Glibc
import SocketServer

/// The seed's second menu server (port 8002, "服务端源码模拟"): a `select()` loop with a one-second
/// timeout that prints `looping` each time round and `get request` for each connection, and a
/// thread per connection that prints the request as Python prints it and `0` for each call to the
/// operator. Standard output is the seed's; `listening tcp HOST:PORT` goes to standard error.
struct MenuSelectServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "menu_select_server",
        abstract: "The seed's select() and thread-per-connection menu server, with its own texts.",
        discussion: "SIGINT, SIGTERM or SIGHUP stops it with status 0 (connections in progress are cut).")

    @Option(help: "TCP port (the seed's: 8002); 0 picks a free one.")
    var port: UInt16 = 8002

    func run() throws {
        let selector = try Selector()
        let listener = try Socket(family: .ipv4, type: .stream)
        try listener.setOption(.reuseAddress, true)
        try listener.bind(to: SocketAddress(host: "127.0.0.1", port: port))
        try listener.listen(backlog: 5)
        try selector.register(listener, events: .read)
        var running = true
        let watchers = try stopSignals.map { signal in try selector.loop.onSignal(signal) { _ in running = false } }
        Console.error("listening tcp \(try listener.localAddress)")
        while running {
            let ready = try selector.select(timeout: .seconds(1))
            Console.line("looping")
            guard !ready.isEmpty, let (request, clientAddress) = try listener.accept() else { continue }
            Console.line("get request")
            let box = UncheckedSocket(request)
            try ServerThread.startDetached(target: "process") { process(box.socket, clientAddress) }
        }
        watchers.forEach { $0.cancel() }
        selector.close()
    }
}

/// The seed's `process(request, client_address)`, on the connection's own thread.
private func process(_ connection: Socket, _ clientAddress: SocketAddress) {
    defer { connection.close() }
    Console.line("\(Request.connection(connection)) \(clientAddress.pythonDescription)")
    let menu = Menu.selectServer
    do {
        try connection.sendAll(menu.welcome)
        while let received = try connection.receive(maxCount: Menu.readSize), !received.isEmpty {
            let answer = menu.answer(received)
            for command in answer.commands where command == "0" { Console.line(command) }
            try connection.sendAll(answer.reply)
            if answer.exit { return }
        }
    } catch {
        Console.error("\(clientAddress.pythonDescription): \(error)")  // the thread ends; the server goes on
    }
}

/// A connection handed to the thread that serves it; the accepting thread lets go of it.
private struct UncheckedSocket: @unchecked Sendable {
    let socket: Socket
    init(_ socket: Socket) { self.socket = socket }
}
