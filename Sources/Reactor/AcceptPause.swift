/// How a listener accepts without starving the loop, and pauses when the process is out of
/// descriptors: the policy SocketServer's servers and the echo servers share.
///
/// Out of descriptors (`EMFILE`, `ENFILE`), a listening socket stays readable and a level-triggered
/// loop would spin on it: the caller stops watching it, ``start(on:resume:)`` waits ``duration``, when
/// connections may have closed, and `resume` watches it again (man 3 ev, "The special problem of
/// accept()ing when you can't"). Clients wait in the backlog meanwhile. Loop thread only.
package final class AcceptPause {
    /// How many connections one wake-up of a listener accepts, so that a flood of new connections
    /// cannot starve the established ones.
    package static let batch = 64
    /// How long accepting pauses when the process is out of descriptors.
    package static let duration = Duration.milliseconds(100)
    /// One timer per pause in progress (a server with several listeners may pause each).
    private var timers: [LoopTimer] = []

    package init() {}

    /// Whether a pause is in progress.
    package var isActive: Bool { !timers.isEmpty }

    /// Starts a pause on `loop`; `resume` runs when it is over, unless ``cancel()`` came first.
    package func start(on loop: EventLoop, resume: @escaping () -> Void) {
        let timer = try? loop.schedule(after: Self.duration) { [weak self] timer in
            self?.timers.removeAll { $0 === timer }
            resume()
        }
        if let timer { timers.append(timer) }
    }

    /// Ends every pause in progress without resuming. Idempotent.
    package func cancel() {
        for timer in timers { timer.cancel() }
        timers = []
    }
}
