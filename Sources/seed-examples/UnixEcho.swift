import ArgumentParser
import Glibc
import Sockets

// socket_echo_server_uds.py, socket_echo_client_uds.py.

struct EchoServerUDS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_echo_server_uds", abstract: "Unix-domain stream echo server, one client at a time.")

    @Option(help: "The socket's path (the seed's: ./uds_socket).")
    var path = "./uds_socket"

    @OptionGroup var bounds: Bounds

    func run() throws {
        bounds.start()
        let address = try SocketAddress(unixPath: path)
        // The seed unlinks whatever is there; this removes only a socket file no server listens on.
        try Socket.removeStaleUnixSocket(at: address)
        let listener = try Socket(family: .unix, type: .stream)
        out("starting up on \(path)")
        try listener.bind(to: address)
        try listener.listen(backlog: 1)
        try StreamEchoLoop().serve(listener, bounds)
    }
}

struct EchoClientUDS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_echo_client_uds", abstract: "Unix-domain stream echo client.")

    @Option(help: "The server's socket path (the seed's: ./uds_socket).")
    var path = "./uds_socket"

    func run() throws {
        let socket = try Socket(family: .unix, type: .stream)
        out("connecting to \(path)")
        let address = try SocketAddress(unixPath: path)
        do throws(SocketError) {
            try socket.connect(to: address)
        } catch {
            out(error.pythonDescription)  // print(msg); sys.exit(1)
            throw ExitCode(1)
        }
        defer { out("closing socket"); socket.close() }
        try sendAndReceiveEcho(socket)
    }
}
