/// A `Sendable` door into an ``EventLoop`` for other threads: wake it, stop it, or run a job on it.
///
/// Python: `loop.call_soon_threadsafe`, and the self-pipe trick behind it. libev: `ev_async`.
/// Once the loop is gone, ``wakeUp()`` and ``stop()`` do nothing and ``execute(_:)`` throws.
public struct EventLoopHandle: Sendable {
    let bridge: AsyncBridge

    /// Wakes the loop: a blocked `runOnce` or `Selector.select` returns (possibly with no events).
    public func wakeUp() {
        _ = bridge.send { _ in }
    }

    /// Makes the loop's `run()` (or the wait in progress) return, from any thread.
    public func stop() {
        _ = bridge.send { $0.stop = true }
    }

    /// Runs `job` on the loop's thread during its next iteration, in the order submitted.
    ///
    /// - Throws: ``EventLoopError/loopClosed`` if the loop no longer exists.
    public func execute(_ job: @escaping @Sendable () -> Void) throws(EventLoopError) {
        guard bridge.send({ $0.jobs.append(job) }) else { throw .loopClosed }
    }
}
