import Reactor

/// An actor whose methods run on an event loop's thread, between its I/O callbacks.
actor Counter {
    let executor: LoopExecutor
    var count = 0
    init(executor: LoopExecutor) { self.executor = executor }
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    func increment() -> (count: Int, onLoop: Bool) {
        count += 1
        return (count, executor.isCurrent)
    }
}

let loop = try EventLoop()                              // created, and run, on the main thread
let counter = Counter(executor: loop.executor)
let handle = loop.handle

// Top-level code is main-actor code, and so is this task. A loop running on the main thread also
// runs the main actor's jobs: the task runs while `runForever()` holds the thread.
Task {
    for _ in 1...3 {
        try await handle.sleep(for: .milliseconds(10))  // on the loop's own timer
        let (count, onLoop) = await counter.increment()
        print("count \(count), on the loop's thread: \(onLoop)")
    }
    handle.stop()
}
loop.runForever()                                       // until stop(), also while nothing is watched
print("stopped")
