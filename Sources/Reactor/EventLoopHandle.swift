/// A `Sendable` door into an ``EventLoop`` for other threads and tasks: wake it, stop it, run work
/// on it, or name its executor.
///
/// Python: `loop.call_soon_threadsafe`, and the self-pipe trick behind it. libev: `ev_async`.
/// Once the loop is closed, ``wakeUp()`` and ``stop()`` do nothing and ``execute(_:)`` throws.
public struct EventLoopHandle: Sendable, Hashable {
    /// The loop's executor, to run actors and tasks on the loop's thread.
    public let executor: LoopExecutor

    var mailbox: LoopMailbox { executor.mailbox }

    /// Whether the caller runs on the loop's thread.
    public var isCurrent: Bool { executor.isCurrent }

    /// Wakes the loop: a blocked `runOnce` or `Selector.select` returns (possibly with no events).
    public func wakeUp() {
        mailbox.wakeUp()
    }

    /// Makes the loop's `run()` (or the wait in progress) return, from any thread.
    public func stop() {
        mailbox.requestStop()
    }

    /// Runs `job` on the loop's thread during its next iteration, in the order submitted.
    ///
    /// - Throws: ``EventLoopError/loopClosed`` if the loop no longer takes work.
    public func execute(_ job: @escaping @Sendable () -> Void) throws(EventLoopError) {
        guard mailbox.post(job) else { throw .loopClosed }
    }

    public static func == (lhs: EventLoopHandle, rhs: EventLoopHandle) -> Bool { lhs.executor === rhs.executor }

    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(executor)) }
}

extension EventLoopHandle {
    /// Runs `body` with the loop, synchronously, on the loop's thread: for code that knows it runs
    /// there (an I/O callback, a job, a task on ``executor``) but holds only the handle.
    ///
    /// SwiftNIO: `EventLoop.assumeIsolated()`.
    /// - Precondition: The caller runs on the loop's thread.
    public func assumeIsolated<T, E: Error>(_ body: (EventLoop) throws(E) -> T) throws(E) -> T {
        precondition(isCurrent, "Reactor: EventLoopHandle.assumeIsolated called off the loop's thread")
        return try body(executor.loop.unsafelyUnwrapped.takeUnretainedValue())
    }

    /// Runs `body` with the loop on the loop's thread and returns its result: at once when the
    /// caller is on that thread, else during the loop's next iteration.
    ///
    /// Python: `asyncio.run_coroutine_threadsafe` with a plain function. SwiftNIO: `EventLoop.submit`.
    /// - Throws: ``EventLoopError/loopClosed`` if the loop no longer takes work; what `body` throws.
    public func submit<T: Sendable>(_ body: @escaping @Sendable (EventLoop) throws -> T) async throws -> T {
        if isCurrent { return try assumeIsolated(body) }
        let executor = self.executor
        return try await withUnsafeThrowingContinuation { continuation in
            do {
                try execute {
                    continuation.resume(with: Result { try body(executor.loop.unsafelyUnwrapped.takeUnretainedValue()) })
                }
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}

extension EventLoopHandle {
    /// Runs `body` on the loop's thread: how async operations called off the loop get there.
    ///
    /// The preference alone does not move code that is already running: the `@concurrent` closure
    /// switches to the preferred executor, the loop, before `body` starts.
    /// - Throws: ``EventLoopError/loopClosed`` if the loop is closed (hopping would land on the
    ///   fallback thread, which is not the loop), and what `body` throws.
    @concurrent
    func hop<T>(_ body: () async throws -> T) async throws -> T {
        guard !executor.isClosed else { throw EventLoopError.loopClosed }
        return try await withTaskExecutorPreference(executor) { @concurrent in try await body() }
    }
}
