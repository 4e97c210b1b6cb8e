import Reactor

/// A socket the server receives on: a stream listener, or a datagram socket it echoes on.
public struct Listener: CustomStringConvertible, Sendable {
    /// What a listener carries.
    public enum Transport: String, Sendable {
        case tcp
        case udp
        case unix
        case unixDatagram = "unix-dgram"
    }

    /// The transport, as printed at start-up: `tcp`, `udp`, `unix`, `unix-dgram`.
    public let transport: Transport
    /// The address bound; for a port 0 request, the port the kernel picked.
    public let address: SocketAddress

    /// `listening tcp 127.0.0.1:10000`: the line `reactor-echo` prints for scripts to wait on.
    public var description: String { "listening \(transport.rawValue) \(address)" }
}
