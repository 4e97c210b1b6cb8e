import Glibc
import Sockets

/// A buffered reader over a blocking connection, or over one datagram: a blocking handler's `rfile`.
///
/// Calls block until they can answer (within the socket's timeout, if the handler set one) and
/// return fewer bytes only at end-of-file; an empty result means end-of-file.
///
/// Python: the `rfile` of `StreamRequestHandler` (`socket.makefile('rb')`) and of
/// `DatagramRequestHandler` (`io.BytesIO(packet)`).
public final class RequestReader {
    private let socket: Socket?
    private var buffer: [UInt8]
    private var start = 0
    private var atEnd: Bool

    /// How many bytes one `recv` asks for.
    static let chunkSize = 65536

    /// A reader over a blocking connection.
    ///
    /// Python: `socket.makefile('rb')`.
    public init(socket: Socket) {
        self.socket = socket
        self.buffer = []
        self.atEnd = false
    }

    /// A reader over bytes already received (a datagram), at end-of-file after them.
    ///
    /// Python: `io.BytesIO(packet)`.
    public init(bytes: [UInt8]) {
        self.socket = nil
        self.buffer = bytes
        self.atEnd = true
    }

    /// The bytes buffered and not read yet.
    ///
    /// Python: `len(rfile.peek())`, roughly.
    public var bufferedCount: Int { buffer.count - start }

    /// Reads one line, up to and including `"\n"`, or `maxLength` bytes if no newline comes first,
    /// or what is left at end-of-file (empty: end-of-file).
    ///
    /// Python: `rfile.readline(limit)`.
    /// - Throws: `SocketError` from `recv`, the socket's timeout error, `EAGAIN` on a non-blocking socket.
    public func readLine(maxLength: Int = 65536) throws(SocketError) -> [UInt8] {
        var searched = 0
        while true {
            let limit = min(bufferedCount, maxLength)
            let line = buffer.withUnsafeBufferPointer { all in
                UnsafeBufferPointer(rebasing: all[start..<(start + limit)]).lineLength(from: searched)
            }
            if let line { return take(line) }
            if limit == maxLength || atEnd { return take(limit) }
            searched = limit
            try fill()
        }
    }

    /// Reads exactly `count` bytes, or what is left at end-of-file.
    ///
    /// Python: `rfile.read(count)`.
    /// - Throws: As ``readLine(maxLength:)``.
    public func read(_ count: Int) throws(SocketError) -> [UInt8] {
        while bufferedCount < count, !atEnd { try fill() }
        return take(min(count, bufferedCount))
    }

    /// Reads what is buffered, or else what one `recv` brings (empty: end-of-file).
    ///
    /// Python: `rfile.read1()`.
    /// - Throws: As ``readLine(maxLength:)``.
    public func readAvailable() throws(SocketError) -> [UInt8] {
        if bufferedCount == 0, !atEnd { try fill() }
        return take(bufferedCount)
    }

    /// Reads until end-of-file.
    ///
    /// Python: `rfile.read()`.
    /// - Throws: As ``readLine(maxLength:)``.
    public func readToEnd() throws(SocketError) -> [UInt8] {
        while !atEnd { try fill() }
        return take(bufferedCount)
    }

    private func take(_ count: Int) -> [UInt8] {
        let bytes = Array(buffer[start..<(start + count)])
        start += count
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        return bytes
    }

    /// Appends what one `recv` brings, received straight into the buffer's spare capacity (kept
    /// from call to call); sets `atEnd` on end-of-file.
    private func fill() throws(SocketError) {
        guard let socket, !atEnd else {
            atEnd = true
            return
        }
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        var received: Int?
        try buffer.append(addingCapacity: Self.chunkSize) { (output: inout OutputSpan<UInt8>) throws(SocketError) in
            try output.withUnsafeMutableBufferPointer { (room, initialized) throws(SocketError) in
                var span = room.mutableSpan
                received = try socket.receive(into: &span)
                initialized = received ?? 0
            }
        }
        guard let received else {
            throw SocketError(errno: EAGAIN, operation: "recv")
        }
        if received == 0 { atEnd = true }
    }
}

@available(*, unavailable)
extension RequestReader: Sendable {}
