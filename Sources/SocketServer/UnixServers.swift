import Reactor

/// A stream server on a Unix socket path. A stale socket file at the path (left by a server that
/// is gone) is replaced; a live one, or a file that is not a socket, is refused with a
/// ``SocketServerError``. ``BaseServer/serverClose()`` removes the socket file it made.
///
/// Python: `socketserver.UnixStreamServer`.
open class UnixStreamServer: TCPServer, @unchecked Sendable {
    /// Creates a server bound at `path` (a leading `"\0"` names an abstract socket, with no file).
    ///
    /// Python: `UnixStreamServer(path, RequestHandlerClass)`.
    /// - Throws: ``SocketServerError/address(_:)`` for a path longer than `sun_path` holds;
    ///   ``SocketServerError/unixSocketInUse(path:)``; ``SocketServerError/notASocket(path:)``.
    public convenience init(
        path: String, handler: BaseRequestHandler.Type, model: ProcessingModel? = nil, bindAndActivate: Bool = true
    ) throws(SocketServerError) {
        try self.init(address: try unixAddress(path), handler: handler, model: model, bindAndActivate: bindAndActivate)
    }
}

/// A datagram server on a Unix socket path; clients must bind their own path to get replies.
///
/// Python: `socketserver.UnixDatagramServer`.
open class UnixDatagramServer: UDPServer, @unchecked Sendable {
    /// Creates a server bound at `path`.
    ///
    /// Python: `UnixDatagramServer(path, RequestHandlerClass)`.
    /// - Throws: As ``UnixStreamServer/init(path:handler:model:bindAndActivate:)``.
    public convenience init(
        path: String, handler: BaseRequestHandler.Type, model: ProcessingModel? = nil, bindAndActivate: Bool = true
    ) throws(SocketServerError) {
        try self.init(address: try unixAddress(path), handler: handler, model: model, bindAndActivate: bindAndActivate)
    }
}

private func unixAddress(_ path: String) throws(SocketServerError) -> SocketAddress {
    do { return try SocketAddress(unixPath: path) } catch { throw .address(error) }
}

/// The address to bind for the `host:port:` initializers: `host` as numeric IPv4 or IPv6 text, or
/// else as a host name, its first IPv4 address, or its first IPv6 address when it has none
/// (`localhost` is 127.0.0.1, as for Python's `bind`).
func hostAddress(_ host: String, _ port: UInt16) throws(SocketServerError) -> SocketAddress {
    do { return try SocketAddress(host: host, port: port) } catch {
        guard case .notNumericHost = error else { throw .address(error) }
    }
    if let address = try? SocketAddress.resolve(host: host, port: port, family: .ipv4) { return address }
    do { return try SocketAddress.resolve(host: host, port: port) } catch { throw .resolver(error) }
}
