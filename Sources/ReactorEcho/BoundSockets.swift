import Glibc
import Reactor

/// The sockets an echo server receives on, bound (and, for streams, listening) as a configuration
/// asks: TCP, UDP, a Unix stream path, a Unix datagram path. Both ``EchoServer`` (callbacks) and
/// ``AsyncEchoServer`` (tasks) start from here.
struct BoundSockets {
    /// One bound socket: what it is, for the start-up line, and the socket itself (non-blocking).
    struct Entry {
        let listener: Listener
        let socket: Socket
        var isStream: Bool { listener.transport == .tcp || listener.transport == .unix }
    }

    private(set) var entries: [Entry] = []
    /// The Unix socket files created, to remove when the server closes (if still theirs).
    private(set) var unixFiles: [UnixSocketFile] = []

    /// Binds every socket `configuration` asks for.
    ///
    /// - Throws: ``EchoServerError``: a bad address, a port in use, an unusable Unix path. Nothing
    ///   stays open when it throws.
    init(configuration: EchoConfiguration) throws(EchoServerError) {
        do {
            try open(configuration)
        } catch {
            close()
            throw error
        }
    }

    /// The longest datagram a peer can send the Unix datagram `socket`, which can then echo it whole.
    ///
    /// A Unix datagram is as long as its sender's send buffer allows (unix(7)): up to twice
    /// `net.core.wmem_max` for an unprivileged sender, 8 MiB with Debian's default. The socket's own
    /// send buffer is raised to that limit, so each datagram can be echoed whole.
    static func largestUnixDatagram(on socket: Socket) throws(EchoServerError) -> Int {
        do {
            try socket.setOption(.sendBufferSize, Int(Int32.max))  // the kernel caps it at the limit
            return try socket.option(.sendBufferSize)
        } catch {
            throw .socket(error)
        }
    }

    /// Closes every socket and removes the Unix socket files.
    func close() {
        for entry in entries { entry.socket.close() }
        for file in unixFiles { file.remove() }
    }

    private mutating func open(_ configuration: EchoConfiguration) throws(EchoServerError) {
        let host = configuration.host
        try bind(.tcp, at: try Self.address(host: host, port: configuration.port, type: .stream), reusePort: configuration.reusePort)
        if let port = configuration.udpPort {
            try bind(.udp, at: try Self.address(host: host, port: port, type: .datagram), reusePort: configuration.reusePort)
        }
        if let path = configuration.unixPath {
            try bind(.unix, at: try unixAddress(path), reusePort: false)
        }
        if let path = configuration.unixDatagramPath {
            try bind(.unixDatagram, at: try unixAddress(path), reusePort: false)
        }
    }

    /// `host` as numeric IPv4 or IPv6 text, or else as a host name: its first IPv4 address, or its
    /// first IPv6 address when it has none (`localhost` is 127.0.0.1, as for Python's `bind`).
    static func address(host: String, port: UInt16, type: Socket.Kind) throws(EchoServerError) -> SocketAddress {
        do { return try SocketAddress(host: host, port: port) } catch {
            guard case .notNumericHost = error else { throw .address(error) }
        }
        if let address = try? SocketAddress.resolve(host: host, port: port, family: .ipv4, type: type) { return address }
        do { return try SocketAddress.resolve(host: host, port: port, type: type) } catch { throw .resolver(error) }
    }

    private func address(_ make: () throws(SocketAddressError) -> SocketAddress) throws(EchoServerError) -> SocketAddress {
        do { return try make() } catch { throw .address(error) }
    }

    private func unixAddress(_ path: String) throws(EchoServerError) -> SocketAddress {
        let address = try address { () throws(SocketAddressError) in try SocketAddress(unixPath: path) }
        do { try Socket.removeStaleUnixSocket(at: address) } catch { throw .socket(error) }
        return address
    }

    /// Binds a non-blocking socket of `transport` to `address` (and listens, for streams).
    private mutating func bind(_ transport: Listener.Transport, at address: SocketAddress, reusePort: Bool) throws(EchoServerError) {
        let isStream = transport == .tcp || transport == .unix
        let socket: Socket
        do { socket = try Socket(family: address.family ?? .ipv4, type: isStream ? .stream : .datagram) } catch {
            throw .socket(error)
        }
        do {
            if address.family != .unix {
                try socket.setOption(.reuseAddress, true)
                if reusePort { try socket.setOption(.reusePort, true) }
            }
            socket.isBlocking = false
            try socket.bind(to: address)
            if case .unix(let path) = address.kind, let file = UnixSocketFile(boundAt: path) { unixFiles.append(file) }
            if isStream { try socket.listen(backlog: 4096) }
            entries.append(Entry(listener: Listener(transport: transport, address: try socket.localAddress), socket: socket))
        } catch {
            socket.close()
            throw .socket(error)
        }
    }
}
