import Foundation
import Reactor
import Testing

@Suite("EventLoopThread, EventLoopGroup and a loop's lifetime", .timeLimit(.minutes(1)))
struct EventLoopThreadTests {
    @Test("a loop thread keeps running while idle, names its thread, and refuses work once shut down")
    func idleThenShutdown() async throws {
        let thread = try EventLoopThread(name: "idle-loop")
        try await Task.sleep(for: .milliseconds(30))           // nothing is watched meanwhile
        let name = try await thread.handle.submit { _ in currentThreadName() }
        #expect(name == "idle-loop")
        let ran = Locked(false)
        try thread.handle.execute { ran.withLock { $0 = true } }
        await thread.shutdown()
        #expect(ran.withLock { $0 })                            // sent before: it ran
        #expect(throws: EventLoopError.loopClosed) { try thread.handle.execute {} }
        await #expect(throws: EventLoopError.loopClosed) { _ = try await thread.handle.submit { _ in 1 } }
    }

    @Test("a task that prefers a loop shut down before it starts still runs, on the fallback thread")
    func lateTaskStillRuns() async throws {
        let thread = try EventLoopThread()
        let executor = thread.handle.executor
        await thread.shutdown()
        let result = await Task(executorPreference: executor) { 42 }.value
        #expect(result == 42)
        let isolated = await Task(executorPreference: executor) { executor.isIsolatingCurrentContext() }.value
        #expect(isolated == true)
    }

    @Test("a group hands its loops out in turn and shutdown waits for all of them")
    func groupRoundRobin() async throws {
        let group = try EventLoopGroup(loops: 3, namePrefix: "group-")
        let handles = (0..<6).map { _ in group.next() }
        #expect(handles[0] != handles[1] && handles[1] != handles[2] && handles[0] != handles[2])
        #expect(Array(handles[3...]) == Array(handles[..<3]))
        var names: [String] = []
        for handle in handles[..<3] { names.append(try await handle.submit { _ in currentThreadName() }) }
        #expect(Set(names) == ["group-0", "group-1", "group-2"])
        await group.shutdown()
        for handle in handles { #expect(throws: EventLoopError.loopClosed) { try handle.execute {} } }
    }

    @Test("run() on the caller's thread does not return while jobs it was given are queued")
    func runWaitsForQueuedJobs() async throws {
        let loop = try EventLoop()
        let handle = loop.handle
        let order = Locked<[Int]>([])
        for index in 0..<100 {
            _ = Task(executorPreference: loop.executor) { order.withLock { $0.append(index) } }
        }
        // Nothing is watched: run() only has the 100 tasks' jobs, and returns once they have run.
        while order.withLock({ $0.count }) < 100 { loop.run() }
        #expect(order.withLock { $0 } .sorted() == Array(0..<100))
        #expect(handle.isCurrent)
    }

    @Test("work sent to a loop that is never run again runs when the loop goes away, not lost")
    func workRunsAtDeinit() throws {
        var loop: EventLoop? = try EventLoop()
        let handle = loop!.handle
        let ran = Locked(0)
        let sender = Thread { for _ in 0..<10 { try? handle.execute { ran.withLock { $0 += 1 } } } }
        sender.start()
        while !sender.isFinished { usleep(1000) }
        #expect(ran.withLock { $0 } == 0)
        loop = nil
        #expect(ran.withLock { $0 } == 10)
        #expect(throws: EventLoopError.loopClosed) { try handle.execute {} }
    }

    @Test("LoopBound hands its value out on the loop's thread and traps anywhere else")
    func loopBound() async throws {
        let thread = try EventLoopThread()
        let bound = try await thread.handle.submit { loop in LoopBound(Box(5), loop: loop) }
        #expect(try await thread.handle.submit { _ in bound.value.value } == 5)
        await thread.shutdown()
        await #expect(processExitsWith: .failure) {
            let other = try! EventLoopThread()
            let bound = try! await other.handle.submit { loop in LoopBound(Box(5), loop: loop) }
            _ = bound.value
        }
    }

    @Test("handle.sleep waits on the loop's timer and can be cancelled")
    func sleepOnLoop() async throws {
        let thread = try EventLoopThread()
        let took = try await elapsedAsync { try await thread.handle.sleep(for: .milliseconds(30)) }
        #expect(took >= .milliseconds(30))
        let sleeper = Task { try await thread.handle.sleep(for: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(20))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        await thread.shutdown()
        await #expect(throws: EventLoopError.loopClosed) { try await thread.handle.sleep(for: .seconds(1)) }
    }

    @Test("handle.signal returns the signal received, and a shut-down loop ends the wait")
    func signalWait() async {
        await #expect(processExitsWith: .success) {
            let thread = try! EventLoopThread()
            let waiter = Task { try await thread.handle.signal(SIGUSR1, SIGUSR2) }
            try! await Task.sleep(for: .milliseconds(50))
            kill(getpid(), SIGUSR2)
            guard (try? await waiter.value) == SIGUSR2 else { exit(2) }
            let second = Task { try await thread.handle.signal(SIGUSR1) }
            try! await Task.sleep(for: .milliseconds(50))
            await thread.shutdown()
            do {
                _ = try await second.value
                exit(3)
            } catch let error as EventLoopError where error == .loopClosed {
                exit(0)
            } catch {
                exit(4)
            }
        }
    }
}

/// The name of the calling thread.
func currentThreadName() -> String {
    (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8))?
        .trimmingCharacters(in: .newlines) ?? ""
}

/// How long `body` took.
func elapsedAsync(_ body: () async throws -> Void) async rethrows -> Duration {
    let clock = ContinuousClock()
    let start = clock.now
    try await body()
    return clock.now - start
}
