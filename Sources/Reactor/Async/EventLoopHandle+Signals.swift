extension EventLoopHandle {
    /// Waits until the process receives one of `signals`, and returns which one.
    ///
    /// The signals are watched on this loop (see ``SignalWatcher``) only while waiting: their default
    /// action (Ctrl-C ends the process) returns afterwards. The usual end of an async server:
    /// `_ = try await handle.signal(SIGINT, SIGTERM)`, then cancel the serving task.
    ///
    /// Python: `loop.add_signal_handler(sig, future.set_result, sig)` and `await future`.
    /// - Throws: ``EventLoopError/invalidSignal(_:)``, ``EventLoopError/signalWatchedByAnotherLoop(_:)``,
    ///   ``EventLoopError/loopClosed``, `CancellationError`.
    public func signal(_ signals: Int32...) async throws -> Int32 {
        try await signal(signals)
    }

    /// Waits until the process receives one of `signals`, and returns which one. See ``signal(_:)-(Int32...)``.
    public func signal(_ signals: [Int32]) async throws -> Int32 {
        guard isCurrent else {
            return try await hop { try await signal(signals) }
        }
        let wait = LoopBound(SignalWait(), handle: self)
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Int32, any Error>) in
                if Task.isCancelled { return continuation.resume(throwing: CancellationError()) }
                assumeIsolated { loop in wait.value.start(signals, on: loop, continuation: continuation) }
            }
        } onCancel: {
            if isCurrent {
                wait.value.finish(.failure(CancellationError()))
            } else {
                try? execute { wait.value.finish(.failure(CancellationError())) }
            }
        }
    }
}

/// One task waiting for a signal: its watchers and its continuation. Loop thread only.
private final class SignalWait {
    private var watchers: [SignalWatcher] = []
    private var continuation: UnsafeContinuation<Int32, any Error>?
    private var loop: EventLoop?

    func start(_ signals: [Int32], on loop: EventLoop, continuation: UnsafeContinuation<Int32, any Error>) {
        self.continuation = continuation
        guard !loop.isClosed else { return finish(.failure(EventLoopError.loopClosed)) }
        self.loop = loop
        loop.closeHandlers[ObjectIdentifier(self)] = { [unowned self] in finish(.failure(EventLoopError.loopClosed)) }
        do {
            for signal in signals {
                watchers.append(try loop.onSignal(signal) { [unowned self] received in finish(.success(received)) })
            }
        } catch {
            finish(.failure(error))
        }
    }

    /// Stops watching and resumes the task, once.
    func finish(_ result: Result<Int32, any Error>) {
        loop?.closeHandlers[ObjectIdentifier(self)] = nil
        loop = nil
        for watcher in watchers { watcher.cancel() }
        watchers = []
        continuation?.resume(with: result)
        continuation = nil
    }
}
