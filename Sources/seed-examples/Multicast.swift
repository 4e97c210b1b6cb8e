import ArgumentParser
import CommandLineSupport
import Glibc
import Sockets

// socket_multicast_sender.py, socket_multicast_receiver.py. As the seed's, they join and send on the
// interface the routing table picks for the group (`--interface any`, the default), so they reach the
// seed's own programs; `--interface lo` keeps the traffic on the loopback interface (a machine with
// no route for 224.3.29.71, where the seed's programs fail too).

/// The seed's group.
private let multicastGroup = "224.3.29.71"

/// The interface option shared by the sender and the receiver.
struct InterfaceOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Network interface to send and join on: `any` (the seed's: the one the routing table picks) or a name (lo: the loopback).",
        valueName: "name"))
    var interface = "any"

    /// The interface index; 0 for `any`.
    func index() throws -> UInt32 {
        if interface == "any" { return 0 }
        let index = if_nametoindex(interface)
        guard index != 0 else { throw ValidationError("no network interface named \(interface)") }
        return index
    }
}

struct MulticastSender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_multicast_sender",
        abstract: "Sends one datagram to the group 224.3.29.71 and prints every acknowledgement until 0.2 s pass.")

    @Option(help: "The group's port (the seed's: 10000).")
    var port: UInt16 = 10000

    @OptionGroup var interface: InterfaceOption

    func run() throws {
        let message = Array("very important data".utf8)
        let group = try SocketAddress(host: multicastGroup, port: port)
        let socket = try Socket(family: .ipv4, type: .datagram)
        socket.timeout = .milliseconds(200)
        try socket.setOption(.multicastTimeToLive, 1)
        let index = try interface.index()
        if index != 0 { try socket.setMulticastInterface(index) }
        out("sending \(pythonBytes(message))")
        defer {
            out("closing socket")
            socket.close()
        }
        try socket.send(message, to: group)
        try printResponses(socket)
    }

    /// Looks for responses from all recipients until the socket's timeout passes.
    private func printResponses(_ socket: Socket) throws {
        while true {
            out("waiting to receive")
            let received: (bytes: [UInt8], from: SocketAddress)?
            do throws(SocketError) {
                received = try socket.receiveFrom(maxCount: 16)
            } catch {
                guard error.isTimeout else { throw error }
                out("timed out, no more responses")
                return
            }
            if let (data, server) = received {
                out("received \(pythonBytes(data)) from \(server.pythonDescription)")
            }
        }
    }
}

struct MulticastReceiver: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_multicast_receiver",
        abstract: "Joins the group 224.3.29.71 and acknowledges every datagram it receives.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var interface: InterfaceOption

    func run() throws {
        server.bounds.start()
        let socket = try Socket(family: .ipv4, type: .datagram)
        try socket.bind(to: SocketAddress(host: "", port: server.port))
        try announcePort(socket, asked: server.port)
        try socket.joinMulticastGroup(SocketAddress(host: multicastGroup, port: 0), interfaceIndex: try interface.index())
        var served = 0
        while true {
            out("\nwaiting to receive message")
            if server.bounds.isDone(served: served) { return }
            guard let (data, address) = try socket.receiveFrom(maxCount: 1024) else { continue }
            out("received \(data.count) bytes from \(address.pythonDescription)")
            out(pythonBytes(data))
            out("sending acknowledgement to", address.pythonDescription)
            try socket.send(Array("ack".utf8), to: address)
            served += 1
        }
    }
}
