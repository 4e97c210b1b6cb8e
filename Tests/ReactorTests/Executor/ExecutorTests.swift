import Foundation
import Reactor
import Synchronization
import Testing

/// An actor whose methods run on an event loop's thread.
actor LoopActor {
    let executor: LoopExecutor
    var count = 0

    init(executor: LoopExecutor) { self.executor = executor }

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Counts, and says whether it ran on the loop's thread.
    func step() -> Bool {
        count += 1
        return executor.isCurrent
    }
}

@Suite("LoopExecutor", .timeLimit(.minutes(1)))
struct ExecutorTests {
    @Test("an actor on a loop's executor runs its methods on the loop's thread")
    func actorRunsOnLoop() async throws {
        let thread = try EventLoopThread(name: "actor-loop")
        let actor = LoopActor(executor: thread.handle.executor)
        for _ in 0..<100 { #expect(await actor.step()) }
        #expect(await actor.count == 100)
        #expect(!thread.handle.isCurrent)
        await thread.shutdown()
    }

    @Test("withTaskExecutorPreference keeps nonisolated async code on the loop's thread across awaits")
    func taskExecutorPreference() async throws {
        let thread = try EventLoopThread()
        let handle = thread.handle
        let onLoop = await withTaskExecutorPreference(handle.executor) {
            var all = handle.isCurrent
            for _ in 0..<50 {
                await Task.yield()
                all = all && handle.isCurrent
            }
            return all
        }
        #expect(onLoop)
        let inTask = await Task(executorPreference: handle.executor) { handle.isCurrent }.value
        #expect(inTask)
        await thread.shutdown()
    }

    @Test("isIsolatingCurrentContext is true on the loop's thread only")
    func isolationAnswers() async throws {
        let thread = try EventLoopThread()
        let executor = thread.handle.executor
        #expect(executor.isIsolatingCurrentContext() == false)
        let onLoop = await Task(executorPreference: executor) { executor.isIsolatingCurrentContext() }.value
        #expect(onLoop == true)
        await thread.shutdown()
    }

    @Test("checkIsolated off the loop's thread traps")
    func checkIsolatedTraps() async {
        await #expect(processExitsWith: .failure) {
            let thread = try! EventLoopThread()
            thread.handle.executor.checkIsolated()
        }
    }

    @Test("assumeIsolated on an actor bound to a loop passes inside a loop callback")
    func assumeIsolatedInCallback() async throws {
        let thread = try EventLoopThread()
        let actor = LoopActor(executor: thread.handle.executor)
        let counted = try await thread.handle.submit { _ in
            actor.assumeIsolated { actor in
                _ = actor.step()
                return actor.count
            }
        }
        #expect(counted == 1)
        await thread.shutdown()
    }

    @Test("tasks started from 8 threads run in the order each thread started them")
    func fifoPerThread() async throws {
        let thread = try EventLoopThread()
        let executor = thread.handle.executor
        let log = SharedLog<(thread: Int, index: Int)>()
        let perThread = 200
        let starters = (0..<8).map { sender in
            onNewThread {
                for index in 0..<perThread {
                    Task(executorPreference: executor) { log.append((sender, index)) }
                }
            }
        }
        while log.count < 8 * perThread { try await Task.sleep(for: .milliseconds(5)) }
        for starter in starters { while !starter.isFinished { usleep(1000) } }
        let entries = log.entries
        for sender in 0..<8 {
            #expect(entries.filter { $0.thread == sender }.map(\.index) == Array(0..<perThread))
        }
        await thread.shutdown()
    }

    @Test("a task that keeps yielding on the loop does not starve its timers or sockets")
    func yieldingTaskDoesNotStarveIO() async throws {
        let thread = try EventLoopThread()
        let handle = thread.handle
        let stopSpinning = Atomic<Bool>(false)
        let spins = Atomic<Int>(0)
        let spinner = Task(executorPreference: handle.executor) {
            while !stopSpinning.load(ordering: .relaxed) {
                spins.add(1, ordering: .relaxed)
                await Task.yield()
            }
        }
        // A timer and a readable socket on the same loop must both get their turn.
        let pair = try RawPair()
        defer { pair.close() }
        send([1], to: pair.right)
        let (timerFired, socketRead) = try await handle.submit { loop in
            let fired = LoopBound(Box(false), loop: loop)
            let read = LoopBound(Box(false), loop: loop)
            let selector = Selector(loop: loop)
            try selector.register(pair.left, events: .read) { key, _ in
                drain(key.fileDescriptor)
                read.value.value = true
                _ = try? selector.unregister(key.fileDescriptor)
            }
            try loop.schedule(after: .milliseconds(10)) { _ in fired.value.value = true }
            return (fired, read)
        }
        var waited = 0
        while waited < 5_000 {
            let both = try await handle.submit { _ in timerFired.value.value && socketRead.value.value }
            if both { break }
            try await Task.sleep(for: .milliseconds(1))
            waited += 1
        }
        #expect(try await handle.submit { _ in timerFired.value.value })
        #expect(try await handle.submit { _ in socketRead.value.value })
        #expect(spins.load(ordering: .relaxed) > 0)
        stopSpinning.store(true, ordering: .relaxed)
        await spinner.value
        await thread.shutdown()
    }
}

/// A mutable box, for loop-confined flags captured by callbacks.
final class Box<Value> {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// A list appended to from any thread.
final class SharedLog<Entry: Sendable>: Sendable {
    private let storage = Locked<[Entry]>([])
    func append(_ entry: Entry) { storage.withLock { $0.append(entry) } }
    var entries: [Entry] { storage.withLock { $0 } }
    var count: Int { storage.withLock { $0.count } }
}
