import Glibc

extension Socket {
    /// Flags for send and receive calls. `MSG_NOSIGNAL` is always added to sends.
    ///
    /// Python: the `flags` argument of `recv`/`send` (`socket.MSG_PEEK`...).
    public struct MessageFlags: OptionSet, Hashable, Sendable {
        /// The `MSG_` bits.
        ///
        /// Python: the integer flags.
        public let rawValue: Int32

        /// Flags from `MSG_` bits.
        ///
        /// Python: `socket.MSG_PEEK | socket.MSG_WAITALL`.
        @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Look at the data without consuming it (`MSG_PEEK`).
        ///
        /// Python: `socket.MSG_PEEK`.
        public static var peek: MessageFlags { MessageFlags(rawValue: Int32(MSG_PEEK)) }
        /// Wait for the whole buffer on a blocking socket (`MSG_WAITALL`).
        ///
        /// Python: `socket.MSG_WAITALL`.
        public static var waitAll: MessageFlags { MessageFlags(rawValue: Int32(MSG_WAITALL)) }
        /// Do not block for this call alone (`MSG_DONTWAIT`).
        ///
        /// Python: `socket.MSG_DONTWAIT`.
        public static var dontWait: MessageFlags { MessageFlags(rawValue: Int32(MSG_DONTWAIT)) }
        /// Out-of-band data (`MSG_OOB`).
        ///
        /// Python: `socket.MSG_OOB`.
        public static var outOfBand: MessageFlags { MessageFlags(rawValue: Int32(MSG_OOB)) }
        /// Tells the caller a datagram was longer than the buffer (`MSG_TRUNC`).
        ///
        /// Python: `socket.MSG_TRUNC`.
        public static var truncate: MessageFlags { MessageFlags(rawValue: Int32(MSG_TRUNC)) }
    }

    /// Receives into `buffer` without allocating.
    ///
    /// On a datagram socket a datagram longer than `buffer` is cut short without a word, as in C
    /// and Python: receive datagrams with ``receiveFrom(into:sender:flags:)``, which reports it.
    /// (Asking the kernel for the real length here would cost the stream echo's hot path.)
    ///
    /// Python: `socket.recv_into(buffer)`.
    /// - Returns: The number of bytes received (at most `buffer.count`); 0 at end-of-file (or for an
    ///   empty datagram); nil when nothing is available on a non-blocking socket.
    /// - Throws: ``SocketError`` from `recv`: `ECONNRESET`...; `EBADF` when closed; the timeout error.
    @inlinable
    public func receive(into buffer: inout MutableSpan<UInt8>, flags: MessageFlags = []) throws(SocketError) -> Int? {
        // The fast path is inlined into the caller (an event loop's callback, in another module): the
        // system call and one comparison. Everything else (closed, EINTR, EAGAIN, a timeout, errors)
        // is in the outlined function, so its frame and its error construction cost nothing here.
        let fd = descriptor
        if _fastPath(fd >= 0) {
            let count = system_recvOnce(fd, &buffer, flags.rawValue)
            if _fastPath(count >= 0) { return count }
        }
        return try receiveAfterFailure(fd, &buffer, flags)
    }

    /// The rest of ``receive(into:flags:)`` after its one `recv` failed, or without it on a closed socket.
    @usableFromInline @inline(never)
    internal func receiveAfterFailure(
        _ fd: Int32, _ buffer: inout MutableSpan<UInt8>, _ flags: MessageFlags
    ) throws(SocketError) -> Int? {
        guard fd >= 0 else { throw Socket.error(EBADF, "recv") }
        // First: nothing has run since the failed `recv` that could have changed errno.
        var errno = Glibc.errno
        var deadline: ContinuousClock.Instant?
        while true {
            if errno != EINTR {
                guard errno == EAGAIN || errno == EWOULDBLOCK else { throw Socket.error(errno, "recv") }
                if timeoutNanoseconds <= 0 || flags.contains(.dontWait) { return nil }
                try waitUntilReady(fd, Int16(POLLIN), "recv", deadline: &deadline)
            }
            let result = system_recv(fd, &buffer, flags.rawValue)
            if !result.failed { return result.value }
            errno = result.errno
        }
    }

    /// Sends what the kernel will take of `buffer` without allocating; never raises SIGPIPE.
    ///
    /// Python: `socket.send(bytes)`.
    /// - Returns: The number of bytes sent (possibly fewer than `buffer.count`); nil when the send
    ///   buffer is full on a non-blocking socket.
    /// - Throws: ``SocketError`` from `send`: `EPIPE` or `ECONNRESET` when the peer is gone...;
    ///   the timeout error.
    @inlinable
    public func send(_ buffer: Span<UInt8>, flags: MessageFlags = []) throws(SocketError) -> Int? {
        // Inlined fast path, outlined rest, as in receive(into:flags:).
        let fd = descriptor
        if _fastPath(fd >= 0) {
            let count = system_sendOnce(fd, buffer, flags.rawValue | Socket.noSignal)
            if _fastPath(count >= 0) { return count }
        }
        return try sendAfterFailure(fd, buffer, flags)
    }

    /// The rest of ``send(_:flags:)-(Span<UInt8>,_)`` after its one `send` failed, or without it on a closed socket.
    @usableFromInline @inline(never)
    internal func sendAfterFailure(_ fd: Int32, _ buffer: Span<UInt8>, _ flags: MessageFlags) throws(SocketError) -> Int? {
        guard fd >= 0 else { throw Socket.error(EBADF, "send") }
        var errno = Glibc.errno  // first, as in receiveAfterFailure
        var deadline: ContinuousClock.Instant?
        while true {
            if errno != EINTR {
                guard errno == EAGAIN || errno == EWOULDBLOCK else { throw Socket.error(errno, "send") }
                if timeoutNanoseconds <= 0 || flags.contains(.dontWait) { return nil }
                try waitUntilReady(fd, Int16(POLLOUT), "send", deadline: &deadline)
            }
            let result = system_send(fd, buffer, flags.rawValue | Socket.noSignal)
            if !result.failed { return result.value }
            errno = result.errno
        }
    }

    /// Sends all of `buffer`, looping over partial sends; never raises SIGPIPE.
    ///
    /// With a timeout, the timeout applies to the whole call. On a non-blocking socket whose send
    /// buffer fills up it throws `EAGAIN` (``SocketError/isWouldBlock``), as Python does, and how much
    /// was sent is unknown: on non-blocking sockets use ``send(_:flags:)-(Span<UInt8>,_)`` and keep the rest yourself.
    ///
    /// Python: `socket.sendall(bytes)`.
    /// - Throws: ``SocketError`` from `send`; the timeout error.
    public func sendAll(_ buffer: Span<UInt8>, flags: MessageFlags = []) throws(SocketError) {
        let fd = try openDescriptor("send")
        let result = system_send(fd, buffer, flags.rawValue | Socket.noSignal)
        if _fastPath(!result.failed && result.value == buffer.count) { return }
        try sendRest(fd, buffer, flags, result)
    }

    @inline(never)
    private func sendRest(_ fd: Int32, _ buffer: Span<UInt8>, _ flags: MessageFlags, _ first: SyscallResult<Int>) throws(SocketError) {
        var result = first
        var offset = 0
        var deadline: ContinuousClock.Instant?
        while true {
            if !result.failed {
                offset += result.value
                if offset >= buffer.count { return }
            } else {
                guard result.errno == EAGAIN || result.errno == EWOULDBLOCK, timeoutNanoseconds > 0 else {
                    throw Socket.error(result.errno, "send")
                }
                try waitUntilReady(fd, Int16(POLLOUT), "send", deadline: &deadline)
            }
            result = system_send(fd, buffer.extracting(droppingFirst: offset), flags.rawValue | Socket.noSignal)
        }
    }

    /// `MSG_NOSIGNAL`, added to every send: SIGPIPE never kills the process.
    @inlinable static var noSignal: Int32 { Int32(MSG_NOSIGNAL) }

    /// Receives up to `maxCount` bytes into a new array.
    ///
    /// Python: `socket.recv(bufsize)`.
    /// - Returns: The bytes; empty at end-of-file; nil when nothing is available on a non-blocking socket.
    /// - Throws: ``SocketError`` from `recv`; the timeout error.
    public func receive(maxCount: Int, flags: MessageFlags = []) throws(SocketError) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: max(maxCount, 0))
        let count: Int?
        do {
            var span = bytes.mutableSpan
            count = try receive(into: &span, flags: flags)
        }
        guard let count else { return nil }
        bytes.removeSubrange(min(count, bytes.count)...)
        return bytes
    }

    /// Sends what the kernel will take of `bytes`; never raises SIGPIPE.
    ///
    /// Python: `socket.send(bytes)`.
    /// - Returns: The number of bytes sent; nil when the send buffer is full on a non-blocking socket.
    /// - Throws: ``SocketError`` from `send`; the timeout error.
    @discardableResult
    public func send(_ bytes: [UInt8], flags: MessageFlags = []) throws(SocketError) -> Int? {
        try send(bytes.span, flags: flags)
    }

    /// Sends all of `bytes`; never raises SIGPIPE.
    ///
    /// Python: `socket.sendall(bytes)`.
    /// - Throws: ``SocketError`` from `send`; the timeout error; `EAGAIN` on a full non-blocking socket.
    public func sendAll(_ bytes: [UInt8], flags: MessageFlags = []) throws(SocketError) {
        try sendAll(bytes.span, flags: flags)
    }

    /// Sends all of `text`, encoded as UTF-8; never raises SIGPIPE.
    ///
    /// Python: `socket.sendall(text.encode())`.
    /// - Throws: ``SocketError`` from `send`; the timeout error; `EAGAIN` on a full non-blocking socket.
    public func sendAll(_ text: String, flags: MessageFlags = []) throws(SocketError) {
        var text = text
        text.makeContiguousUTF8()
        try sendAll(text.utf8.span, flags: flags)
    }
}
