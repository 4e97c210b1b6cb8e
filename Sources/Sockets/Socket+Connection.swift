import Glibc

extension Socket {
    /// How ``shutdown(_:)`` half-closes a connection.
    ///
    /// Python: `socket.SHUT_RD`, `socket.SHUT_WR`, `socket.SHUT_RDWR`.
    public enum ShutdownDirection: Hashable, Sendable {
        /// No more receiving (`SHUT_RD`).
        ///
        /// Python: `socket.SHUT_RD`.
        case read
        /// No more sending: the peer reads end-of-file (`SHUT_WR`).
        ///
        /// Python: `socket.SHUT_WR`.
        case write
        /// Both (`SHUT_RDWR`).
        ///
        /// Python: `socket.SHUT_RDWR`.
        case both
    }

    /// Binds the socket to a local address (port 0: the kernel picks a free port).
    ///
    /// Python: `socket.bind(address)`.
    /// - Throws: ``SocketError`` from `bind`, with the address: `EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL`...
    public func bind(to address: SocketAddress) throws(SocketError) {
        let fd = try openDescriptor("bind", address)
        let result = system_bind(fd, address)
        if result.failed { throw Socket.error(result.errno, "bind", address) }
    }

    /// Makes a stream socket accept connections.
    ///
    /// Python: `socket.listen(backlog)`.
    /// - Parameter backlog: Connections the kernel queues before refusing more; the default is
    ///   `SOMAXCONN` (the kernel caps any value at `net.core.somaxconn`).
    /// - Throws: ``SocketError`` from `listen` (`EOPNOTSUPP` on a datagram socket).
    public func listen(backlog: Int32 = SOMAXCONN) throws(SocketError) {
        let fd = try openDescriptor("listen")
        let result = system_listen(fd, backlog)
        if result.failed { throw Socket.error(result.errno, "listen") }
    }

    /// Accepts one connection.
    ///
    /// The new socket is close-on-exec; it is non-blocking (zero ``timeout``) when this socket is
    /// non-blocking, and blocking otherwise, as in Python. Connections that died in the queue
    /// (`ECONNABORTED`, and the network errors Linux passes on from the new socket) are skipped.
    /// On a non-blocking listener, call it until it returns nil to take every pending connection.
    ///
    /// Python: `socket.accept()`.
    /// - Returns: The connection and the peer's address, or nil if none is pending on a non-blocking socket.
    ///   The result may be given away to another thread.
    /// - Throws: ``SocketError`` from `accept`: `EMFILE`/`ENFILE` when out of descriptors
    ///   (``SocketError/isOutOfDescriptors``), `EINVAL` when not listening; the timeout error.
    public func accept() throws(SocketError) -> sending (Socket, SocketAddress)? {
        let fd = try openDescriptor("accept")
        let nonBlocking = timeoutNanoseconds == 0
        let flags = Int32(SOCK_CLOEXEC.rawValue) | (nonBlocking ? Int32(SOCK_NONBLOCK.rawValue) : 0)
        var address = SocketAddress()
        var deadline: ContinuousClock.Instant?
        while true {
            let result = system_accept4(fd, &address, flags)
            if _fastPath(!result.failed) {
                let connection = Socket(
                    descriptor: result.value, family: family, type: type, protocol: self.protocol,
                    timeoutNanoseconds: nonBlocking ? 0 : -1)
                return (connection, address)
            }
            switch result.errno {
            case EAGAIN, EWOULDBLOCK:
                if timeoutNanoseconds <= 0 { return nil }
                try waitUntilReady(fd, Int16(POLLIN), "accept", deadline: &deadline)
            // man 2 accept: "Linux accept() passes already-pending network errors on the new socket as an
            // error code from accept() ... treat them like EAGAIN by retrying."
            case ECONNABORTED, EPROTO, ENETDOWN, ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH, EOPNOTSUPP, ENETUNREACH:
                continue
            default:
                throw Socket.error(result.errno, "accept")
            }
        }
    }

    /// Connects to `address`.
    ///
    /// A blocking socket waits until connected (up to ``timeout`` if one is set). A non-blocking socket
    /// starts connecting and returns false while the connection is in progress: wait until it is
    /// writable, then call ``finishConnect()``.
    ///
    /// Python: `socket.connect(address)`; the false result is `connect_ex`'s `EINPROGRESS`.
    /// - Returns: True when connected, false when in progress on a non-blocking socket.
    /// - Throws: ``SocketError`` from `connect` with the address: `ECONNREFUSED`, `ENOENT` (Unix path),
    ///   `ENETUNREACH`...; `EAGAIN` from a non-blocking Unix socket whose listener's queue is full; the
    ///   timeout error.
    @discardableResult
    public func connect(to address: SocketAddress) throws(SocketError) -> Bool {
        let fd = try openDescriptor("connect", address)
        let result = system_connect(fd, address)
        if !result.failed { return true }
        // EINPROGRESS: a non-blocking connect under way. EINTR: POSIX says the connection goes on
        // asynchronously; a second connect would fail with EALREADY, so wait for it instead.
        guard result.errno == EINPROGRESS || result.errno == EINTR else {
            throw Socket.error(result.errno, "connect", address)
        }
        if timeoutNanoseconds == 0 { return false }
        var deadline: ContinuousClock.Instant?
        try waitUntilReady(fd, Int16(POLLOUT), "connect", address, deadline: &deadline, infinite: timeoutNanoseconds < 0)
        try throwPendingConnectError(fd, address)
        return true
    }

    /// Completes a non-blocking ``connect(to:)`` once the socket is writable: throws its failure, if any.
    ///
    /// Reads (and so clears) `SO_ERROR`.
    ///
    /// Python: `socket.getsockopt(SOL_SOCKET, SO_ERROR)` after `connect_ex`.
    /// - Throws: ``SocketError`` for `connect` with the pending errno (`ECONNREFUSED`...), no address.
    public func finishConnect() throws(SocketError) {
        try throwPendingConnectError(try openDescriptor("connect"), nil)
    }

    /// Reads (and so clears) `SO_ERROR` and throws the failed connection's errno, if any.
    private func throwPendingConnectError(_ fd: Int32, _ address: SocketAddress?) throws(SocketError) {
        let (result, pending) = system_getsockopt(fd, SOL_SOCKET, SO_ERROR)
        if result.failed { throw Socket.error(result.errno, "getsockopt") }
        if pending != 0 { throw Socket.error(pending, "connect", address) }
    }

    /// Half-closes (or fully shuts down) the connection without releasing the descriptor.
    ///
    /// After `.write`, the peer reads end-of-file and can still send to us.
    ///
    /// Python: `socket.shutdown(how)`.
    /// - Throws: ``SocketError`` from `shutdown` (`ENOTCONN` when not connected).
    public func shutdown(_ direction: ShutdownDirection) throws(SocketError) {
        let fd = try openDescriptor("shutdown")
        let how: Int32 = switch direction {
        case .read: Int32(SHUT_RD)
        case .write: Int32(SHUT_WR)
        case .both: Int32(SHUT_RDWR)
        }
        let result = system_shutdown(fd, how)
        if result.failed { throw Socket.error(result.errno, "shutdown") }
    }

    /// The address the socket is bound to (after `bind`, or the one the kernel chose).
    ///
    /// Python: `socket.getsockname()`.
    /// - Throws: ``SocketError`` from `getsockname`.
    public var localAddress: SocketAddress {
        get throws(SocketError) { try queryAddress("getsockname", system_getsockname) }
    }

    /// The address of the connected peer.
    ///
    /// Python: `socket.getpeername()`.
    /// - Throws: ``SocketError`` from `getpeername` (`ENOTCONN` when not connected).
    public var peerAddress: SocketAddress {
        get throws(SocketError) { try queryAddress("getpeername", system_getpeername) }
    }

    private func queryAddress(
        _ operation: StaticString, _ call: (Int32, inout SocketAddress) -> SyscallResult<Int32>
    ) throws(SocketError) -> SocketAddress {
        let fd = try openDescriptor(operation)
        var address = SocketAddress()
        let result = call(fd, &address)
        if result.failed { throw Socket.error(result.errno, operation) }
        return address
    }
}
