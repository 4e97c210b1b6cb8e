import Synchronization

/// Lets a task wait, without blocking a thread, until a server's own thread is done.
final class ThreadCompletion: Sendable {
    private let state = Mutex<(finished: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Called on the server's thread when it is done.
    func fire() {
        let waiters = state.withLock { state in
            state.finished = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once ``fire()`` has been called.
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = state.withLock { state in
                if !state.finished { state.waiters.append(continuation) }
                return state.finished
            }
            if finished { continuation.resume() }
        }
    }
}

/// Makes sure a stop is asked for once: graceful shutdown and cancellation can both arrive.
final class Once: Sendable {
    private let done = Atomic(false)

    /// Runs `body` the first time only.
    func callAsFunction(_ body: () -> Void) {
        if !done.exchange(true, ordering: .relaxed) { body() }
    }
}
