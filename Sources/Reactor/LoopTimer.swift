internal import CLibev

/// A one-shot or repeating timer on an ``EventLoop``; cancel it, or re-arm it with new times.
///
/// Python: asyncio's `loop.call_later` and its `TimerHandle`. libev: `ev_timer`, on a monotonic
/// clock. An active timer keeps itself (and its loop) alive until it is cancelled or, one-shot,
/// has fired; dropping the returned object does not cancel it.
public final class LoopTimer {
    /// The loop the timer runs on.
    public let loop: EventLoop
    private let watcher: UnsafeMutablePointer<ev_timer>
    private let handler: (LoopTimer) -> Void
    private var retention = SelfRetention()

    init(loop: EventLoop, handler: @escaping (LoopTimer) -> Void) {
        self.loop = loop
        self.handler = handler
        watcher = .allocate(capacity: 1)
        clibev_timer_init(watcher, { _, watcher, _ in
            let timer = Unmanaged<LoopTimer>.fromOpaque(watcher!.pointee.data).takeUnretainedValue()
            timer.fire()
        }, 0, 0)
        watcher.pointee.data = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit { watcher.deallocate() }

    /// Whether the timer will fire again unless cancelled.
    public var isActive: Bool { clibev_is_active(watcher) != 0 }

    /// Stops the timer; it will not fire until re-armed. Idempotent.
    ///
    /// Python: `TimerHandle.cancel()`. libev: `ev_timer_stop`.
    public func cancel() {
        loop.requireLoopThread("LoopTimer.cancel")
        if isActive { ev_timer_stop(loop.raw, watcher) }
        retention.release()
    }

    /// Restarts the timer: it fires `after` from now, then every `repeating` if given.
    ///
    /// - Throws: ``EventLoopError/invalidInterval(_:)`` for a negative time or a zero repeat;
    ///   the timer is then left as it was.
    public func rearm(after: Duration, repeating: Duration? = nil) throws(EventLoopError) {
        loop.requireLoopThread("LoopTimer.rearm")
        let first = try seconds(after)
        let interval = try repeating.map { value throws(EventLoopError) in
            let interval = try seconds(value)
            guard interval > 0 else { throw EventLoopError.invalidInterval(value) }
            return interval
        } ?? 0
        if isActive { ev_timer_stop(loop.raw, watcher) }
        // libev measures from its cached time, which is stale after the loop sat idle: "from now"
        // must mean now (man 3 ev, "The special problem of time updates").
        ev_now_update(loop.raw)
        clibev_timer_set(watcher, first, interval)
        ev_timer_start(loop.raw, watcher)
        retention.hold(self)
    }

    private func fire() {
        handler(self)
        if !isActive { retention.release() }
    }
}

@available(*, unavailable)
extension LoopTimer: Sendable {}

extension EventLoop {
    /// Calls `body` on the loop thread `after` from now, then every `repeating` if given.
    ///
    /// Python: `loop.call_later(delay, callback)`; repeating timers have no direct counterpart.
    /// - Returns: The running timer; keep it to cancel or re-arm it.
    /// - Throws: ``EventLoopError/invalidInterval(_:)`` for a negative time or a zero repeat.
    @discardableResult
    public func schedule(
        after: Duration, repeating: Duration? = nil, _ body: @escaping (LoopTimer) -> Void
    ) throws(EventLoopError) -> LoopTimer {
        requireLoopThread("EventLoop.schedule")
        let timer = LoopTimer(loop: self, handler: body)
        try timer.rearm(after: after, repeating: repeating)
        return timer
    }
}
