import Glibc

/// A datagram socket (UDP or Unix datagram) for async code, served by one event loop.
///
/// Receiving and sending complete without suspending, and without allocating, when the socket is
/// ready; otherwise the task suspends until the loop sees it ready. The same rules as
/// ``AsyncConnection`` apply: use it on the loop's thread (or it hops there), one receiver and one
/// sender at a time, ``timeout`` per operation.
///
/// Python: asyncio's `loop.sock_recvfrom_into` / `loop.sock_sendto`, or a `DatagramProtocol`.
public struct AsyncDatagramSocket: @unchecked Sendable {
    // Sendable by confinement, as AsyncConnection.
    let base: Socket
    /// The loop that serves the socket.
    public let handle: EventLoopHandle
    /// How long one receive or send may wait; nil waits without limit.
    public var timeout: Duration?

    /// Serves the datagram `socket` on the loop behind `handle`, taking ownership of it; the socket
    /// is made non-blocking.
    public init(_ socket: sending Socket, handle: EventLoopHandle, timeout: Duration? = nil) {
        self.init(adopting: socket, handle: handle, timeout: timeout)
    }

    /// As ``init(_:handle:timeout:)``, for a socket the caller cannot give away with `sending` (one
    /// kept in a collection); the caller must not use it any more.
    package init(adopting socket: Socket, handle: EventLoopHandle, timeout: Duration? = nil) {
        if socket.timeout != .zero { socket.timeout = .zero }
        socket.addCloseObserver(handle.executor.readiness)
        base = socket
        self.handle = handle
        self.timeout = timeout
    }

    /// Binds a new datagram socket to `address` (UDP, or a Unix path).
    ///
    /// - Throws: `SocketError` from `socket` or `bind`.
    public init(bindingTo address: SocketAddress, handle: EventLoopHandle, timeout: Duration? = nil) throws(SocketError) {
        guard let family = address.family else {
            throw SocketError(errno: EAFNOSUPPORT, operation: "bind", address: address)
        }
        let socket = try Socket(family: family, type: .datagram)
        try socket.bind(to: address)
        self.init(socket, handle: handle, timeout: timeout)
    }

    /// The socket. Only on the loop's thread; close it with ``close()``.
    ///
    /// - Precondition: The caller runs on the loop's thread.
    public var socket: Socket {
        precondition(handle.isCurrent, "Reactor: AsyncDatagramSocket.socket used off its loop's thread")
        return base
    }

    /// Receives one datagram into `buffer`, waiting until one arrives.
    ///
    /// A datagram longer than `buffer` fills it and is reported `isTruncated` (the rest is lost, as the
    /// kernel discards it), never silently cut short.
    ///
    /// Python: `await loop.sock_recvfrom_into(sock, buf)`.
    /// - Returns: How many bytes `buffer` now holds, the sender, and whether the datagram was longer.
    /// - Throws: `SocketError` from `recvfrom`, the timeout error, `CancellationError`,
    ///   ``EventLoopError/loopClosed``, ``EventLoopError/alreadyWaiting(fd:forWriting:)``.
    public func receive(into buffer: inout [UInt8]) async throws -> (count: Int, sender: SocketAddress, isTruncated: Bool) {
        guard _fastPath(handle.isCurrent) else {
            return try await handle.hop { try await receive(into: &buffer) }
        }
        var sender = SocketAddress()
        while true {
            var span = buffer.mutableSpan
            let received: Int?
            do {
                received = try base.receiveFrom(into: &span, sender: &sender)
            } catch {
                // A datagram longer than the buffer: its first bytes are there, `sender` is set.
                guard error.isTruncated else { throw error }
                return (buffer.count, sender, true)
            }
            if let count = received { return (count, sender, false) }
            try await handle.executor.waitUntilReady(base, .read, operation: "recvfrom", timeout: timeout)
        }
    }

    /// Sends `bytes` as one datagram to `address`, waiting while the socket's send buffer is full.
    ///
    /// Python: `await loop.sock_sendto(sock, data, address)`.
    /// - Throws: `SocketError` from `sendto` (`EMSGSIZE`...), the timeout error, `CancellationError`,
    ///   ``EventLoopError/loopClosed``.
    public func send(_ bytes: Span<UInt8>, to address: SocketAddress) async throws {
        guard _fastPath(handle.isCurrent) else {
            let copy = bytes.withUnsafeBufferPointer { Array($0) }
            return try await handle.hop { try await send(copy.span, to: address) }
        }
        while try base.send(bytes, to: address) == nil {
            try await handle.executor.waitUntilReady(base, .write, operation: "sendto", timeout: timeout)
        }
    }

    /// Sends `bytes` as one datagram to `address`. See ``send(_:to:)-(Span<UInt8>,_)``.
    public func send(_ bytes: [UInt8], to address: SocketAddress) async throws { try await send(bytes.span, to: address) }

    /// Sends `bytes` as one datagram to `address`. See ``send(_:to:)-(Span<UInt8>,_)``.
    public func send(_ bytes: ArraySlice<UInt8>, to address: SocketAddress) async throws {
        try await send(bytes.span, to: address)
    }

    /// Closes the socket; a task waiting on it resumes with `EBADF`. Idempotent. From another thread
    /// it takes effect during the loop's next iteration.
    public func close() {
        if handle.isCurrent {
            base.close()
        } else {
            do { try handle.execute { [self] in base.close() } } catch { base.close() }
        }
    }
}
