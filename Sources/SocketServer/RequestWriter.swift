import Sockets

/// A blocking handler's `wfile`: writes to a connection, or collects a datagram's reply.
///
/// Over a connection with a buffer size of 0 (the default, Python's `wbufsize = 0`) every
/// ``write(_:)-([UInt8])`` sends all its bytes before it returns; with a positive size, bytes
/// collect until that many are waiting, or until ``flush()`` (the handler's `finish()` flushes).
///
/// Python: the `wfile` of `StreamRequestHandler` (`_SocketWriter`, or a buffered writer) and of
/// `DatagramRequestHandler` (`io.BytesIO`, sent by `finish()`).
public final class RequestWriter {
    private let socket: Socket?
    private let bufferSize: Int
    private var pending: [UInt8] = []

    /// A writer to a connection; `bufferSize` 0 sends at once.
    ///
    /// Python: `_SocketWriter(socket)` (0) or `socket.makefile('wb', bufsize)`.
    public init(socket: Socket, bufferSize: Int = 0) {
        self.socket = socket
        self.bufferSize = max(bufferSize, 0)
    }

    /// A writer that only collects bytes (a datagram reply); read them with ``bytes``.
    ///
    /// Python: `io.BytesIO()`.
    public init() {
        self.socket = nil
        self.bufferSize = Int.max
    }

    /// The bytes collected and not sent yet.
    ///
    /// Python: `wfile.getvalue()` of a `BytesIO`.
    public var bytes: [UInt8] { pending }

    /// The connection's descriptor; -1 when collecting.
    ///
    /// Python: `wfile.fileno()`.
    public var fileDescriptor: Int32 { socket?.fileDescriptor ?? -1 }

    /// Writes `bytes`; returns how many (all of them).
    ///
    /// Python: `wfile.write(b)`.
    /// - Throws: `SocketError` from `send` (`EPIPE` when the peer has gone), the socket's timeout error.
    @discardableResult
    public func write(_ bytes: Span<UInt8>) throws(SocketError) -> Int {
        if let socket, bufferSize == 0 {
            try socket.sendAll(bytes)
            return bytes.count
        }
        bytes.withUnsafeBufferPointer { pending.append(contentsOf: $0) }
        if socket != nil, pending.count >= bufferSize { try flush() }
        return bytes.count
    }

    /// Writes `bytes`; returns how many (all of them).
    ///
    /// Python: `wfile.write(b)`.
    /// - Throws: As ``write(_:)-(Span<UInt8>)``.
    @discardableResult
    public func write(_ bytes: [UInt8]) throws(SocketError) -> Int {
        try write(bytes.span)
    }

    /// Writes `text` as UTF-8; returns the byte count.
    ///
    /// Python: `wfile.write(text.encode())`.
    /// - Throws: As ``write(_:)-(Span<UInt8>)``.
    @discardableResult
    public func write(_ text: String) throws(SocketError) -> Int {
        var text = text
        text.makeContiguousUTF8()
        return try write(text.utf8.span)
    }

    /// Sends what is buffered; does nothing when collecting.
    ///
    /// Python: `wfile.flush()`.
    /// - Throws: `SocketError` from `send`.
    public func flush() throws(SocketError) {
        guard let socket, !pending.isEmpty else { return }
        // Emptied even when the send throws; the capacity stays for the next writes.
        defer { pending.removeAll(keepingCapacity: true) }
        try socket.sendAll(pending)
    }
}

@available(*, unavailable)
extension RequestWriter: Sendable {}
