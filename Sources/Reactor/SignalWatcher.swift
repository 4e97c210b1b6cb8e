internal import CLibev
import Glibc

/// Runs a callback on the loop thread when the process receives a signal.
///
/// Python: `signal.signal`, or asyncio's `loop.add_signal_handler`. libev: `ev_signal`. It is the
/// safe way to stop a server on Ctrl-C or SIGTERM: the callback runs as an ordinary loop event,
/// not inside a signal handler. Starting a watcher unblocks its signal on the loop's thread, so a
/// signal blocked by the parent process still arrives. One signal belongs to one loop at a time in a process (libev
/// aborts otherwise); watching it from a second loop throws. An active watcher keeps itself alive
/// until cancelled; when the last watcher of a signal is cancelled, its default action returns.
public final class SignalWatcher {
    /// The signal number watched, e.g. `SIGINT`.
    public let signal: Int32
    /// The loop the callback runs on.
    public let loop: EventLoop
    private let watcher: UnsafeMutablePointer<ev_signal>
    private let handler: (Int32) -> Void
    private var retention = SelfRetention()

    init(signal: Int32, loop: EventLoop, handler: @escaping (Int32) -> Void) throws(EventLoopError) {
        guard signal > 0, signal < NSIG, signal != SIGKILL, signal != SIGSTOP else {
            throw .invalidSignal(signal)
        }
        try SignalOwners.claim(signal, for: loop)
        self.signal = signal
        self.loop = loop
        self.handler = handler
        watcher = .allocate(capacity: 1)
        clibev_signal_init(watcher, { _, watcher, _ in
            let signalWatcher = Unmanaged<SignalWatcher>.fromOpaque(watcher!.pointee.data).takeUnretainedValue()
            signalWatcher.handler(signalWatcher.signal)
        }, signal)
        watcher.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        ev_signal_start(loop.raw, watcher)
        // A process may start with the signal blocked (inherited from a parent that blocks it, as
        // Foundation's Process does); a blocked signal is never delivered, so the watcher would
        // never fire. Unblock it on this, the loop's, thread.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        retention.hold(self)
    }

    deinit { watcher.deallocate() }

    /// Whether the watcher is still catching its signal.
    public var isActive: Bool { clibev_is_active(watcher) != 0 }

    /// Stops watching; the signal is released for other loops. Idempotent.
    public func cancel() {
        loop.requireLoopThread("SignalWatcher.cancel")
        guard isActive else { return }
        ev_signal_stop(loop.raw, watcher)
        SignalOwners.release(signal, for: loop)
        retention.release()
    }
}

@available(*, unavailable)
extension SignalWatcher: Sendable {}

/// The process-wide record of which loop watches which signal.
enum SignalOwners {
    private struct Owner {
        var loop: ObjectIdentifier
        var watchers: Int
    }

    private static let owners = Locked<[Int32: Owner]>([:])

    static func claim(_ signal: Int32, for loop: EventLoop) throws(EventLoopError) {
        let id = ObjectIdentifier(loop)
        let claimed = owners.withLock { owners in
            if let owner = owners[signal], owner.loop != id { return false }
            owners[signal, default: Owner(loop: id, watchers: 0)].watchers += 1
            return true
        }
        guard claimed else { throw .signalWatchedByAnotherLoop(signal) }
    }

    static func release(_ signal: Int32, for loop: EventLoop) {
        owners.withLock { owners in
            guard var owner = owners[signal], owner.loop == ObjectIdentifier(loop) else { return }
            owner.watchers -= 1
            owners[signal] = owner.watchers > 0 ? owner : nil
        }
    }
}

extension EventLoop {
    /// Calls `body` on the loop thread each time the process receives `signal`.
    ///
    /// Python: `loop.add_signal_handler(signal, callback)`.
    /// - Throws: ``EventLoopError/invalidSignal(_:)`` for `SIGKILL`, `SIGSTOP` or a number out of
    ///   range; ``EventLoopError/signalWatchedByAnotherLoop(_:)`` if another loop has it.
    @discardableResult
    public func onSignal(_ signal: Int32, _ body: @escaping (Int32) -> Void) throws(EventLoopError) -> SignalWatcher {
        requireLoopThread("EventLoop.onSignal")
        return try SignalWatcher(signal: signal, loop: self, handler: body)
    }
}
