import ArgumentParser
import CommandLineSupport
import Sockets

// socket_echo_server_dgram.py, socket_echo_client_dgram.py.

struct EchoServerDgram: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_echo_server_dgram", abstract: "UDP echo server on localhost.")

    @OptionGroup var server: ServerOptions

    func run() throws {
        server.bounds.start()
        let socket = try Socket(family: .ipv4, type: .datagram)
        try socket.bind(to: ipv4Address("localhost", server.port, type: .datagram))
        out("starting up on localhost port \(try socket.localAddress.port ?? 0)")
        var served = 0
        while true {
            out("\nwaiting to receive message")
            if server.bounds.isDone(served: served) { return }
            guard let (data, address) = try socket.receiveFrom(maxCount: 4096) else { continue }
            out("received \(data.count) bytes from \(address.pythonDescription)")
            out(pythonBytes(data))
            if !data.isEmpty {
                let sent = try socket.send(data, to: address) ?? 0
                out("sent \(sent) bytes back to \(address.pythonDescription)")
            }
            served += 1
        }
    }
}

struct EchoClientDgram: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_echo_client_dgram", abstract: "UDP echo client: sends the message, prints the echo.")

    @OptionGroup var client: ClientOptions

    func run() throws {
        let socket = try Socket(family: .ipv4, type: .datagram)
        defer { out("closing socket"); socket.close() }
        out("sending \(pythonBytes(seedMessage))")
        try socket.send(seedMessage, to: ipv4Address(client.host, client.port, type: .datagram))
        out("waiting to receive")
        let (data, _) = try socket.receiveFrom(maxCount: 4096) ?? ([], SocketAddress(host: "", port: 0))
        out("received \(pythonBytes(data))")
    }
}
