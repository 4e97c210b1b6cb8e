import Sockets

/// A handler for datagram servers: ``rfile`` reads the datagram, ``wfile`` collects the reply,
/// and ``finish()`` sends the reply back to the client.
///
/// ```swift
/// final class EchoDatagram: DatagramRequestHandler {
///     override func handle() throws {
///         try wfile.write(try rfile.readAvailable())
///     }
/// }
/// ```
///
/// Python: `socketserver.DatagramRequestHandler`.
open class DatagramRequestHandler: BaseRequestHandler {
    /// Reads the datagram's bytes; at end-of-file after them.
    ///
    /// Python: `self.rfile` (`io.BytesIO(self.packet)`).
    public let rfile: RequestReader
    /// Collects the reply that ``finish()`` sends.
    ///
    /// Python: `self.wfile` (`io.BytesIO()`).
    public let wfile = RequestWriter()

    /// Stores the request and makes ``rfile`` over its datagram.
    ///
    /// Python: `DatagramRequestHandler.__init__` (the files are made in `setup()` there).
    public required init(request: Request, clientAddress: SocketAddress, server: BaseServer) {
        rfile = RequestReader(bytes: request.packet ?? [])
        super.init(request: request, clientAddress: clientAddress, server: server)
    }

    /// The datagram.
    ///
    /// Python: `self.packet`.
    public var packet: [UInt8] { request.packet ?? [] }

    /// The server's socket, which the reply goes out on.
    ///
    /// Python: `self.socket`.
    public var socket: Socket { request.socket }

    /// Sends what ``wfile`` collected to ``BaseRequestHandler/clientAddress``, unless nothing was
    /// written (Python sends an empty datagram then; an empty reply is rarely meant, and a Unix
    /// datagram client that did not bind cannot receive one).
    ///
    /// Python: `DatagramRequestHandler.finish()`.
    /// - Throws: `SocketError` from `sendto`.
    open override func finish() throws {
        let reply = wfile.bytes
        guard !reply.isEmpty else { return }
        try socket.send(reply, to: clientAddress)
    }
}
