internal import CLibev
import Glibc

/// One libev event loop: the engine under a ``Selector``, its timers, signal and child watchers.
///
/// Each `EventLoop` owns its own `ev_loop_new` loop (never libev's default loop), so several can
/// live in one process, one per thread. It is confined to the thread that runs it and is not
/// `Sendable`; other threads reach it only through its ``handle``.
///
/// Python: the engine inside `selectors.DefaultSelector` and the scheduling part of an asyncio loop.
public final class EventLoop {
    /// libev's `struct ev_loop *`.
    let raw: OpaquePointer
    /// The backend libev actually uses (``Backend/automatic`` resolves to the one it picked).
    public let backend: Backend
    /// The cross-thread door into this loop.
    let mailbox: LoopMailbox
    /// The loop as a Swift concurrency executor: actors and tasks that use it run on this loop's thread.
    ///
    /// Also reachable from other threads as ``EventLoopHandle/executor``.
    public let executor: LoopExecutor
    /// The timer that bounds a wait in ``runOnce(timeout:)`` and `Selector.select(timeout:)`.
    private let waitTimer: UnsafeMutablePointer<ev_timer>
    var waitTimerFired = false
    /// Set by ``stop()``; consumed by the `run()` or wait that it ends.
    var stopRequested = false
    /// Set when the handle delivered a wake-up or jobs; ends a wait early.
    var wokenUp = false
    private var waiting = false
    /// Set when an ``EventLoopThread`` is asked to shut down; its thread then closes the loop.
    var closeRequested = false
    var isClosed = false
    /// What to tell when the loop closes: async waits other than readiness (signal waits), by owner.
    var closeHandlers: [ObjectIdentifier: () -> Void] = [:]
    /// The thread that last entered a run or a wait, to notice when another thread takes over.
    private var runningThread = pthread_t()
    let mainQueue = MainQueueWatcher()
    /// Debug builds: which runs are in progress, to catch another thread driving the loop meanwhile.
    let threadCheck = LoopThreadCheck()

    /// Creates a loop on `backend`.
    ///
    /// Python: `selectors.DefaultSelector()` (``Backend/automatic``), `EpollSelector()`, ...
    /// libev: `ev_loop_new`.
    /// - Throws: ``EventLoopError/backendUnavailable(_:)`` if libev or the kernel cannot provide it;
    ///   ``EventLoopError/descriptorsUnavailable(needed:errno:)`` if the process is out of descriptors.
    public init(backend requested: Backend = .automatic) throws(EventLoopError) {
        SystemErrorReporter.installOnce()
        if requested != .automatic, ev_supported_backends() & requested.flag == 0 {
            throw .backendUnavailable(requested)
        }
        try LoopDescriptors.check(LoopDescriptors.needed(by: requested) + MainQueueWatcher.descriptorsNeeded)
        // An explicit backend must not be overridden by the LIBEV_FLAGS environment variable.
        let flags = requested == .automatic ? UInt32(EVFLAG_AUTO) : requested.flag | UInt32(EVFLAG_NOENV)
        guard let raw = ev_loop_new(flags) else { throw .backendUnavailable(requested) }
        self.raw = raw
        self.backend = Backend(activeFlag: ev_backend(raw))
        self.mailbox = LoopMailbox(loop: raw)
        self.executor = LoopExecutor(loop: raw, mailbox: mailbox)
        self.waitTimer = .allocate(capacity: 1)
        clibev_timer_init(waitTimer, { raw, _, _ in
            EventLoop.borrow(raw) { $0.waitTimerFired = true }
        }, 0, 0)
        ev_set_userdata(raw, Unmanaged.passUnretained(self).toOpaque())
        executor.loop = Unmanaged.passUnretained(self)
        mailbox.start()
        // The creating thread owns the loop until another runs it; on the main thread the main
        // queue's eventfd is made now, not on the first run.
        enterRun()
    }

    /// Closes the loop (see ``close()``) and destroys it.
    deinit {
        close()
        ev_loop_destroy(raw)
        waitTimer.deallocate()
    }

    /// Whether the caller runs on this loop's thread: the thread that created it, or the one that
    /// last entered ``run()``, ``runOnce(timeout:)`` or `Selector.select(timeout:)`.
    public var isCurrent: Bool { executor.isCurrent }

    /// Runs the loop, dispatching every callback, until ``stop()`` is called or nothing is left
    /// to watch.
    ///
    /// Python: a `while True: select()` loop. libev: `ev_run`. Jobs queued on ``executor``, or sent
    /// through ``handle``, count as something left to do: `run()` returns only once they have run.
    /// Work sent after it returned waits for the next `run()`, or runs when the loop is closed.
    /// A ``stop()`` made while the loop was not running makes the next `run()` return at once.
    public func run() {
        requireLoopThread("EventLoop.run")
        enterRun()
        if stopRequested {
            stopRequested = false
            return
        }
        threadCheck.running { _ = ev_run(raw, 0) }
        stopRequested = false
    }

    /// Runs the loop, dispatching every callback, until ``stop()`` is called, also while nothing is
    /// watched: the loop then waits for work from ``handle`` or ``executor``.
    ///
    /// Python: `asyncio` `loop.run_forever()`. libev: `ev_run` with the mailbox watcher counted as work.
    public func runForever() {
        mailbox.keepLoopAlive(true)
        defer { mailbox.keepLoopAlive(false) }
        run()
    }

    /// Waits once for events, up to `timeout` (`nil`: until something happens; zero or negative:
    /// not at all), dispatches what is ready and returns.
    ///
    /// libev: `ev_run(EVRUN_ONCE)` / `ev_run(EVRUN_NOWAIT)`. With nothing to watch and no timeout,
    /// it returns at once rather than block forever.
    public func runOnce(timeout: Duration? = nil) {
        requireLoopThread("EventLoop.runOnce")
        enterRun()
        guard let timeout else {
            threadCheck.running { _ = ev_run(raw, Int32(EVRUN_ONCE)) }
            return
        }
        wait(timeout: timeout) { true }
    }

    /// Ends ``run()``, or the `select` in progress, after the current callback returns.
    ///
    /// Python: `loop.stop()`. libev: `ev_break(EVBREAK_ALL)`. From another thread, use ``handle``.
    public func stop() {
        requireLoopThread("EventLoop.stop")
        stopRequested = true
        ev_break(raw, Int32(EVBREAK_ALL))
    }

    /// The loop's cached wall-clock time, in seconds since the epoch, as of the last wake-up.
    ///
    /// libev: `ev_now`. Timers are measured on a monotonic clock; this value is for reading.
    public var now: Double { ev_now(raw) }

    /// A `Sendable` handle other threads use to wake, stop or send work to this loop.
    public var handle: EventLoopHandle { EventLoopHandle(executor: executor) }

    /// Waits for events, dispatching them, until `done()` holds after an iteration, the timeout
    /// passes, ``stop()`` is called or a wake-up arrives. `nil` waits without limit; zero or a
    /// negative timeout polls once.
    ///
    /// libev's `ev_run(EVRUN_ONCE)` may return without any user event and returns at once when
    /// nothing is active, so the wait arms its own timer and loops.
    func wait(timeout: Duration?, until done: () -> Bool) {
        precondition(!waiting, "Reactor: select()/runOnce() called from inside another select()/runOnce() on the same loop")
        enterRun()
        threadCheck.running { poll(timeout: timeout, until: done) }
    }

    /// ``wait(timeout:until:)`` once the calling thread is the loop's.
    private func poll(timeout: Duration?, until done: () -> Bool) {
        if stopRequested {
            stopRequested = false
            return
        }
        let limit = timeout.map { (try? seconds($0)) ?? 0 }
        if limit == 0 {
            ev_run(raw, Int32(EVRUN_NOWAIT))
            stopRequested = false
            return
        }
        waiting = true
        wokenUp = false
        armWaitTimer(limit)
        defer {
            if clibev_is_active(waitTimer) != 0 { ev_timer_stop(raw, waitTimer) }
            waiting = false
            wokenUp = false
            stopRequested = false
        }
        while true {
            ev_run(raw, Int32(EVRUN_ONCE))
            if done() || stopRequested || wokenUp { return }
            if waitTimerFired {
                guard limit == nil else { return }
                armWaitTimer(nil)
            }
        }
    }

    /// Arms the wait timer for `limit` seconds; without a limit, for a day at a time (the wait
    /// re-arms it), which keeps `ev_run` blocking even when nothing else is watched.
    private func armWaitTimer(_ limit: Double?) {
        waitTimerFired = false
        ev_now_update(raw)
        clibev_timer_set(waitTimer, limit ?? 86_400, 0)
        ev_timer_start(raw, waitTimer)
    }

    /// Makes the calling thread the loop's thread; when that is a change, the main queue is watched
    /// exactly while the loop runs on the main thread (``MainQueueWatcher``).
    @inline(__always)
    private func enterRun() {
        let current = pthread_self()
        guard _slowPath(runningThread != current) else { return }
        runningThread = current
        executor.claim()
        mainQueue.update(loop: raw, onMainThread: clibev_is_main_thread() != 0)
    }

    /// Calls `body` with the `EventLoop` that owns libev loop `raw`, without retaining it.
    @inline(__always)
    static func borrow(_ raw: OpaquePointer?, _ body: (EventLoop) -> Void) {
        Unmanaged<EventLoop>.fromOpaque(ev_userdata(raw)!)._withUnsafeGuaranteedRef(body)
    }
}

@available(*, unavailable)
extension EventLoop: Sendable {}
