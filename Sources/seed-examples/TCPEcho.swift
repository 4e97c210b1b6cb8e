import ArgumentParser
import Sockets

// socket_echo_server.py, socket_echo_client.py, socket_echo_client_easy.py,
// socket_echo_server_explicit.py, socket_echo_client_explicit.py, socket_echo_server_any.py.

struct EchoServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_echo_server", abstract: "TCP echo server on localhost, one client at a time.")

    @OptionGroup var server: ServerOptions

    func run() throws {
        server.bounds.start()
        let listener = try Socket(family: .ipv4, type: .stream)
        try listener.bind(to: ipv4Address("localhost", server.port))
        out("starting up on localhost port \(try listener.localAddress.port ?? 0)")
        try listener.listen(backlog: 1)
        try StreamEchoLoop().serve(listener, server.bounds)
    }
}

struct EchoClient: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_echo_client", abstract: "TCP echo client: sends the message, prints the echo.")

    @OptionGroup var client: ClientOptions

    func run() throws {
        let socket = try Socket(family: .ipv4, type: .stream)
        out("connecting to \(client.host) port \(client.port)")
        try socket.connect(to: ipv4Address(client.host, client.port))
        defer { out("closing socket"); socket.close() }
        try sendAndReceiveEcho(socket)
    }
}

struct EchoClientEasy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_echo_client_easy", abstract: "TCP echo client on create_connection (Socket.makeConnection).")

    @OptionGroup var client: ClientOptions

    func run() throws {
        let socket = try Socket.makeConnection(host: client.host, port: client.port)
        out("Family  :", socket.family.description)
        out("Type    :", socket.type.description)
        out("Protocol:", protocolConstantName(socket.protocol))
        out()
        defer { out("closing socket"); socket.close() }
        try sendAndReceiveEcho(socket)
    }
}

struct EchoServerExplicit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_echo_server_explicit", abstract: "TCP echo server on the address named on the command line.")

    @Argument(help: "The host name or address to listen on (the seed's: hubert.hellfly.net).")
    var serverName: String

    @OptionGroup var server: ServerOptions

    func run() throws {
        server.bounds.start()
        let listener = try Socket(family: .ipv4, type: .stream)
        try listener.bind(to: ipv4Address(serverName, server.port))
        out("starting up on \(serverName) port \(try listener.localAddress.port ?? 0)")
        try listener.listen(backlog: 1)
        try StreamEchoLoop(acceptedLabel: "client connected:", isVerbose: false).serve(listener, server.bounds)
    }
}

struct EchoClientExplicit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_echo_client_explicit", abstract: "TCP echo client to the server named on the command line.")

    @Argument(help: "The server's host name or address (the seed's: hubert.hellfly.net).")
    var serverName: String

    @Option(help: "The server's port (the seed's: 10000).")
    var port: UInt16 = 10000

    func run() throws {
        let socket = try Socket(family: .ipv4, type: .stream)
        defer { socket.close() }
        out("connecting to \(serverName) port \(port)")
        try socket.connect(to: ipv4Address(serverName, port))
        try sendAndReceiveEcho(socket)
    }
}

struct EchoServerAny: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_echo_server_any", abstract: "TCP echo server on every address (INADDR_ANY).")

    @OptionGroup var server: ServerOptions

    func run() throws {
        server.bounds.start()
        let listener = try Socket(family: .ipv4, type: .stream)
        try listener.bind(to: SocketAddress(host: "", port: server.port))
        let local = try listener.localAddress
        out("starting up on \(local.host ?? "") port \(local.port ?? 0)")
        try listener.listen(backlog: 1)
        try StreamEchoLoop(acceptedLabel: "client connected:", isVerbose: false).serve(listener, server.bounds)
    }
}
