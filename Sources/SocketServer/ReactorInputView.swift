#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An event-driven handler's `rfile`: a view of the bytes its connection received and the handler
/// has not consumed yet (it holds no bytes itself; the connection does). Nothing here blocks: a
/// read that cannot be satisfied yet returns nil, and `handle()` runs again when more bytes arrive.
/// The blocking handlers' `rfile` is a ``RequestReader``.
///
/// Consuming calls return new arrays; ``peek(_:)`` and ``skip(_:)`` work in place, without
/// allocating. Use it during `handle()` (or later on the loop thread, e.g. from a timer).
///
/// Python: the buffer an asyncio `Protocol` keeps between `data_received` calls; `readLine`,
/// `read` and `readAvailable` answer like the blocking `rfile`'s `readline`, `read` and `read1`
/// would once the bytes are there.
public struct ReactorInputView {
    let handler: ReactorStreamHandler

    /// The bytes held, including any held back for a later turn (see ``ReactorStreamHandler``).
    ///
    /// Python: `len(buffer)`.
    public var count: Int { handler.heldInput.count }

    /// Whether nothing is held.
    ///
    /// Python: `not buffer`.
    public var isEmpty: Bool { count == 0 }

    /// Whether the peer has finished sending (end-of-file) and everything it sent is shown: no
    /// more bytes will come after these.
    ///
    /// Python: asyncio's `eof_received()` has been called.
    public var isAtEnd: Bool { handler.input.peerClosed && (handler.inputShown || isEmpty) }

    /// Takes one line, up to and including `"\n"`; or `maxLength` bytes when no newline comes
    /// first; or at end-of-file the unterminated rest. Nil when there is no such line yet, or
    /// nothing at all is left: `while let line = rfile.readLine() { ... }` ends either way.
    ///
    /// Python: `rfile.readline(limit)` once the line is there (Python's `b''` at the end is nil here).
    public func readLine(maxLength: Int = 65536) -> [UInt8]? {
        let bytes = self.bytes
        let limit = min(bytes.count, maxLength)
        guard limit > 0 else { return nil }
        if let line = UnsafeBufferPointer(rebasing: bytes[..<limit]).lineLength() { return take(line) }
        if limit == maxLength || isAtEnd { return take(limit) }
        return nil
    }

    /// Takes exactly `count` bytes; at end-of-file, the shorter rest. Nil when fewer are held
    /// yet, or nothing is left at the end.
    ///
    /// Python: `rfile.read(count)` once the bytes are there.
    public func read(_ count: Int) -> [UInt8]? {
        if self.count >= count { return take(count) }
        return isAtEnd && !isEmpty ? take(self.count) : nil
    }

    /// Takes everything held (empty if nothing is).
    ///
    /// Python: `rfile.read1()`, or the `data` of `data_received`.
    public func readAvailable() -> [UInt8] {
        take(count)
    }

    /// Calls `body` with the bytes held, without consuming or copying them; follow with
    /// ``skip(_:)`` for what was used. Empty while the input is held back for a later turn.
    ///
    /// Python: `rfile.peek()`.
    public func peek<Result, Failure: Error>(_ body: (Span<UInt8>) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(bytes.span)
    }

    /// Consumes the first `count` bytes (at most what is held), also when they are held back: what
    /// ``peek(_:)`` showed can always be skipped, even if the handler's writes since passed the mark.
    ///
    /// Python: reading and dropping `count` bytes.
    public func skip(_ count: Int) {
        handler.consumeInput(Swift.min(Swift.max(count, 0), self.count))
    }

    /// What the reads and ``peek(_:)`` see: nothing while the input is held back.
    private var bytes: UnsafeBufferPointer<UInt8> { handler.inputShown ? handler.heldInput : UnsafeBufferPointer(start: nil, count: 0) }

    private func take(_ count: Int) -> [UInt8] {
        let result = Array(UnsafeBufferPointer(rebasing: bytes[..<count]))
        handler.consumeInput(count)
        return result
    }
}

@available(*, unavailable)
extension ReactorInputView: Sendable {}

extension ReactorStreamHandler {
    /// The bytes `rfile` holds: a slice of the shared buffer during the `handle()` that read them,
    /// else the connection's own.
    var heldInput: UnsafeBufferPointer<UInt8> {
        if input.readingShared { return UnsafeBufferPointer(rebasing: server.readBuffer[input.sharedStart..<input.sharedEnd]) }
        return UnsafeBufferPointer(held.readable)
    }

    /// Whether `rfile`'s reads see what it holds: not while `wfile` is past its mark, nor once this
    /// turn's budget is spent (the input is then held back for a later turn).
    var inputShown: Bool { isWritable && input.takesLeft > 0 }

    func consumeInput(_ count: Int) {
        guard count > 0 else { return }
        input.takesLeft &-= 1
        if input.readingShared {
            input.sharedStart &+= count
            return
        }
        let wasFull = held.count >= inputLimit
        held.consume(count)
        // Consumed outside handle() (a timer): reading may resume now.
        if wasFull, depth == 0 { settle() }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The length of the first line, up to and including `"\n"`, looking for the newline from
    /// `offset` on (bytes before it are known to hold none); nil when there is no newline.
    /// Shared by ``ReactorInputView/readLine(maxLength:)`` and ``RequestReader/readLine(maxLength:)``.
    func lineLength(from offset: Int = 0) -> Int? {
        guard let base = baseAddress, offset < count, let found = memchr(base + offset, 10, count - offset) else {
            return nil
        }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
    }
}
