import Glibc

// Descriptor-level calls for a server that keeps its connections as bare descriptors, as a C server
// does: reactor-echo's connections are a descriptor and a selector key each, one allocation, where a
// `Socket` per connection would add a second object (and its close observers) to every connection.
//
// Package-internal (`SocketDescriptor` is SPI, `@_spi(Descriptors)`, which lets its fast paths inline
// into another module as `package` declarations do not): a bare descriptor is the caller's to close,
// and to unregister before it closes (the contract of a raw `Int32` with a `Selector`). The calls keep `Socket`'s contract otherwise: the
// same typed errors, EINTR retried and never thrown, EAGAIN a nil. Bare descriptors are non-blocking.

extension Socket {
    /// Accepts one connection as a bare descriptor, non-blocking and close-on-exec, without asking
    /// for the peer's address (`accept4(fd, NULL, NULL, ...)`: nothing to copy). Skips connections
    /// that died in the queue, as ``accept()`` does.
    /// - Returns: The descriptor, or nil when no connection is pending (call it on a non-blocking listener).
    /// - Throws: ``SocketError`` from `accept` (`EMFILE`...).
    package func acceptDescriptor() throws(SocketError) -> Int32? {
        let fd = try openDescriptor("accept")
        while true {
            let result = system_accept4(fd, flags: Socket.bareDescriptorFlags)
            if _fastPath(!result.failed) { return result.value }
            if try !Socket.isSkippable(acceptError: result.errno) { return nil }
        }
    }

    /// ``acceptDescriptor()``, also writing the peer's address into `peer`.
    package func acceptDescriptor(peer: inout SocketAddress) throws(SocketError) -> Int32? {
        let fd = try openDescriptor("accept")
        while true {
            let result = system_accept4(fd, &peer, Socket.bareDescriptorFlags)
            if _fastPath(!result.failed) { return result.value }
            if try !Socket.isSkippable(acceptError: result.errno) { return nil }
        }
    }

    /// Non-blocking and close-on-exec.
    private static var bareDescriptorFlags: Int32 { Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue) }

    /// For a non-blocking accept's failure: true to try again (a connection that died in the queue),
    /// false when none is pending; throws any other error.
    private static func isSkippable(acceptError errno: Int32) throws(SocketError) -> Bool {
        switch errno {
        case EAGAIN, EWOULDBLOCK: return false
        case ECONNABORTED, EPROTO, ENETDOWN, ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH, EOPNOTSUPP, ENETUNREACH: return true
        default: throw Socket.error(errno, "accept")
        }
    }
}

/// Calls on bare descriptors (see the top of this file). A namespace, not `Socket`'s statics: a
/// static method of a class takes the class's metadata, which costs a call on every use.
///
/// The per-message calls follow C's convention, for a server that treats every failure alike (it
/// closes the connection, or drops the datagram): they return the byte count (0 at end-of-file), or
/// minus the errno of a failure (`-EAGAIN` when nothing can be done now); EINTR is retried and never
/// returned. Not throwing keeps the caller's frame small: `SocketError` is about 200 bytes, which a
/// throwing call must be able to return. Their fast path, the system call and one comparison, is
/// inlined into the caller; what follows a failure is not.
@_spi(Descriptors) public enum SocketDescriptor {
    /// `MSG_NOSIGNAL`, added to every send: SIGPIPE never kills the process.
    @inlinable static var noSignal: Int32 { Int32(MSG_NOSIGNAL) }

    /// `read(2)` into `buffer` (a socket's `recv` without flags): the byte count, 0 at end-of-file,
    /// or minus the errno (`-EAGAIN`: nothing to read now).
    @inlinable
    public static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = read(fd, buffer.baseAddress, buffer.count)
        if _fastPath(count >= 0) { return count }
        return afterFailure { read(fd, buffer.baseAddress, buffer.count) }
    }

    /// `send(2)` of `buffer` with `MSG_NOSIGNAL`: the byte count, or minus the errno (`-EAGAIN`: the
    /// send buffer is full). Never raises SIGPIPE.
    @inlinable
    public static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
        let count = Glibc.send(fd, buffer.baseAddress, buffer.count, noSignal)
        if _fastPath(count >= 0) { return count }
        return afterFailure { Glibc.send(fd, buffer.baseAddress, buffer.count, noSignal) }
    }

    /// `recvfrom(2)` of one datagram into `buffer`, its sender written into `sender`, with `MSG_TRUNC`:
    /// the datagram's real length, longer than `buffer.count` for one cut short (its first bytes are
    /// in `buffer`); or minus the errno (`-EAGAIN`: none waiting).
    @inlinable
    public static func receiveFrom(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, sender: inout SocketAddress) -> Int {
        let count = system_recvfromOnce(fd, buffer, &sender)
        if _fastPath(count >= 0) { return count }
        return afterFailure { system_recvfromOnce(fd, buffer, &sender) }
    }

    /// `sendto(2)` of one datagram to the address in `receiver`'s own storage (nothing is copied, and
    /// nothing written), with `MSG_NOSIGNAL`: the byte count, or minus the errno.
    @inlinable
    public static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, to receiver: inout SocketAddress) -> Int {
        let count = system_sendtoOnce(fd, buffer, noSignal, &receiver)
        if _fastPath(count >= 0) { return count }
        return afterFailure { system_sendtoOnce(fd, buffer, noSignal, &receiver) }
    }

    /// What follows a call that failed: retries `call` while it fails with EINTR, then returns its
    /// count, or minus the errno (EWOULDBLOCK as EAGAIN). Outlined: the per-message paths stay small.
    @usableFromInline @inline(never)
    static func afterFailure(_ call: () -> Int) -> Int {
        var errno = Glibc.errno  // first: nothing has run since the failed call
        while errno == EINTR {
            let count = call()
            if count >= 0 { return count }
            errno = Glibc.errno
        }
        return -Int(errno == EWOULDBLOCK ? EAGAIN : errno)
    }

    /// Sets `TCP_NODELAY` on a bare TCP descriptor; a failure (not a TCP socket) changes nothing and
    /// is ignored, as a server's tuning may be.
    public static func setNoDelay(_ fd: Int32) {
        _ = system_setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    /// Closes a bare descriptor (unregister it from any selector first). Never retried: see `system_close`.
    public static func close(_ fd: Int32) {
        _ = system_close(fd)
    }

    /// The peer's address of a connected descriptor, or nil.
    public static func peerAddress(_ fd: Int32) -> SocketAddress? {
        var address = SocketAddress()
        return system_getpeername(fd, &address).failed ? nil : address
    }
}
