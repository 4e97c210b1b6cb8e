/// Signals received by the process, delivered on one event loop: an `AsyncSequence`.
///
/// Made by ``EventLoopHandle/signals(_:)``; the signals are watched from the moment that returns
/// (a signal received before anyone waits is kept for the next ``next()``) until ``stop()``, the
/// sequence being dropped, or the loop closing, after which their default action (Ctrl-C ends the
/// process) returns. One loop per signal in a process (see ``SignalWatcher``).
///
/// ```swift
/// let signals = try await loop.handle.signals(SIGINT, SIGTERM)   // watched from here on
/// print("listening ...")
/// _ = try await signals.next()                                   // Ctrl-C
/// ```
///
/// Python: `loop.add_signal_handler(signal, callback)`. swift-service-lifecycle: `UnixSignalsSequence`.
public final class LoopSignals: AsyncSequence, Sendable {
    private let state: LoopBound<SignalState>

    fileprivate init(state: LoopBound<SignalState>) {
        self.state = state
    }

    deinit {
        let state = self.state
        if state.executor.isCurrent { state.value.stop() } else { try? state.executor.handleForSignals.execute { state.value.stop() } }
    }

    /// The next signal received, waiting for one; nil once the signals are no longer watched.
    ///
    /// - Throws: `CancellationError`.
    public func next() async throws -> Int32? {
        let handle = state.executor.handleForSignals
        guard handle.isCurrent else {
            guard !handle.executor.isClosed else { return nil }
            return try await handle.hop { try await self.next() }
        }
        let state = self.state
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Int32?, any Error>) in
                if Task.isCancelled { return continuation.resume(throwing: CancellationError()) }
                state.value.wait(continuation)
            }
        } onCancel: {
            if handle.isCurrent {
                state.value.cancelWait()
            } else {
                try? handle.execute { state.value.cancelWait() }
            }
        }
    }

    /// Stops watching the signals; a waiting ``next()`` returns nil. Idempotent.
    public func stop() {
        let state = self.state
        if state.executor.isCurrent { state.value.stop() } else { try? state.executor.handleForSignals.execute { state.value.stop() } }
    }

    public func makeAsyncIterator() -> Iterator { Iterator(signals: self) }

    /// Waits for each signal in turn.
    public struct Iterator: AsyncIteratorProtocol {
        let signals: LoopSignals

        /// The next signal; nil once they are no longer watched or the task is cancelled.
        public mutating func next() async -> Int32? {
            (try? await signals.next()) ?? nil
        }
    }
}

extension LoopExecutor {
    /// A handle on this executor's loop.
    fileprivate var handleForSignals: EventLoopHandle { EventLoopHandle(executor: self) }
}

extension EventLoopHandle {
    /// Starts watching `signals` on this loop and returns them as they arrive.
    ///
    /// - Throws: ``EventLoopError/invalidSignal(_:)``, ``EventLoopError/signalWatchedByAnotherLoop(_:)``
    ///   (no watcher is left when it throws), ``EventLoopError/loopClosed``.
    public func signals(_ signals: Int32...) async throws -> LoopSignals {
        try await submit { loop in try LoopSignals(state: LoopBound(SignalState(signals, on: loop), loop: loop)) }
    }

    /// Waits until the process receives one of `signals`, and returns which one; they are watched
    /// only while waiting.
    ///
    /// Python: `loop.add_signal_handler(sig, future.set_result, sig)` and `await future`.
    /// - Throws: As ``signals(_:)``, and `CancellationError`.
    public func signal(_ signals: Int32...) async throws -> Int32 {
        let watched = try await submit { loop in
            try LoopSignals(state: LoopBound(SignalState(signals, on: loop), loop: loop))
        }
        defer { watched.stop() }
        guard let received = try await watched.next() else { throw EventLoopError.loopClosed }
        return received
    }
}

/// The watchers of a ``LoopSignals``, what they received and who waits. Loop thread only.
private final class SignalState {
    private var watchers: [SignalWatcher] = []
    private var received: [Int32] = []
    private var waiter: UnsafeContinuation<Int32?, any Error>?
    private var loop: EventLoop?

    init(_ signals: [Int32], on loop: EventLoop) throws(EventLoopError) {
        guard !loop.isClosed else { throw .loopClosed }
        do {
            for signal in signals {
                watchers.append(try loop.onSignal(signal) { [unowned self] received in deliver(received) })
            }
        } catch {
            for watcher in watchers { watcher.cancel() }
            throw error
        }
        self.loop = loop
        loop.closeHandlers[ObjectIdentifier(self)] = { [unowned self] in stop() }
    }

    func wait(_ continuation: UnsafeContinuation<Int32?, any Error>) {
        if !received.isEmpty { return continuation.resume(returning: received.removeFirst()) }
        guard loop != nil else { return continuation.resume(returning: nil) }
        waiter = continuation
    }

    func cancelWait() {
        waiter?.resume(throwing: CancellationError())
        waiter = nil
    }

    private func deliver(_ signal: Int32) {
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: signal)
        } else {
            received.append(signal)
        }
    }

    func stop() {
        loop?.closeHandlers[ObjectIdentifier(self)] = nil
        loop = nil
        for watcher in watchers { watcher.cancel() }
        watchers = []
        waiter?.resume(returning: nil)
        waiter = nil
    }
}
