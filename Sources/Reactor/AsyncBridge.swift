internal import CLibev
import Synchronization

/// The only cross-thread entry into a loop: a mutex-guarded mailbox and libev's `ev_async`.
///
/// `ev_async_send` is made under the lock and only while the loop is alive, so a handle that
/// outlives its loop turns into a no-op instead of writing into freed memory.
final class AsyncBridge: Sendable {
    struct Mailbox {
        var jobs: [@Sendable () -> Void] = []
        var stop = false
        var alive = true
    }

    private let mailbox = Mutex(Mailbox())
    // Written once in init, read by other threads only under `mailbox`'s lock while `alive`.
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

    /// Marks the loop gone and stops the watcher; later sends are refused. Loop thread only.
    func close() {
        mailbox.withLock { $0.alive = false; $0.jobs = [] }
        ev_ref(loop)
        ev_async_stop(loop, watcher)
    }

    /// Applies `change` to the mailbox and wakes the loop; false if the loop is gone.
    func send(_ change: (inout Mailbox) -> Void) -> Bool {
        mailbox.withLock { box in
            guard box.alive else { return false }
            change(&box)
            ev_async_send(loop, watcher)
            return true
        }
    }

    /// Empties the mailbox. Loop thread only.
    func collect() -> (jobs: [@Sendable () -> Void], stop: Bool) {
        mailbox.withLock { box in
            defer { box.jobs = []; box.stop = false }
            return (box.jobs, box.stop)
        }
    }
}

extension EventLoop {
    /// Runs on the loop thread when the handle was used: jobs first, then a requested stop.
    func deliverMail() {
        let (jobs, stop) = bridge.collect()
        wokenUp = true
        for job in jobs { job() }
        if stop { self.stop() }
    }
}
