import Reactor

/// A stream server: TCP over IPv4 or IPv6 (by the address given), the base of the other servers.
///
/// ```swift
/// let server = try TCPServer(host: "127.0.0.1", port: 0, handler: Echo.self)
/// defer { server.serverClose() }
/// server.serveForever()
/// ```
///
/// The model follows the handler unless given: ``ProcessingModel/reactor`` for a
/// ``ReactorStreamHandler``, ``ProcessingModel/synchronous`` for a blocking handler, as Python's
/// `TCPServer`. Bind-time settings (``allowReuseAddress``, ``allowReusePort``,
/// ``requestQueueSize``) are read by ``serverBind()`` and ``serverActivate()``: to change them,
/// create with `bindAndActivate: false`, set them, then call both, or override `serverBind()`.
///
/// Python: `socketserver.TCPServer`.
open class TCPServer: BaseServer, @unchecked Sendable {
    /// The socket type this class creates.
    ///
    /// Python: `TCPServer.socket_type`.
    open class var socketType: Socket.Kind { .stream }

    /// Sets `SO_REUSEADDR` before binding (for IP addresses). Default false.
    ///
    /// Python: `TCPServer.allow_reuse_address`.
    public var allowReuseAddress = false
    /// Sets `SO_REUSEPORT` before binding (for IP addresses). Default false.
    ///
    /// Python: `TCPServer.allow_reuse_port`.
    public var allowReusePort = false
    /// The `listen` backlog. Default 5, as in Python; raise it for many simultaneous clients.
    ///
    /// Python: `TCPServer.request_queue_size`.
    public var requestQueueSize: Int32 = 5

    /// Creates the socket for `address` (its family decides IPv4, IPv6 or Unix) and, unless
    /// `bindAndActivate` is false, binds and activates it (closing it again if that fails).
    ///
    /// Python: `TCPServer(server_address, RequestHandlerClass, bind_and_activate=True)`.
    /// - Parameters:
    ///   - address: The address; port 0 lets the kernel pick one (see ``BaseServer/serverAddress``).
    ///   - handler: The handler class.
    ///   - model: nil for the handler's natural model (see ``BaseServer/init(serverAddress:socket:handler:model:)``).
    ///   - bindAndActivate: false to call ``serverBind()`` and ``serverActivate()`` yourself.
    /// - Throws: ``SocketServerError``: the port in use, a live or foreign Unix socket file, a handler
    ///   that does not fit the model...
    public init(
        address: SocketAddress, handler: BaseRequestHandler.Type, model: ProcessingModel? = nil, bindAndActivate: Bool = true
    ) throws(SocketServerError) {
        let socket: Socket
        do { socket = try Socket(family: address.family ?? .ipv4, type: Self.socketType) } catch { throw .socket(error) }
        try super.init(serverAddress: address, socket: socket, handler: handler, model: model)
        guard bindAndActivate else { return }
        do {
            try serverBind()
            try serverActivate()
        } catch {
            serverClose()
            throw error
        }
    }

    /// Creates a server on a host and a port: numeric IPv4 or IPv6, or a host name (its first IPv4
    /// address, or its first IPv6 address when it has none; `localhost` is 127.0.0.1).
    ///
    /// Python: `TCPServer((host, port), RequestHandlerClass)`.
    /// - Throws: ``SocketServerError/address(_:)`` for a malformed numeric host,
    ///   ``SocketServerError/resolver(_:)`` for a name that does not resolve; as
    ///   ``init(address:handler:model:bindAndActivate:)``.
    public convenience init(
        host: String, port: UInt16, handler: BaseRequestHandler.Type, model: ProcessingModel? = nil, bindAndActivate: Bool = true
    ) throws(SocketServerError) {
        try self.init(address: try hostAddress(host, port), handler: handler, model: model, bindAndActivate: bindAndActivate)
    }

    /// Binds the socket to ``BaseServer/serverAddress`` and records the address bound. A Unix
    /// path holding a stale socket file (nothing listens) is replaced; a live one is refused.
    ///
    /// Python: `TCPServer.server_bind()`.
    /// - Throws: ``SocketServerError/socket(_:)`` (`EADDRINUSE`...), ``SocketServerError/unixSocketInUse(path:)``,
    ///   ``SocketServerError/notASocket(path:)``.
    open func serverBind() throws(SocketServerError) {
        if case .unix(let path) = serverAddress.kind { try UnixSocketFile.clear(path: path, address: serverAddress) }
        do {
            if socket.family != .unix {
                if allowReuseAddress { try socket.setOption(.reuseAddress, true) }
                if allowReusePort { try socket.setOption(.reusePort, true) }
            }
            try socket.bind(to: serverAddress)
            serverAddress = try socket.localAddress
        } catch {
            throw .socket(error)
        }
        if case .unix(let path) = serverAddress.kind { unixSocketFile = UnixSocketFile(boundAt: path) }
    }

    /// Starts listening with a backlog of ``requestQueueSize``.
    ///
    /// Python: `TCPServer.server_activate()`.
    /// - Throws: ``SocketServerError/socket(_:)`` from `listen`.
    open func serverActivate() throws(SocketServerError) {
        do { try socket.listen(backlog: requestQueueSize) } catch { throw .socket(error) }
    }

    /// Accepts one pending connection; nil when none is pending.
    ///
    /// Python: `TCPServer.get_request()`.
    /// - Throws: `SocketError` from `accept` (`EMFILE`...).
    open override func getRequest() throws(SocketError) -> (request: Request, clientAddress: SocketAddress)? {
        guard let (connection, address) = try socket.accept() else { return nil }
        return (.connection(connection), address)
    }
}

/// A datagram server: UDP over IPv4 or IPv6. Each datagram is one request; with the default
/// ``ProcessingModel/reactor`` (the same as ``ProcessingModel/synchronous`` here) its handler
/// runs on the loop thread.
///
/// Python: `socketserver.UDPServer`.
open class UDPServer: TCPServer, @unchecked Sendable {
    /// Datagrams.
    ///
    /// Python: `UDPServer.socket_type`.
    open override class var socketType: Socket.Kind { .datagram }

    /// The largest datagram accepted, in bytes. Default 8192. A longer one is refused: no handler
    /// runs, and ``BaseServer/handleError(_:clientAddress:error:)`` gets
    /// ``SocketServerError/datagramTruncated(size:maxPacketSize:)`` with the request (its packet
    /// the first `maxPacketSize` bytes).
    ///
    /// Python: `UDPServer.max_packet_size` (Python hands the handler the first bytes, silently).
    public var maxPacketSize = 8192

    /// What ``getRequest()`` receives into, kept from datagram to datagram (``maxPacketSize``
    /// bytes): only the loop thread, which calls `getRequest()`, touches it.
    private var packetBuffer: [UInt8] = []

    /// Does nothing: a datagram socket does not listen.
    ///
    /// Python: `UDPServer.server_activate()`.
    open override func serverActivate() throws(SocketServerError) {}

    /// Receives one pending datagram; nil when none is pending. A datagram longer than
    /// ``maxPacketSize`` is reported to ``BaseServer/handleError(_:clientAddress:error:)`` and
    /// skipped.
    ///
    /// Python: `UDPServer.get_request()`.
    /// - Throws: `SocketError` from `recvfrom`.
    open override func getRequest() throws(SocketError) -> (request: Request, clientAddress: SocketAddress)? {
        let size = max(maxPacketSize, 0)
        if packetBuffer.count != size { packetBuffer = [UInt8](repeating: 0, count: size) }
        var sender = serverAddress  // any address: the receive overwrites it (and its length)
        while true {
            let received: Int?
            do {
                var span = packetBuffer.mutableSpan
                received = try socket.receiveFrom(into: &span, sender: &sender)
            } catch where error.isTruncated {
                let request = Request.datagram(packet: packetBuffer, socket: socket)
                report(request, clientAddress: sender, error: SocketServerError.datagramTruncated(
                    size: error.datagramSize ?? 0, maxPacketSize: size))
                continue
            }
            guard let received else { return nil }
            // The request keeps an array of the datagram's own size.
            return (.datagram(packet: Array(packetBuffer[..<received]), socket: socket), sender)
        }
    }
}
