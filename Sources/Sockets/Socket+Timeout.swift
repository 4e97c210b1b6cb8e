import Glibc

extension Socket {
    /// How long blocking operations wait: nil blocks forever, zero never waits (non-blocking),
    /// a positive duration waits up to that long and then throws a timeout error.
    ///
    /// Setting it switches `O_NONBLOCK` on the descriptor (on for any non-nil timeout: waiting is
    /// done with `poll`). A negative duration counts as zero. Setting it on a closed socket only records
    /// it; the next operation throws `EBADF`. The timeout applies to `accept`, `connect`, `send`,
    /// `sendAll` (to the whole call), `receive`, `receiveFrom` and `send(_:to:)`.
    ///
    /// Python: `socket.gettimeout()` / `socket.settimeout(value)`.
    public var timeout: Duration? {
        get {
            switch timeoutNanoseconds {
            case ..<0: nil
            case let nanoseconds: .nanoseconds(nanoseconds)
            }
        }
        set {
            let nanoseconds: Int64 = newValue.map { Socket.nanoseconds(of: $0) } ?? -1
            let wasBlocking = timeoutNanoseconds < 0
            timeoutNanoseconds = nanoseconds
            let isBlocking = nanoseconds < 0
            if wasBlocking != isBlocking, descriptor >= 0 { Socket.setNonBlocking(descriptor, !isBlocking) }
        }
    }

    /// True unless the socket is in non-blocking mode (``timeout`` zero). Setting true clears the
    /// timeout (blocks forever); setting false sets a zero timeout.
    ///
    /// Python: `socket.getblocking()` / `socket.setblocking(flag)`.
    public var isBlocking: Bool {
        get { timeoutNanoseconds != 0 }
        set { timeout = newValue ? nil : .zero }
    }

    /// Nanoseconds in `duration`, clamped to 0 ... Int64.max.
    internal static func nanoseconds(of duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let (wholeSeconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        let (total, overflow2) = wholeSeconds.addingReportingOverflow((attoseconds + 999_999_999) / 1_000_000_000)
        return overflow2 ? .max : max(total, 1)
    }

    private static func setNonBlocking(_ fd: Int32, _ nonBlocking: Bool) {
        // F_GETFL/F_SETFL on a descriptor we own fail only with EBADF, when it was closed behind our
        // back; the next operation then reports EBADF itself, so there is nothing to report here.
        let flags = system_getStatusFlags(fd)
        guard !flags.failed else { return }
        let wanted = nonBlocking ? flags.value | O_NONBLOCK : flags.value & ~O_NONBLOCK
        if wanted != flags.value { _ = system_setStatusFlags(fd, wanted) }
    }

    /// Waits with `poll` until `fd` is ready for `events` or the deadline passes.
    ///
    /// Called only after an operation hit `EAGAIN` on a socket with a positive timeout (or an
    /// interrupted blocking `connect`, with `infinite`). `deadline` is fixed on the first call, so
    /// repeated waits in one operation share one timeout, as Python's do.
    /// - Throws: the timeout error for `operation`, or a `poll` failure.
    @inline(never)
    internal func waitUntilReady(
        _ fd: Int32, _ events: Int16, _ operation: StaticString, _ address: SocketAddress? = nil,
        deadline: inout ContinuousClock.Instant?, infinite: Bool = false
    ) throws(SocketError) {
        while true {
            var milliseconds: Int32 = -1
            if !infinite {
                let now = ContinuousClock.now
                let end = deadline ?? now.advanced(by: .nanoseconds(timeoutNanoseconds))
                deadline = end
                let left = now.duration(to: end)
                if left <= .zero { throw SocketError.timeout(operation: "\(operation)", address: address) }
                milliseconds = Int32(clamping: (Socket.nanoseconds(of: left) + 999_999) / 1_000_000)
            }
            let (result, _) = system_poll(fd, events, milliseconds)
            if result.failed {
                if result.errno == EINTR { continue }
                throw Socket.error(result.errno, "poll", address)
            }
            // Ready, or an error or hang-up condition: either way the retried operation reports it.
            if result.value > 0 { return }
        }
    }
}
