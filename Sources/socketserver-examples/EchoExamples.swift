import ArgumentParser
import CommandLineSupport
import ConsoleOutput
import Glibc
import SocketServer

// socketserver_echo_simple.py, socketserver_threaded.py and socketserver_forking.py: a server on
// an ephemeral port served by a background thread, and its client in the same process.

/// Echoes one `recv` back, as the seed's `EchoRequestHandler` does.
final class SimpleEchoHandler: BaseRequestHandler {
    override func handle() throws {
        let data = try request.socket.receive(maxCount: 1024) ?? []
        _ = try request.socket.send(data)
    }
}

/// Prefixes the echo with the name of the thread that handled it.
final class ThreadedEchoHandler: BaseRequestHandler {
    override func handle() throws {
        let data = try request.socket.receive(maxCount: 1024) ?? []
        _ = try request.socket.send(Array("\(ServerThread.currentName ?? "?"): ".utf8) + data)
    }
}

/// Prefixes the echo with the id of the process that handled it.
final class ForkingEchoHandler: BaseRequestHandler {
    override func handle() throws {
        let data = try request.socket.receive(maxCount: 1024) ?? []
        _ = try request.socket.send(Array("\(getpid()): ".utf8) + data)
    }
}

/// Serves `server` on a new thread, sends "Hello, world" as the seeds' clients do, prints the
/// exchange, then shuts the server down and closes it.
func echoRoundTrip(_ server: BaseServer, before: (ServerThread) -> Void = { _ in }) throws {
    let thread = try ServerThread.start(target: "serve_forever") { server.serveForever() }
    before(thread)
    let client = try Socket(family: .ipv4, type: .stream)
    client.timeout = .seconds(10)
    try client.connect(to: server.serverAddress)
    let message = Array("Hello, world".utf8)
    Console.line("Sending : \(pythonBytes(message))")
    _ = try client.send(message)
    let response = try client.receive(maxCount: 1024) ?? []
    Console.line("Received: \(pythonBytes(response))")
    server.shutdown()
    thread.join()
    client.close()
    server.serverClose()
}

struct SimpleEcho: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socketserver_echo_simple", abstract: "socketserver_echo_simple.py: a TCPServer echoes one message.")

    func run() throws {
        try echoRoundTrip(try TCPServer(host: "127.0.0.1", port: 0, handler: SimpleEchoHandler.self))
    }
}

struct ThreadedEcho: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socketserver_threaded", abstract: "socketserver_threaded.py: a ThreadingTCPServer names the handler's thread.")

    func run() throws {
        let server = try ThreadingTCPServer(host: "127.0.0.1", port: 0, handler: ThreadedEchoHandler.self)
        try echoRoundTrip(server) { thread in Console.line("Server loop running in thread: \(thread.name)") }
    }
}

struct ForkingEcho: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socketserver_forking", abstract: "socketserver_forking.py: a ForkingTCPServer names the handler's process.")

    func run() throws {
        let server = try ForkingTCPServer(host: "127.0.0.1", port: 0, handler: ForkingEchoHandler.self)
        try echoRoundTrip(server) { _ in Console.line("Server loop running in process: \(getpid())") }
    }
}
