import Glibc
import Reactor
import Testing

/// Loop-confined calls from another thread while the loop runs trap in debug builds, naming the call
/// (the tests build in debug); a loop no thread runs accepts set-up and clean-up from its owner.
@Suite("Loop-thread checks", .timeLimit(.minutes(1)))
struct LoopThreadCheckTests {
    @Test("Selector.register from another thread while the loop runs traps, naming the call")
    func registerOffThread() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try await onRunningLoop { selector, socket in _ = try selector.register(socket, events: .read) }
        }
        try expectTrapMessage(result, "Selector.register")
    }

    @Test("Selector.modify from another thread while the loop runs traps, naming the call")
    func modifyOffThread() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try await onRunningLoop(registered: true) { selector, socket in _ = try selector.modify(socket, events: .write) }
        }
        try expectTrapMessage(result, "Selector.modify")
    }

    @Test("Selector.unregister from another thread while the loop runs traps, naming the call")
    func unregisterOffThread() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try await onRunningLoop(registered: true) { selector, socket in _ = try selector.unregister(socket) }
        }
        try expectTrapMessage(result, "Selector.unregister")
    }

    @Test("Selector.select from another thread while the loop runs traps, naming the call")
    func selectOffThread() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try await onRunningLoop { selector, _ in _ = try selector.select(timeout: .zero) }
        }
        try expectTrapMessage(result, "Selector.select")
    }

    @Test("EventLoop.run from another thread while the loop runs traps, naming the call")
    func runOffThread() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try await onRunningLoop { selector, _ in selector.loop.run() }
        }
        try expectTrapMessage(result, "EventLoop.run")
    }

    @Test("EventLoop.schedule from another thread while the loop runs traps, naming the call")
    func scheduleOffThread() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try await onRunningLoop { selector, _ in try selector.loop.schedule(after: .seconds(1)) { _ in } }
        }
        try expectTrapMessage(result, "EventLoop.schedule")
    }

    @Test("EventLoop.onSignal from another thread while the loop runs traps, naming the call")
    func onSignalOffThread() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try await onRunningLoop { selector, _ in try selector.loop.onSignal(SIGUSR2) { _ in } }
        }
        try expectTrapMessage(result, "EventLoop.onSignal")
    }

    @Test("EventLoop.onChildExit from another thread while the loop runs traps, naming the call")
    func onChildExitOffThread() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try await onRunningLoop { selector, _ in try selector.loop.onChildExit(pid: getpid()) { _ in } }
        }
        try expectTrapMessage(result, "EventLoop.onChildExit")
    }

    @Test("EventLoop.stop from another thread while the loop runs traps, naming the call (the handle is the way)")
    func stopOffThread() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try await onRunningLoop { selector, _ in selector.loop.stop() }
        }
        try expectTrapMessage(result, "EventLoop.stop")
    }

    @Test("a loop made on one thread takes set-up there, runs on another, and is cleaned up after the join")
    func handOver() throws {
        let selector = try Selector()
        let (left, right) = try Socket.pair()
        defer { right.close() }
        var fired = 0
        let timer = try selector.loop.schedule(after: .milliseconds(1)) { _ in fired += 1 }
        try selector.register(left, events: .write) { key, _ in
            fired += 1
            _ = try? selector.unregister(key.fileDescriptor)
        }
        let box = Unchecked(selector)
        let thread = try #require(try? startThread { box.value.run() })
        pthread_join(thread, nil)
        #expect(fired == 2)
        timer.cancel()
        try selector.register(left, events: .read)
        try selector.unregister(left)
        selector.close()
        left.close()
    }
}

/// A non-`Sendable` value carried to another thread on purpose.
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Expects the child process to have died with `Reactor: <call> called off its loop's thread`.
private func expectTrapMessage(_ result: ExitTest.Result?, _ call: String) throws {
    let output = String(decoding: try #require(result).standardErrorContent, as: UTF8.self)
    #expect(output.contains("Reactor: \(call) called off its loop's thread"), "\(output.prefix(400))")
}

/// Makes a selector on an `EventLoopThread`'s loop (on its thread), and a socket pair, then calls
/// `body` from this thread while that loop runs.
private func onRunningLoop(
    registered: Bool = false, _ body: (Selector, Socket) throws -> Void
) async throws {
    let thread = try EventLoopThread()
    let made = try await thread.handle.submit { loop in
        let selector = Selector(loop: loop)
        let (left, right) = try Socket.pair()
        if registered { try selector.register(left, events: .read) }
        return Unchecked((selector, left, right))
    }
    let (selector, left, _) = made.value
    try body(selector, left)
    exit(0)
}
