import Glibc

/// A value a ``SocketOption`` reads and writes as a C `int`.
///
/// Python: the integer argument of `setsockopt` and result of `getsockopt`.
public protocol SocketOptionValue {
    /// The value from the C `int` the kernel returned.
    ///
    /// Python: `getsockopt(level, name)`.
    init(socketOptionValue: Int32)
    /// The C `int` to give the kernel.
    ///
    /// Python: the `value` of `setsockopt(level, name, value)`.
    var socketOptionValue: Int32 { get }
}

extension Bool: SocketOptionValue {
    /// True for any non-zero value.
    ///
    /// Python: `bool(getsockopt(...))`.
    public init(socketOptionValue: Int32) { self = socketOptionValue != 0 }
    /// 1 or 0.
    ///
    /// Python: `setsockopt(..., 1)`.
    public var socketOptionValue: Int32 { self ? 1 : 0 }
}

extension Int32: SocketOptionValue {
    /// The value itself.
    ///
    /// Python: `getsockopt(...)`.
    public init(socketOptionValue: Int32) { self = socketOptionValue }
    /// The value itself.
    ///
    /// Python: `setsockopt(..., n)`.
    public var socketOptionValue: Int32 { self }
}

extension Int: SocketOptionValue {
    /// The value, widened.
    ///
    /// Python: `getsockopt(...)`.
    public init(socketOptionValue: Int32) { self = Int(socketOptionValue) }
    /// The value, clamped to the C `int` range.
    ///
    /// Python: `setsockopt(..., n)`.
    public var socketOptionValue: Int32 { Int32(clamping: self) }
}

/// A socket option: its level, its name, and the Swift type of its value.
///
/// Use the named options (`.reuseAddress`, `.noDelay`...) or any other `int` option by number:
/// `SocketOption<Int32>(level: IPPROTO_IP, name: IP_TOS)`.
///
/// Python: the `(level, optname)` pair of `getsockopt`/`setsockopt`.
public struct SocketOption<Value: SocketOptionValue>: Hashable, Sendable {
    /// The protocol level: `SOL_SOCKET`, `IPPROTO_TCP`, `IPPROTO_IP`, `IPPROTO_IPV6`...
    ///
    /// Python: `level`.
    public let level: Int32
    /// The option name at that level: `SO_REUSEADDR`, `TCP_NODELAY`...
    ///
    /// Python: `optname`.
    public let name: Int32

    /// An option by level and name, for options this module does not name.
    ///
    /// Python: `socket.setsockopt(level, optname, value)`.
    public init(level: Int32, name: Int32) {
        self.level = level
        self.name = name
    }
}

extension SocketOption where Value == Bool {
    /// `SO_REUSEADDR`: bind a port still in `TIME_WAIT` (servers set it before `bind`).
    ///
    /// Python: `SOL_SOCKET, SO_REUSEADDR`; `socketserver.TCPServer.allow_reuse_address`.
    public static var reuseAddress: Self { Self(level: SOL_SOCKET, name: SO_REUSEADDR) }
    /// `SO_REUSEPORT`: several sockets bind one port and the kernel spreads connections among them.
    ///
    /// Python: `SOL_SOCKET, SO_REUSEPORT`; `socketserver.TCPServer.allow_reuse_port`.
    public static var reusePort: Self { Self(level: SOL_SOCKET, name: SO_REUSEPORT) }
    /// `SO_KEEPALIVE`: probe idle TCP connections.
    ///
    /// Python: `SOL_SOCKET, SO_KEEPALIVE`.
    public static var keepAlive: Self { Self(level: SOL_SOCKET, name: SO_KEEPALIVE) }
    /// `SO_BROADCAST`: let a UDP socket send to broadcast addresses.
    ///
    /// Python: `SOL_SOCKET, SO_BROADCAST`.
    public static var broadcast: Self { Self(level: SOL_SOCKET, name: SO_BROADCAST) }
    /// `TCP_NODELAY`: send small segments at once (no Nagle delay).
    ///
    /// Python: `IPPROTO_TCP, TCP_NODELAY`; `StreamRequestHandler.disable_nagle_algorithm`.
    public static var noDelay: Self { Self(level: Int32(IPPROTO_TCP), name: TCP_NODELAY) }
    /// `IPV6_V6ONLY`: an IPv6 socket refuses IPv4-mapped traffic (set before `bind`).
    ///
    /// Python: `IPPROTO_IPV6, IPV6_V6ONLY`.
    public static var ipv6Only: Self { Self(level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY) }
    /// `IP_MULTICAST_LOOP`: deliver our own IPv4 multicast datagrams to local listeners.
    ///
    /// Python: `IPPROTO_IP, IP_MULTICAST_LOOP`.
    public static var multicastLoop: Self { Self(level: Int32(IPPROTO_IP), name: IP_MULTICAST_LOOP) }
}

extension SocketOption where Value == Int {
    /// `SO_RCVBUF`: the receive buffer size in bytes (Linux doubles what is set, and reports the double).
    ///
    /// Python: `SOL_SOCKET, SO_RCVBUF`.
    public static var receiveBufferSize: Self { Self(level: SOL_SOCKET, name: SO_RCVBUF) }
    /// `SO_SNDBUF`: the send buffer size in bytes (Linux doubles what is set, and reports the double).
    ///
    /// Python: `SOL_SOCKET, SO_SNDBUF`.
    public static var sendBufferSize: Self { Self(level: SOL_SOCKET, name: SO_SNDBUF) }
    /// `IP_MULTICAST_TTL`: how many hops IPv4 multicast datagrams may travel (default 1).
    ///
    /// Python: `IPPROTO_IP, IP_MULTICAST_TTL` (packed as one byte there; Linux takes an int too).
    public static var multicastTimeToLive: Self { Self(level: Int32(IPPROTO_IP), name: IP_MULTICAST_TTL) }
    /// `IPV6_MULTICAST_HOPS`: the IPv6 counterpart of ``multicastTimeToLive``.
    ///
    /// Python: `IPPROTO_IPV6, IPV6_MULTICAST_HOPS`.
    public static var multicastHops: Self { Self(level: Int32(IPPROTO_IPV6), name: IPV6_MULTICAST_HOPS) }
}

extension SocketOption where Value == Int32 {
    /// `SO_ERROR`: the pending error, 0 if none; reading it clears it. See ``Socket/finishConnect()``.
    ///
    /// Python: `SOL_SOCKET, SO_ERROR`.
    public static var error: Self { Self(level: SOL_SOCKET, name: SO_ERROR) }
}
