extension Socket {
    /// Resolves `host` and connects a stream socket to the first of its addresses that accepts.
    ///
    /// Each address `getaddrinfo` gives for a stream socket is tried in turn, IPv4 or IPv6, with a
    /// socket of that address's family and protocol; the first connected socket is returned and the
    /// others are closed. The socket keeps `timeout` (nil: blocking) for later operations, as Python's does.
    ///
    /// Python: `socket.create_connection((host, port), timeout, source_address)`.
    /// - Parameters:
    ///   - host: A host name or numeric address.
    ///   - port: The port.
    ///   - timeout: The socket's ``timeout``, which also bounds each connection attempt; nil blocks.
    ///   - sourceAddress: A local address to bind to before connecting, if any.
    /// - Returns: The connected socket, which may be given away to another thread.
    /// - Throws: ``ConnectionError/resolve(_:)`` when `host` does not resolve;
    ///   ``ConnectionError/connect(host:port:attempts:)`` with every attempt's ``SocketError`` when none connects.
    public static func makeConnection(
        host: String, port: UInt16, timeout: Duration? = nil, sourceAddress: SocketAddress? = nil
    ) throws(ConnectionError) -> sending Socket {
        let candidates: [AddressInfo]
        do {
            candidates = try Resolver.addressInfo(host: host, port: port, type: .stream)
        } catch {
            throw .resolve(error)
        }
        var attempts: [SocketError] = []
        for candidate in candidates {
            do throws(SocketError) {
                let socket = try Socket(family: candidate.family, type: candidate.type, protocol: candidate.protocol)
                socket.timeout = timeout
                if let sourceAddress { try socket.bind(to: sourceAddress) }
                try socket.connect(to: candidate.address)
                return socket
            } catch {
                attempts.append(error)
            }
        }
        throw .connect(host: host, port: port, attempts: attempts)
    }
}
