internal import CLibev

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
    let bridge: AsyncBridge
    /// The timer that bounds a wait in ``runOnce(timeout:)`` and `Selector.select(timeout:)`.
    private let waitTimer: UnsafeMutablePointer<ev_timer>
    var waitTimerFired = false
    /// Set by ``stop()``; consumed by the `run()` or wait that it ends.
    var stopRequested = false
    /// Set when the handle delivered a wake-up or jobs; ends a wait early.
    var wokenUp = false
    private var waiting = false

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
        try LoopDescriptors.check(LoopDescriptors.needed(by: requested))
        // An explicit backend must not be overridden by the LIBEV_FLAGS environment variable.
        let flags = requested == .automatic ? UInt32(EVFLAG_AUTO) : requested.flag | UInt32(EVFLAG_NOENV)
        guard let raw = ev_loop_new(flags) else { throw .backendUnavailable(requested) }
        self.raw = raw
        self.backend = Backend(activeFlag: ev_backend(raw))
        self.bridge = AsyncBridge(loop: raw)
        self.waitTimer = .allocate(capacity: 1)
        clibev_timer_init(waitTimer, { raw, _, _ in
            EventLoop.borrow(raw) { $0.waitTimerFired = true }
        }, 0, 0)
        ev_set_userdata(raw, Unmanaged.passUnretained(self).toOpaque())
        bridge.start()
    }

    deinit {
        bridge.close()
        ev_loop_destroy(raw)
        waitTimer.deallocate()
    }

    /// Runs the loop, dispatching every callback, until ``stop()`` is called or nothing is left
    /// to watch.
    ///
    /// Python: `asyncio` `run_forever()`; for a selector, a `while True: select()` loop. libev: `ev_run`.
    /// A ``stop()`` made while the loop was not running makes the next `run()` return at once.
    public func run() {
        if stopRequested {
            stopRequested = false
            return
        }
        ev_run(raw, 0)
        stopRequested = false
    }

    /// Waits once for events, up to `timeout` (`nil`: until something happens; zero or negative:
    /// not at all), dispatches what is ready and returns.
    ///
    /// libev: `ev_run(EVRUN_ONCE)` / `ev_run(EVRUN_NOWAIT)`. With nothing to watch and no timeout,
    /// it returns at once rather than block forever.
    public func runOnce(timeout: Duration? = nil) {
        guard let timeout else {
            ev_run(raw, Int32(EVRUN_ONCE))
            return
        }
        wait(timeout: timeout) { true }
    }

    /// Ends ``run()``, or the `select` in progress, after the current callback returns.
    ///
    /// Python: `loop.stop()`. libev: `ev_break(EVBREAK_ALL)`. From another thread, use ``handle``.
    public func stop() {
        stopRequested = true
        ev_break(raw, Int32(EVBREAK_ALL))
    }

    /// The loop's cached wall-clock time, in seconds since the epoch, as of the last wake-up.
    ///
    /// libev: `ev_now`. Timers are measured on a monotonic clock; this value is for reading.
    public var now: Double { ev_now(raw) }

    /// A `Sendable` handle other threads use to wake, stop or send work to this loop.
    public var handle: EventLoopHandle { EventLoopHandle(bridge: bridge) }

    /// Waits for events, dispatching them, until `done()` holds after an iteration, the timeout
    /// passes, ``stop()`` is called or a wake-up arrives. `nil` waits without limit; zero or a
    /// negative timeout polls once.
    ///
    /// libev's `ev_run(EVRUN_ONCE)` may return without any user event and returns at once when
    /// nothing is active, so the wait arms its own timer and loops.
    func wait(timeout: Duration?, until done: () -> Bool) {
        precondition(!waiting, "Reactor: select()/runOnce() called from inside another select()/runOnce() on the same loop")
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

    /// Calls `body` with the `EventLoop` that owns libev loop `raw`, without retaining it.
    @inline(__always)
    static func borrow(_ raw: OpaquePointer?, _ body: (EventLoop) -> Void) {
        Unmanaged<EventLoop>.fromOpaque(ev_userdata(raw)!)._withUnsafeGuaranteedRef(body)
    }
}

@available(*, unavailable)
extension EventLoop: Sendable {}
