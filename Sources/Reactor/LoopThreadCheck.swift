import Synchronization

/// Debug builds' guard on the loop's thread: every loop-confined entry point (`Selector.register`,
/// `modify`, `unregister`, `select`, `run`; `EventLoop.run`, `runOnce`, `stop`, `schedule`,
/// `onSignal`, `onChildExit`; timers and watchers) traps when it is called from another thread while
/// the loop runs, naming the call: `Reactor: Selector.register called off its loop's thread`.
///
/// "The loop's thread" is ``EventLoop/isCurrent``: the thread that created the loop, until a thread
/// runs it, then the one that last entered a run or a wait (an ``EventLoopThread``'s own thread).
/// A loop that no thread is running accepts set-up and clean-up calls from any thread: the one that
/// created it, before it runs, and the one that joined the thread that ran it (a server closed after
/// `serveForever()` returned on another thread, as in Python). The check cannot see that hand-over;
/// what it catches is a second thread driving a loop that is running, which corrupts libev.
///
/// Release builds compile every part of it away: the per-message path pays nothing.
struct LoopThreadCheck: ~Copyable {
    #if DEBUG
    /// How many runs and waits of the loop are in progress (nested ones count each).
    private let runs = Atomic<Int>(0)
    #endif

    init() {}

    /// Counts a run or a wait of the loop for the duration of `body`.
    @inline(__always)
    func running<T>(_ body: () -> T) -> T {
        #if DEBUG
        runs.add(1, ordering: .sequentiallyConsistent)
        defer { runs.subtract(1, ordering: .sequentiallyConsistent) }
        #endif
        return body()
    }

    /// Traps (debug builds) when `call` comes from a thread other than the loop's while it runs.
    @inline(__always)
    func require(_ call: StaticString, isCurrent: @autoclosure () -> Bool) {
        #if DEBUG
        if !isCurrent(), runs.load(ordering: .sequentiallyConsistent) > 0 {
            preconditionFailure("Reactor: \(call) called off its loop's thread")
        }
        #endif
    }
}

extension EventLoop {
    /// Traps (debug builds) when `call`, a loop-confined operation, runs off this loop's thread while
    /// the loop runs (``LoopThreadCheck``).
    @inline(__always)
    package func requireLoopThread(_ call: StaticString) {
        threadCheck.require(call, isCurrent: isCurrent)
    }
}
