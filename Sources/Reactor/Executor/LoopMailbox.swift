internal import CLibev

/// The only cross-thread entry into a loop: a lock-guarded mailbox and libev's `ev_async`.
///
/// Other threads post closures (``EventLoopHandle/execute(_:)``), executor jobs, stop and close
/// requests. A post wakes the loop at most once until the loop collects the mail (one `ev_async_send`
/// per batch), and `ev_async_send` is made under the lock and only while the loop is open, so a
/// handle that outlives its loop is refused instead of writing into freed memory.
final class LoopMailbox: Sendable {
    struct Contents: ~Copyable {
        var closures: [@Sendable () -> Void] = []
        var jobs = RunQueue()
        var stop = false
        /// Set by ``EventLoopThread`` shutdown: the thread ends its loop once it has collected it.
        var closeRequested = false
        /// False once the loop refuses new work.
        var open = true
        /// A wake-up was sent and not yet collected: further posts need not send another.
        var wakePending = false
    }

    /// What the loop finds when it collects its mail.
    struct Delivery {
        var closures: [@Sendable () -> Void]
        var stop: Bool
        var closeRequested: Bool
    }

    private let contents = Locked(Contents())
    // Written once in init; read by other threads only under the lock, while `open`.
    nonisolated(unsafe) private let loop: OpaquePointer
    nonisolated(unsafe) private let watcher: UnsafeMutablePointer<ev_async>

    init(loop: OpaquePointer) {
        self.loop = loop
        watcher = .allocate(capacity: 1)
        clibev_async_init(watcher) { raw, _, _ in
            EventLoop.borrow(raw) { $0.deliverMail() }
        }
    }

    deinit { watcher.deallocate() }

    /// Starts the watcher without letting it keep `run()` alive on its own.
    func start() {
        ev_async_start(loop, watcher)
        ev_unref(loop)
    }

    /// Makes the watcher count as work, so `run()` waits for mail while nothing else is watched,
    /// or stops counting it again. Loop thread only.
    func keepLoopAlive(_ keep: Bool) {
        if keep { ev_ref(loop) } else { ev_unref(loop) }
    }

    /// Applies `change` and wakes the loop; false if the loop no longer takes work.
    @inline(__always)
    private func post(_ change: (inout Contents) -> Void) -> Bool {
        contents.withLock { box in
            guard box.open else { return false }
            change(&box)
            if !box.wakePending {
                box.wakePending = true
                ev_async_send(loop, watcher)
            }
            return true
        }
    }

    func post(_ closure: @escaping @Sendable () -> Void) -> Bool { post { $0.closures.append(closure) } }

    func post(_ job: QueuedJob) -> Bool { post { $0.jobs.push(job) } }

    func wakeUp() { _ = post { _ in } }

    func requestStop() { _ = post { $0.stop = true } }

    /// Refuses work from now on and asks the loop's thread to close it; false if already refused.
    func requestClose() -> Bool {
        post {
            $0.closeRequested = true
            $0.open = false
        }
    }

    /// Empties the mailbox: its jobs join `jobs`, the rest is returned. Loop thread only.
    func collect(into jobs: inout RunQueue) -> Delivery {
        contents.withLock { box in
            box.wakePending = false
            jobs.takeAll(from: &box.jobs)
            defer {
                box.closures = []
                box.stop = false
            }
            return Delivery(closures: box.closures, stop: box.stop, closeRequested: box.closeRequested)
        }
    }

    /// Refuses work from now on and hands over what was posted before. Loop thread only.
    func close(movingJobsInto jobs: inout RunQueue) -> [@Sendable () -> Void] {
        let closures = contents.withLock { box in
            box.open = false
            jobs.takeAll(from: &box.jobs)
            defer { box.closures = [] }
            return box.closures
        }
        ev_ref(loop)
        ev_async_stop(loop, watcher)
        return closures
    }
}
