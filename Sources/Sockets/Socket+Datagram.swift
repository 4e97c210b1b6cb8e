import Glibc

extension Socket {
    /// Receives one datagram into `buffer` and tells who sent it, without allocating.
    ///
    /// A datagram longer than `buffer` is not lost silently: the call throws
    /// ``SocketError/truncated(operation:size:capacity:)`` (its first bytes are in `buffer`).
    ///
    /// Python: `socket.recvfrom_into(buffer)`, which truncates silently.
    /// - Returns: The byte count and the sender's address (for a reply with ``send(_:to:flags:)-(Span<UInt8>,_,_)``, no
    ///   conversion needed); nil when nothing is available on a non-blocking socket.
    /// - Throws: ``SocketError`` from `recvfrom`; `EBADF` when closed; the timeout error; the
    ///   truncation error.
    public func receiveFrom(
        into buffer: inout MutableSpan<UInt8>, flags: MessageFlags = []
    ) throws(SocketError) -> (count: Int, from: SocketAddress)? {
        var address = SocketAddress()
        guard let count = try receiveFrom(into: &buffer, sender: &address, flags: flags) else { return nil }
        return (count, address)
    }

    /// Receives one datagram into `buffer` and writes who sent it into `sender`, without allocating
    /// and without copying the address: the form for a server's receive loop, which can keep one
    /// `sender` for every datagram of a wake-up.
    ///
    /// Python: `socket.recvfrom_into(buffer)`, which truncates silently.
    /// - Returns: The byte count; nil when nothing is available on a non-blocking socket (`sender`
    ///   is then unspecified).
    /// - Throws: ``SocketError`` from `recvfrom`; `EBADF` when closed; the timeout error;
    ///   ``SocketError/truncated(operation:size:capacity:)`` for a datagram longer than `buffer`
    ///   (`sender` is then set, and `buffer` holds the datagram's first bytes).
    @inlinable
    public func receiveFrom(
        into buffer: inout MutableSpan<UInt8>, sender: inout SocketAddress, flags: MessageFlags = []
    ) throws(SocketError) -> Int? {
        // Inlined fast path, outlined rest, as in receive(into:flags:). The (count, address) tuple of
        // receiveFrom(into:flags:) would cost three 128-byte copies per datagram (measured with
        // callgrind: 145 instructions in memcpy per echoed datagram).
        let fd = descriptor
        if _fastPath(fd >= 0) {
            let count = system_recvfromOnce(fd, &buffer, flags.rawValue | truncationFlag, &sender)
            // One unsigned comparison: a failure (negative) and a cut datagram (longer) both go to the slow path.
            if _fastPath(UInt(bitPattern: count) <= UInt(buffer.count)) { return count }
            return try receiveFromAfterFailure(fd, &buffer, &sender, flags, count)
        }
        return try receiveFromAfterFailure(fd, &buffer, &sender, flags, -1)
    }

    /// The rest of ``receiveFrom(into:sender:flags:)`` after its `recvfrom` returned `first` (a
    /// failure or a cut datagram), or without it on a closed socket.
    @usableFromInline @inline(never)
    internal func receiveFromAfterFailure(
        _ fd: Int32, _ buffer: inout MutableSpan<UInt8>, _ sender: inout SocketAddress, _ flags: MessageFlags, _ first: Int
    ) throws(SocketError) -> Int? {
        guard fd >= 0 else { throw Socket.error(EBADF, "recvfrom") }
        // errno first, before anything else runs (meaningful only when `first` is a failure).
        var result = SyscallResult(value: first, errno: first < 0 ? Glibc.errno : 0)
        var deadline: ContinuousClock.Instant?
        while true {
            if !result.failed {
                guard result.value <= buffer.count else {
                    throw Socket.truncated("recvfrom", size: result.value, capacity: buffer.count)
                }
                return result.value
            }
            if result.errno != EINTR {
                guard result.errno == EAGAIN || result.errno == EWOULDBLOCK else { throw Socket.error(result.errno, "recvfrom") }
                if timeoutNanoseconds <= 0 || flags.contains(.dontWait) { return nil }
                try waitUntilReady(fd, Int16(POLLIN), "recvfrom", deadline: &deadline)
            }
            result = system_recvfrom(fd, &buffer, flags.rawValue | truncationFlag, &sender)
        }
    }

    /// Sends one datagram from `buffer` to `address`, without allocating; never raises SIGPIPE.
    ///
    /// Python: `socket.sendto(bytes, address)`.
    /// - Returns: The number of bytes sent; nil when the send buffer is full on a non-blocking socket.
    /// - Throws: ``SocketError`` from `sendto` with the address (`EMSGSIZE` for a datagram too large,
    ///   `ECONNREFUSED` reported from an earlier datagram...); the timeout error.
    @inlinable
    public func send(_ buffer: Span<UInt8>, to address: borrowing SocketAddress, flags: MessageFlags = []) throws(SocketError) -> Int? {
        // Inlined fast path, outlined rest, as in receive(into:flags:); the address is lent, not copied.
        let fd = descriptor
        if _fastPath(fd >= 0) {
            let count = system_sendtoOnce(fd, buffer, flags.rawValue | Socket.noSignal, address)
            if _fastPath(count >= 0) { return count }
        }
        return try sendToAfterFailure(fd, buffer, address, flags)
    }

    /// The rest of ``send(_:to:flags:)-(Span<UInt8>,_,_)`` after its one `sendto` failed, or without
    /// it on a closed socket.
    @usableFromInline @inline(never)
    internal func sendToAfterFailure(
        _ fd: Int32, _ buffer: Span<UInt8>, _ address: SocketAddress, _ flags: MessageFlags
    ) throws(SocketError) -> Int? {
        guard fd >= 0 else { throw Socket.error(EBADF, "sendto", address) }
        var errno = Glibc.errno  // first, as in Socket+Stream.swift
        var deadline: ContinuousClock.Instant?
        while true {
            if errno != EINTR {
                guard errno == EAGAIN || errno == EWOULDBLOCK else { throw Socket.error(errno, "sendto", address) }
                if timeoutNanoseconds <= 0 || flags.contains(.dontWait) { return nil }
                try waitUntilReady(fd, Int16(POLLOUT), "sendto", address, deadline: &deadline)
            }
            let result = system_sendto(fd, buffer, flags.rawValue | Socket.noSignal, address)
            if !result.failed { return result.value }
            errno = result.errno
        }
    }

    /// Sends one datagram from `buffer` to `sender`, lending the address to the kernel where it lies:
    /// the reply of a receive loop to the address ``receiveFrom(into:sender:flags:)`` filled in.
    /// Never raises SIGPIPE; `sender` is read, not changed.
    ///
    /// ``send(_:to:flags:)-(Span<UInt8>,_,_)`` takes its address by value, which costs two 128-byte
    /// copies per datagram (the kernel needs the address in memory, and a value may not be); here the
    /// caller's own variable is handed to `sendto`. Nothing is allocated.
    ///
    /// Python: `socket.sendto(bytes, address)`.
    /// - Returns: The number of bytes sent; nil when the send buffer is full on a non-blocking socket.
    /// - Throws: As ``send(_:to:flags:)-(Span<UInt8>,_,_)``.
    @inlinable
    public func reply(_ buffer: Span<UInt8>, to sender: inout SocketAddress, flags: MessageFlags = []) throws(SocketError) -> Int? {
        let fd = descriptor
        if _fastPath(fd >= 0) {
            let count = buffer.withUnsafeBytes { system_sendtoOnce(fd, $0, flags.rawValue | Socket.noSignal, &sender) }
            if _fastPath(count >= 0) { return count }
        }
        return try sendToAfterFailure(fd, buffer, sender, flags)
    }

    /// Receives one datagram of up to `maxCount` bytes into a new array and tells who sent it.
    ///
    /// Python: `socket.recvfrom(bufsize)`, which truncates a longer datagram silently.
    /// - Returns: The bytes and the sender; nil when nothing is available on a non-blocking socket.
    /// - Throws: ``SocketError`` from `recvfrom`; the timeout error;
    ///   ``SocketError/truncated(operation:size:capacity:)`` for a datagram longer than `maxCount`.
    public func receiveFrom(maxCount: Int, flags: MessageFlags = []) throws(SocketError) -> (bytes: [UInt8], from: SocketAddress)? {
        var bytes = [UInt8](repeating: 0, count: max(maxCount, 0))
        let received: (count: Int, from: SocketAddress)?
        do {
            var span = bytes.mutableSpan
            received = try receiveFrom(into: &span, flags: flags)
        }
        guard let received else { return nil }
        bytes.removeSubrange(min(received.count, bytes.count)...)
        return (bytes, received.from)
    }

    /// Sends `bytes` as one datagram to `address`; never raises SIGPIPE.
    ///
    /// Python: `socket.sendto(bytes, address)`.
    /// - Returns: The number of bytes sent; nil when the send buffer is full on a non-blocking socket.
    /// - Throws: ``SocketError`` from `sendto` with the address; the timeout error.
    @discardableResult
    public func send(_ bytes: [UInt8], to address: SocketAddress, flags: MessageFlags = []) throws(SocketError) -> Int? {
        try send(bytes.span, to: address, flags: flags)
    }
}
