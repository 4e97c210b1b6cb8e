/// Where jobs go that arrive at a ``LoopExecutor`` after its loop was closed: one process-wide
/// ``EventLoopThread``, started the first time it is needed, that runs them one at a time.
///
/// A task can outlive the loop it ran on (an actor bound to a loop, a task with the loop's executor
/// preference); its jobs must still run somewhere, serially, or the task would hang forever.
enum ClosedLoopFallback {
    private static let thread = Locked<EventLoopThread?>(nil)

    /// The fallback thread's executor, starting the thread if needed.
    static var executor: LoopExecutor {
        thread.withLock { thread in
            if let thread { return thread.handle.executor }
            do {
                let started = try EventLoopThread(name: "reactor-closed")
                thread = started
                return started.handle.executor
            } catch {
                fatalError("Reactor: cannot start the thread that runs jobs of closed event loops: \(error)")
            }
        }
    }

    /// Whether the caller runs on the fallback thread (false if it was never started).
    static var isCurrent: Bool {
        thread.withLock { $0?.handle.isCurrent ?? false }
    }
}
