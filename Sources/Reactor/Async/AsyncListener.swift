import Glibc

/// A listening stream socket for async code: its accepted connections, as an `AsyncSequence`.
///
/// ```swift
/// for try await connection in listener {
///     group.addTask { try await serve(connection) }
/// }
/// ```
///
/// Accepting never blocks a thread: the task suspends until the loop sees a connection waiting.
/// When the process is out of descriptors (`EMFILE`, `ENFILE`), accepting pauses for
/// ``outOfDescriptorsPause`` and tries again, instead of spinning on a connection it cannot take.
/// Iteration ends (returns nil) once the listener is closed or the iterating task is cancelled.
///
/// Python: `asyncio.start_server`'s accept loop, `loop.sock_accept`. SwiftNIO: `ServerBootstrap`
/// bound to a `NIOAsyncChannel` of child channels.
public struct AsyncListener: AsyncSequence, @unchecked Sendable {
    // Sendable by confinement, as AsyncConnection.
    let base: Socket
    /// The loop that serves the listener and the connections it accepts.
    public let handle: EventLoopHandle
    /// Where it listens, as bound (with the port the kernel chose for port 0).
    public let localAddress: SocketAddress
    /// How long accepting pauses when the process is out of descriptors. Default 100 ms.
    public var outOfDescriptorsPause: Duration = .milliseconds(100)
    /// Told, on the loop's thread, each time accepting pauses for lack of descriptors (to log it).
    public var onOutOfDescriptors: (@Sendable (SocketError) -> Void)?

    /// Serves the listening `socket` on the loop behind `handle`, taking ownership of it; the socket
    /// is made non-blocking.
    ///
    /// - Throws: `SocketError` from `getsockname`.
    public init(_ socket: sending Socket, handle: EventLoopHandle) throws(SocketError) {
        try self.init(adopting: socket, handle: handle)
    }

    /// As ``init(_:handle:)``, for a socket the caller cannot give away with `sending` (one kept in a
    /// collection); the caller must not use it any more.
    package init(adopting socket: Socket, handle: EventLoopHandle) throws(SocketError) {
        if socket.timeout != .zero { socket.timeout = .zero }
        localAddress = try socket.localAddress
        socket.addCloseObserver(handle.executor.readiness)
        base = socket
        self.handle = handle
    }

    /// Binds a new stream socket to `address` (TCP, or a Unix path) and listens.
    ///
    /// Python: `asyncio.start_server(host=..., port=...)`, `reuse_address=True` by default on Linux.
    /// - Parameters:
    ///   - address: Where to listen; port 0 lets the kernel pick (``localAddress`` tells which).
    ///   - handle: The loop that serves the listener and its connections.
    ///   - backlog: The `listen` backlog; default `SOMAXCONN`.
    ///   - reuseAddress: `SO_REUSEADDR` (TCP only), so a restarted server can bind at once.
    ///   - reusePort: `SO_REUSEPORT`, to share the port with listeners on other loops.
    /// - Throws: `SocketError` from `socket`, `setsockopt`, `bind` (`EADDRINUSE`...), `listen`.
    public init(
        bindingTo address: SocketAddress, handle: EventLoopHandle, backlog: Int32 = SOMAXCONN,
        reuseAddress: Bool = true, reusePort: Bool = false
    ) throws(SocketError) {
        guard let family = address.family else {
            throw SocketError(errno: EAFNOSUPPORT, operation: "bind", address: address)
        }
        let socket = try Socket(family: family, type: .stream)
        if family != .unix {
            if reuseAddress { try socket.setOption(.reuseAddress, true) }
            if reusePort { try socket.setOption(.reusePort, true) }
        }
        try socket.bind(to: address)
        try socket.listen(backlog: backlog)
        try self.init(socket, handle: handle)
    }

    /// The listening socket. Only on the loop's thread; close it with ``close()``.
    ///
    /// - Precondition: The caller runs on the loop's thread.
    public var socket: Socket {
        precondition(handle.isCurrent, "Reactor: AsyncListener.socket used off its loop's thread")
        return base
    }

    /// Waits for the next connection and accepts it.
    ///
    /// Python: `await loop.sock_accept(sock)`.
    /// - Returns: The connection, served by the same loop, and the peer's address.
    /// - Throws: `SocketError` from `accept` (`EBADF` once closed), `CancellationError`,
    ///   ``EventLoopError/loopClosed``, ``EventLoopError/alreadyWaiting(fd:forWriting:)``.
    public func accept() async throws -> (connection: AsyncConnection, address: SocketAddress) {
        guard _fastPath(handle.isCurrent) else {
            return try await handle.hop { try await accept() }
        }
        while true {
            let accepted: (Socket, SocketAddress)?
            do {
                accepted = try base.accept()
            } catch {
                guard error.isOutOfDescriptors else { throw error }
                onOutOfDescriptors?(error)
                // man 3 ev, "The special problem of accept()ing when you can't": wait, then retry.
                try await handle.sleep(for: outOfDescriptorsPause)
                continue
            }
            if let (socket, address) = accepted { return (AsyncConnection(socket, handle: handle), address) }
            try await handle.executor.waitUntilReady(base, .read, operation: "accept", timeout: nil)
        }
    }

    /// Stops listening; a task waiting in ``accept()`` resumes with `EBADF`, and iteration ends.
    /// Idempotent. From another thread it takes effect during the loop's next iteration.
    ///
    /// Python: `Server.close()`.
    public func close() {
        if handle.isCurrent {
            base.close()
        } else {
            do { try handle.execute { [self] in base.close() } } catch { base.close() }
        }
    }

    public func makeAsyncIterator() -> Iterator { Iterator(listener: self) }

    /// Accepts connections until the listener is closed or the task is cancelled.
    public struct Iterator: AsyncIteratorProtocol {
        let listener: AsyncListener

        /// The next connection; nil once the listener is closed or the task cancelled.
        /// - Throws: `SocketError` from `accept` other than those, ``EventLoopError/loopClosed``.
        public mutating func next() async throws -> AsyncConnection? {
            do {
                return try await listener.accept().connection
            } catch is CancellationError {
                return nil
            } catch let error as SocketError where error.errno == EBADF {
                return nil
            }
        }
    }
}
