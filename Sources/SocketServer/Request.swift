import Sockets

/// One request as a server hands it to its hooks: a connection, or a datagram and the socket it
/// arrived on.
///
/// Python: the `request` argument of the server hooks: the connected socket for stream servers,
/// the tuple `(data, socket)` for datagram servers.
public enum Request {
    /// An accepted connection (stream servers).
    ///
    /// Python: the socket returned by `accept()`.
    case connection(Socket)
    /// One datagram and the server's socket, to reply on (datagram servers).
    ///
    /// Python: the `(data, socket)` tuple of `UDPServer.get_request()`.
    case datagram(packet: [UInt8], socket: Socket)

    /// The connection, or the server socket the datagram arrived on.
    ///
    /// Python: `request` (stream) or `request[1]` (datagram).
    public var socket: Socket {
        switch self {
        case .connection(let socket): socket
        case .datagram(_, let socket): socket
        }
    }

    /// The datagram's bytes; nil for a connection.
    ///
    /// Python: `request[0]` of a datagram request.
    public var packet: [UInt8]? {
        switch self {
        case .connection: nil
        case .datagram(let packet, _): packet
        }
    }
}

@available(*, unavailable, message: "a Request holds a Socket, which one thread uses at a time")
extension Request: Sendable {}

extension Request: CustomStringConvertible {
    /// As Python 3 prints it, for traces: `<socket.socket fd=7, family=2, type=1, proto=0,
    /// laddr=('127.0.0.1', 55484), raddr=('127.0.0.1', 55485)>` (the family and type as numbers, as
    /// since Python 3.11; the seed, from 3.6, shows `family=AddressFamily.AF_INET`), and
    /// `(12 bytes, <socket.socket ...>)` for a datagram.
    ///
    /// Python: `repr(request)`.
    public var description: String {
        switch self {
        case .connection(let socket): Request.describe(socket)
        case .datagram(let packet, let socket): "(\(packet.count) bytes, \(Request.describe(socket)))"
        }
    }

    static func describe(_ socket: Socket) -> String {
        let family = "family=\(socket.family.rawValue), type=\(socket.type.rawValue), proto=\(socket.protocol)"
        guard socket.isOpen else { return "<socket.socket [closed] fd=-1, \(family)>" }
        var text = "<socket.socket fd=\(socket.fileDescriptor), \(family)"
        if let local = try? socket.localAddress { text += ", laddr=\(local.pythonDescription)" }
        if let peer = try? socket.peerAddress { text += ", raddr=\(peer.pythonDescription)" }
        return text + ">"
    }
}
