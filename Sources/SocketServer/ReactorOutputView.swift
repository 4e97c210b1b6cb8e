/// An event-driven handler's `wfile`: a view of its connection's output (it holds no bytes
/// itself). What is written goes straight to the socket while the kernel takes it; the rest waits
/// in the connection and is sent when the socket is writable. The blocking handlers' `wfile` is a
/// ``RequestWriter``.
///
/// Writing never blocks and never fails: once the connection has ended, bytes are dropped (a
/// write from `finish()` still goes out if the socket takes it at once). ``count`` tells how much
/// is waiting; above the handler's high-water mark the connection is not writable
/// (``isWritable``) and stops reading until it drains.
///
/// Python: asyncio's `transport.write(data)` and `transport.get_write_buffer_size()`.
public struct ReactorOutputView {
    let handler: ReactorStreamHandler

    /// Bytes written and not sent yet.
    ///
    /// Python: `transport.get_write_buffer_size()`.
    public var count: Int { handler.output.count }

    /// Whether what waits is at most the handler's ``ReactorStreamHandler/highWaterMark`` (false
    /// from the write that passes the mark until the socket has drained it to a quarter); see
    /// ``ReactorStreamHandler/writabilityChanged(_:)``.
    ///
    /// Python: between asyncio's `Protocol.resume_writing()` and `Protocol.pause_writing()`.
    public var isWritable: Bool { handler.isWritable }

    /// Writes `bytes`, without allocating when the socket takes them all at once.
    ///
    /// Python: `transport.write(data)`.
    public func write(_ bytes: Span<UInt8>) {
        bytes.withUnsafeBytes { handler.write($0) }
    }

    /// Writes `bytes`.
    ///
    /// Python: `transport.write(data)`.
    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { handler.write($0) }
    }

    /// Writes `text` as UTF-8.
    ///
    /// Python: `transport.write(text.encode())`.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { handler.write(UnsafeRawBufferPointer($0)) }
    }
}

@available(*, unavailable)
extension ReactorOutputView: Sendable {}
