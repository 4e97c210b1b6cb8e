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

/// The address of a numeric IPv4 or IPv6 host and a port, for the `host:port:` initializers.
func hostAddress(_ host: String, _ port: UInt16) throws(SocketServerError) -> SocketAddress {
    do { return try SocketAddress(host: host, port: port) } catch { throw .address(error) }
}
