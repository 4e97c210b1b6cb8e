import Glibc

/// A connected stream socket (TCP or Unix) for async code, served by one event loop.
///
/// Reads and writes complete without suspending, and without allocating, when the socket is ready;
/// otherwise the task suspends until the loop sees the socket ready, the ``timeout`` passes, the
/// task is cancelled or the loop closes. They run on the loop's thread: call them from a task that
/// prefers the loop's executor (`Task(executorPreference: handle.executor)`, child tasks of such a
/// task, `withTaskExecutorPreference`) or from an actor on it, and they cost no thread hop; called
/// from anywhere else they hop to the loop and back.
///
/// Memory stays bounded whatever the peer does: a read fills the caller's buffer, and ``write(_:)-(Span<UInt8>)``
/// returns only once the kernel holds every byte, suspending while the socket's send buffer is full
/// (the kernel's send buffer is the high-water mark), so a peer that never reads holds at most the
/// caller's one buffer. One task may read while another writes; a second concurrent reader (or
/// writer) gets ``EventLoopError/alreadyWaiting(fd:forWriting:)``.
///
/// It is a `Sendable` value: copies share the socket. Close it with ``close()``; dropping the last
/// copy closes it too.
///
/// Python: asyncio's `StreamReader`/`StreamWriter` pair (`read`, `write` + `drain`), or
/// `loop.sock_recv_into` / `loop.sock_sendall`. SwiftNIO: `NIOAsyncChannel`.
public struct AsyncConnection: @unchecked Sendable {
    // Sendable by confinement: the socket is used only on the loop's thread (every operation
    // checks, and hops there if needed).
    let base: Socket
    /// The loop that serves the connection.
    public let handle: EventLoopHandle
    /// How long one read, write or connect may wait for the socket; nil waits without limit. When it
    /// runs out the operation throws `SocketError` `SocketError.isTimeout` (`recv: timed out`).
    ///
    /// Python: `asyncio.wait_for(reader.read(n), timeout)`, or `socket.settimeout` for blocking sockets.
    public var timeout: Duration?

    /// Serves `socket` on the loop behind `handle`, taking ownership of it; the socket is made
    /// non-blocking.
    ///
    /// - Parameters:
    ///   - socket: A connected stream socket, from ``AsyncListener``, `Socket.accept()`, or
    ///     `Socket.pair()`; given away to the connection.
    ///   - handle: The loop that serves the connection.
    ///   - timeout: The connection's ``timeout``; nil (the default) waits without limit.
    public init(_ socket: sending Socket, handle: EventLoopHandle, timeout: Duration? = nil) {
        self.init(adopting: socket, handle: handle)
        self.timeout = timeout
    }

    /// The socket, to read its addresses or set options. Only on the loop's thread; do not close it
    /// behind the connection's back (use ``close()``).
    ///
    /// - Precondition: The caller runs on the loop's thread.
    public var socket: Socket {
        precondition(handle.isCurrent, "Reactor: AsyncConnection.socket used off its loop's thread")
        return base
    }

    /// A pair of connected Unix stream sockets, each served by the loop behind `handle`.
    ///
    /// Python: `socket.socketpair()` wrapped for asyncio.
    /// - Throws: `SocketError` from `socketpair`.
    public static func makePair(handle: EventLoopHandle) throws(SocketError) -> (AsyncConnection, AsyncConnection) {
        // One at a time: the two sockets of one `pair()` are one region for the compiler, and each
        // connection takes its socket with `sending`.
        let (left, right) = try Socket.pair()
        return (AsyncConnection(adopting: left, handle: handle), AsyncConnection(adopting: right, handle: handle))
    }

    /// As ``init(_:handle:timeout:)``, for a socket the caller cannot give away with `sending`; the
    /// caller must not use it any more.
    package init(adopting socket: Socket, handle: EventLoopHandle) {
        if socket.timeout != .zero { socket.timeout = .zero }
        socket.addCloseObserver(handle.executor.readiness)
        base = socket
        self.handle = handle
        timeout = nil
    }

    /// Connects to `address` and returns the connection, waiting without blocking a thread.
    ///
    /// Python: `asyncio.open_connection(host, port)`. SwiftNIO: `ClientBootstrap.connect`.
    /// - Throws: `SocketError` from `socket`/`connect` (`ECONNREFUSED`...), the timeout error,
    ///   `CancellationError`, ``EventLoopError/loopClosed``.
    public static func connect(
        to address: SocketAddress, handle: EventLoopHandle, timeout: Duration? = nil
    ) async throws -> AsyncConnection {
        guard handle.isCurrent else {
            return try await handle.hop {
                try await connect(to: address, handle: handle, timeout: timeout)
            }
        }
        guard let family = address.family else { throw SocketError(errno: EAFNOSUPPORT, operation: "connect", address: address) }
        let socket = try Socket(family: family, type: .stream)
        let connection = AsyncConnection(socket, handle: handle, timeout: timeout)
        if try !connection.base.connect(to: address) {
            try await handle.executor.waitUntilReady(connection.base, .write, operation: "connect", timeout: timeout)
            try connection.base.finishConnect()
        }
        return connection
    }

    /// Reads what has arrived into `buffer`, up to `buffer.count` bytes, waiting until something has.
    ///
    /// Python: `StreamReader.read(n)` into a buffer, `loop.sock_recv_into(sock, buf)`.
    /// - Returns: How many bytes were read; 0 at end-of-file (or when `buffer` is empty).
    /// - Throws: `SocketError` from `recv` (`ECONNRESET`...), the timeout error, `CancellationError`,
    ///   ``EventLoopError/loopClosed``, ``EventLoopError/alreadyWaiting(fd:forWriting:)``.
    public func read(into buffer: inout [UInt8]) async throws -> Int {
        guard _fastPath(handle.isCurrent) else {
            return try await handle.hop { try await read(into: &buffer) }
        }
        if !base.mayHaveInput {
            try await handle.executor.waitUntilReady(base, .read, operation: "recv", timeout: timeout)
        }
        while true {
            var span = buffer.mutableSpan
            if let count = try base.receive(into: &span) {
                base.mayHaveInput = count == buffer.count
                return count
            }
            try await handle.executor.waitUntilReady(base, .read, operation: "recv", timeout: timeout)
        }
    }

    /// Reads what has arrived into the loop's own read buffer, waiting until something has, and
    /// lends the bytes to `body`; returns what `body` returns.
    ///
    /// The form for servers with many connections: no buffer per connection, and no copy. The bytes
    /// are valid only inside `body`, which runs at once on the loop's thread and cannot suspend; pass
    /// them on (``writeNow(_:)``, a parser) or copy what you keep. At end-of-file `body` gets an
    /// empty span. Up to 64 KiB per read.
    ///
    /// Python: `sock.recv(65536)` on a ready socket, without the new `bytes` object.
    /// - Throws: As ``read(into:)``, and what `body` throws.
    public func read<Result>(_ body: (Span<UInt8>) throws -> Result) async throws -> Result {
        guard _fastPath(handle.isCurrent) else {
            // Off the loop, the loop's buffer is not ours to lend: read into a new one.
            let bytes = try await read()
            return try body(bytes.span)
        }
        if !base.mayHaveInput {
            try await handle.executor.waitUntilReady(base, .read, operation: "recv", timeout: timeout)
        }
        let buffer = handle.executor.local.pointee.readBuffer
        while true {
            var span = buffer.mutableSpan
            if let count = try base.receive(into: &span) {
                base.mayHaveInput = count == buffer.count
                return try body(UnsafeBufferPointer(start: buffer.baseAddress, count: count).span)
            }
            try await handle.executor.waitUntilReady(base, .read, operation: "recv", timeout: timeout)
        }
    }

    /// Reads what has arrived, up to `maxCount` bytes, waiting until something has.
    ///
    /// Python: `await reader.read(n)`.
    /// - Returns: The bytes; empty at end-of-file.
    /// - Throws: As ``read(into:)``.
    public func read(maxCount: Int = 65536) async throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maxCount)
        let count = try await read(into: &buffer)
        buffer.removeSubrange(count...)
        return buffer
    }

    /// Writes all of `bytes`, suspending while the kernel's send buffer is full; never raises SIGPIPE.
    ///
    /// Returns once the kernel holds every byte (not once the peer has them).
    ///
    /// Python: `writer.write(data); await writer.drain()`, `loop.sock_sendall(sock, data)`.
    /// - Throws: `SocketError` from `send` (`EPIPE`, `ECONNRESET`...), the timeout error,
    ///   `CancellationError` (how much was sent is then unknown), ``EventLoopError/loopClosed``.
    public func write(_ bytes: Span<UInt8>) async throws {
        guard _fastPath(handle.isCurrent) else {
            let copy = bytes.withUnsafeBufferPointer { Array($0) }
            return try await handle.hop { try await write(copy.span) }
        }
        var offset = 0
        while offset < bytes.count {
            if let sent = try base.send(bytes.extracting(offset...)) {
                offset &+= sent
            } else {
                try await handle.executor.waitUntilReady(base, .write, operation: "send", timeout: timeout)
            }
        }
    }

    /// Sends what the kernel takes of `bytes` now, without waiting; never raises SIGPIPE.
    ///
    /// For code that must not suspend while it holds borrowed bytes (inside ``read(_:)``): keep what
    /// was not sent, and ``write(_:)-(Span<UInt8>)`` it afterwards.
    ///
    /// Python: `sock.send(data)` on a non-blocking socket.
    /// - Returns: How many bytes the kernel took (0 when its send buffer is full).
    /// - Throws: `SocketError` from `send` (`EPIPE`, `ECONNRESET`...).
    /// - Precondition: The caller runs on the loop's thread.
    public func writeNow(_ bytes: Span<UInt8>) throws -> Int {
        precondition(handle.isCurrent, "Reactor: AsyncConnection.writeNow called off its loop's thread")
        return try base.send(bytes) ?? 0
    }

    /// Writes all of `bytes`. See ``write(_:)-(Span<UInt8>)``.
    public func write(_ bytes: [UInt8]) async throws { try await write(bytes.span) }

    /// Writes all of `bytes`. See ``write(_:)-(Span<UInt8>)``.
    public func write(_ bytes: ArraySlice<UInt8>) async throws { try await write(bytes.span) }

    /// Writes `text` as UTF-8. See ``write(_:)-(Span<UInt8>)``.
    public func write(_ text: String) async throws { try await write(text.utf8Span.span) }

    /// Waits until the socket has something to read (or end-of-file, or an error to report).
    ///
    /// Python: `loop.add_reader` as an awaitable.
    /// - Throws: As ``read(into:)``.
    public func readable() async throws {
        guard handle.isCurrent else {
            return try await handle.hop { try await readable() }
        }
        try await handle.executor.waitUntilReady(base, .read, operation: "recv", timeout: timeout)
        base.mayHaveInput = true
    }

    /// Waits until the socket can take more bytes without blocking.
    ///
    /// Python: `loop.add_writer` as an awaitable.
    /// - Throws: As ``write(_:)-(Span<UInt8>)``.
    public func writable() async throws {
        guard handle.isCurrent else {
            return try await handle.hop { try await writable() }
        }
        try await handle.executor.waitUntilReady(base, .write, operation: "send", timeout: timeout)
    }

    /// Half-closes the connection: the peer reads end-of-file and can still send.
    ///
    /// Python: `writer.write_eof()`.
    /// - Throws: `SocketError` from `shutdown`.
    public func shutdownWrite() async throws {
        guard handle.isCurrent else {
            return try await handle.hop { try await shutdownWrite() }
        }
        try base.shutdown(.write)
    }

    /// Closes the connection; a task waiting to read or write it resumes with `EBADF`. Idempotent.
    ///
    /// From the loop's thread it closes at once; from another, during the loop's next iteration (or
    /// at once if the loop is closed).
    ///
    /// Python: `writer.close()`.
    public func close() {
        if handle.isCurrent {
            base.close()
        } else {
            do { try handle.execute { [self] in base.close() } } catch { base.close() }
        }
    }
}
