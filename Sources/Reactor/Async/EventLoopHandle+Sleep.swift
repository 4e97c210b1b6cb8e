extension EventLoopHandle {
    /// Suspends the calling task for `duration`, on this loop's timer (`ev_timer`).
    ///
    /// Unlike `Task.sleep`, it needs nothing but the loop: no timer thread and no new descriptor,
    /// which matters when the process is out of descriptors. The task resumes on the loop's executor
    /// (or where it runs).
    ///
    /// Python: `await asyncio.sleep(delay)`.
    /// - Throws: `CancellationError`, ``EventLoopError/loopClosed``, ``EventLoopError/invalidInterval(_:)``.
    public func sleep(for duration: Duration) async throws {
        guard isCurrent else {
            return try await hop { try await sleep(for: duration) }
        }
        let sleeper = LoopBound(LoopSleep(), handle: self)
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                if Task.isCancelled { return continuation.resume(throwing: CancellationError()) }
                assumeIsolated { loop in sleeper.value.start(duration, on: loop, continuation: continuation) }
            }
        } onCancel: {
            if isCurrent {
                sleeper.value.finish(.failure(CancellationError()))
            } else {
                try? execute { sleeper.value.finish(.failure(CancellationError())) }
            }
        }
    }
}

/// One task sleeping on a loop timer. Loop thread only.
private final class LoopSleep {
    private var timer: LoopTimer?
    private var continuation: UnsafeContinuation<Void, any Error>?
    private var loop: EventLoop?

    func start(_ duration: Duration, on loop: EventLoop, continuation: UnsafeContinuation<Void, any Error>) {
        self.continuation = continuation
        guard !loop.isClosed else { return finish(.failure(EventLoopError.loopClosed)) }
        self.loop = loop
        loop.closeHandlers[ObjectIdentifier(self)] = { [unowned self] in finish(.failure(EventLoopError.loopClosed)) }
        do {
            timer = try loop.schedule(after: duration) { [unowned self] _ in finish(.success(())) }
        } catch {
            finish(.failure(error))
        }
    }

    /// Stops the timer and resumes the task, once.
    func finish(_ result: Result<Void, any Error>) {
        loop?.closeHandlers[ObjectIdentifier(self)] = nil
        loop = nil
        timer?.cancel()
        timer = nil
        continuation?.resume(with: result)
        continuation = nil
    }
}
