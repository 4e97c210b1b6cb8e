import Glibc

extension Socket {
    /// Address families.
    ///
    /// Python: `socket.AF_INET`, `socket.AF_INET6`, `socket.AF_UNIX`.
    public enum Family: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        /// IPv4 (`AF_INET`).
        ///
        /// Python: `socket.AF_INET`.
        case ipv4
        /// IPv6 (`AF_INET6`).
        ///
        /// Python: `socket.AF_INET6`.
        case ipv6
        /// Unix domain sockets (`AF_UNIX`).
        ///
        /// Python: `socket.AF_UNIX`.
        case unix

        /// The `AF_` constant.
        ///
        /// Python: `int(socket.AF_INET)`.
        public var rawValue: Int32 {
            switch self {
            case .ipv4: AF_INET
            case .ipv6: AF_INET6
            case .unix: AF_UNIX
            }
        }

        /// The family for an `AF_` constant; nil for other families.
        ///
        /// Python: `socket.AddressFamily(n)`.
        public init?(rawValue: Int32) {
            switch rawValue {
            case AF_INET: self = .ipv4
            case AF_INET6: self = .ipv6
            case AF_UNIX: self = .unix
            default: return nil
            }
        }

        /// The C name: `AF_INET`, `AF_INET6`, `AF_UNIX`.
        ///
        /// Python: `socket.AddressFamily.AF_INET.name`.
        public var description: String {
            switch self {
            case .ipv4: "AF_INET"
            case .ipv6: "AF_INET6"
            case .unix: "AF_UNIX"
            }
        }
    }

    /// Socket types.
    ///
    /// Python: `socket.SOCK_STREAM`, `socket.SOCK_DGRAM`, `socket.SOCK_SEQPACKET`, `socket.SOCK_RAW`.
    public enum Kind: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        /// A byte stream: TCP, or a Unix stream socket (`SOCK_STREAM`).
        ///
        /// Python: `socket.SOCK_STREAM`.
        case stream
        /// Datagrams: UDP, or a Unix datagram socket (`SOCK_DGRAM`).
        ///
        /// Python: `socket.SOCK_DGRAM`.
        case datagram
        /// Ordered, reliable datagrams, on Unix sockets (`SOCK_SEQPACKET`).
        ///
        /// Python: `socket.SOCK_SEQPACKET`.
        case seqPacket
        /// Raw packets; needs `CAP_NET_RAW` (`SOCK_RAW`). Listed so that resolver results can say so.
        ///
        /// Python: `socket.SOCK_RAW`.
        case raw

        /// The `SOCK_` constant.
        ///
        /// Python: `int(socket.SOCK_STREAM)`.
        public var rawValue: Int32 {
            switch self {
            case .stream: Int32(SOCK_STREAM.rawValue)
            case .datagram: Int32(SOCK_DGRAM.rawValue)
            case .seqPacket: Int32(SOCK_SEQPACKET.rawValue)
            case .raw: Int32(SOCK_RAW.rawValue)
            }
        }

        /// The type for a `SOCK_` constant (flags such as `SOCK_NONBLOCK` ignored); nil for others.
        ///
        /// Python: `socket.SocketKind(n)`.
        public init?(rawValue: Int32) {
            let type = rawValue & ~(Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            switch type {
            case Int32(SOCK_STREAM.rawValue): self = .stream
            case Int32(SOCK_DGRAM.rawValue): self = .datagram
            case Int32(SOCK_SEQPACKET.rawValue): self = .seqPacket
            case Int32(SOCK_RAW.rawValue): self = .raw
            default: return nil
            }
        }

        /// The C name: `SOCK_STREAM`, `SOCK_DGRAM`, `SOCK_SEQPACKET`, `SOCK_RAW`.
        ///
        /// Python: `socket.SocketKind.SOCK_STREAM.name`.
        public var description: String {
            switch self {
            case .stream: "SOCK_STREAM"
            case .datagram: "SOCK_DGRAM"
            case .seqPacket: "SOCK_SEQPACKET"
            case .raw: "SOCK_RAW"
            }
        }
    }
}
