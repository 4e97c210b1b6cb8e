import Sockets

/// A blocking handler for stream servers, with a buffered reader and a writer on the connection.
///
/// Override ``BaseRequestHandler/handle()`` and use ``rfile`` and ``wfile``; the connection ends
/// when `handle()` returns. For the policy Python keeps in class attributes, override the
/// properties: `override var timeout: Duration? { .seconds(30) }`.
///
/// ```swift
/// final class EchoLine: StreamRequestHandler {
///     override func handle() throws {
///         try wfile.write(try rfile.readLine())
///     }
/// }
/// ```
///
/// Python: `socketserver.StreamRequestHandler`.
open class StreamRequestHandler: BaseRequestHandler {
    /// Reads the connection; blocking.
    ///
    /// Python: `self.rfile`.
    public let rfile: RequestReader
    /// Writes the connection; sends at once unless ``writeBufferSize`` is positive.
    ///
    /// Python: `self.wfile`.
    public private(set) lazy var wfile: RequestWriter = {
        switch request {
        case .connection(let socket): RequestWriter(socket: socket, bufferSize: writeBufferSize)
        case .datagram: RequestWriter()
        }
    }()

    /// Stores the request and makes ``rfile`` on its connection (``wfile`` is made on first use).
    ///
    /// Python: `StreamRequestHandler.__init__` (the files are made in `setup()` there).
    public required init(request: Request, clientAddress: SocketAddress, server: BaseServer) {
        switch request {
        case .connection(let socket): rfile = RequestReader(socket: socket)
        case .datagram(let packet, _): rfile = RequestReader(bytes: packet)
        }
        super.init(request: request, clientAddress: clientAddress, server: server)
    }

    /// How long a read or write on the connection may wait before it throws; nil waits forever.
    ///
    /// Python: `StreamRequestHandler.timeout`.
    open var timeout: Duration? { nil }

    /// Whether to set `TCP_NODELAY`, so that small writes leave at once.
    ///
    /// Python: `StreamRequestHandler.disable_nagle_algorithm`.
    open var disableNagleAlgorithm: Bool { false }

    /// How many bytes ``wfile`` collects before it sends; 0 sends every write at once.
    ///
    /// Python: `StreamRequestHandler.wbufsize`.
    open var writeBufferSize: Int { 0 }

    /// Applies ``timeout`` and ``disableNagleAlgorithm`` to the connection.
    ///
    /// Python: `StreamRequestHandler.setup()`.
    /// - Throws: `SocketError` from `setsockopt`.
    open override func setup() throws {
        let socket = request.socket
        if let timeout { socket.timeout = timeout }
        if disableNagleAlgorithm { try socket.setOption(.noDelay, true) }
    }

    /// Flushes ``wfile``; a peer that has gone is not an error here.
    ///
    /// Python: `StreamRequestHandler.finish()`.
    open override func finish() throws {
        try? wfile.flush()
    }
}
