import Foundation
import Reactor
import Testing

@Suite("Selector select and dispatch", .timeLimit(.minutes(1)))
struct SelectorSelectTests {
    @Test("readiness is level-triggered: unread data is reported again", arguments: [Backend.epoll, .poll, .select])
    func levelTriggered(backend: Backend) throws {
        let selector = try Selector(backend: backend)
        let pair = try RawPair()
        defer { pair.close() }
        let key = try selector.register(pair.left, events: .read)
        send([1, 2, 3], to: pair.right)
        for _ in 0..<3 {
            let ready = try selector.select(timeout: .seconds(5))
            #expect(ready.count == 1)
            #expect(ready.first?.key === key)
            #expect(ready.first?.events == .read)
        }
        #expect(drain(pair.left) == [1, 2, 3])
        #expect(try selector.select(timeout: .zero).isEmpty)
    }

    @Test("select reports only the events that are ready among those watched")
    func reportsReadyEvents() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        try selector.register(pair.left, events: [.read, .write])
        #expect(try selector.select(timeout: .seconds(5)).map(\.events) == [.write])
        send([9], to: pair.right)
        #expect(try selector.select(timeout: .seconds(5)).map(\.events) == [[.read, .write]])
    }

    @Test("timeout zero and negative poll without waiting")
    func pollingTimeouts() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        try selector.register(pair.left, events: .read)
        for timeout in [Duration.zero, .milliseconds(-500)] {
            var ready: [(key: SelectorKey, events: Events)] = []
            let took = try elapsed { ready = try selector.select(timeout: timeout) }
            #expect(ready.isEmpty)
            #expect(took < .milliseconds(400))
        }
    }

    @Test("a positive timeout waits about that long and returns an empty list")
    func positiveTimeout() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        try selector.register(pair.left, events: .read)
        var ready: [(key: SelectorKey, events: Events)] = [(selector.keys[0], .read)]
        let took = try elapsed { ready = try selector.select(timeout: .milliseconds(100)) }
        #expect(ready.isEmpty)
        #expect(took >= .milliseconds(80))
        #expect(took < .seconds(10))
    }

    @Test("select on an empty selector still sleeps for the timeout and returns an empty list")
    func emptySelectorSleeps() throws {
        let selector = try Selector()
        var ready: [(key: SelectorKey, events: Events)] = []
        let took = try elapsed { ready = try selector.select(timeout: .milliseconds(100)) }
        #expect(ready.isEmpty)
        #expect(took >= .milliseconds(80))
    }

    @Test("timeout nil blocks until a descriptor becomes ready")
    func nilTimeoutBlocks() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        try selector.register(pair.left, events: .read)
        let writer = pair.right
        let thread = onNewThread {
            usleep(100_000)
            send([5], to: writer)
        }
        var ready: [(key: SelectorKey, events: Events)] = []
        let took = try elapsed { ready = try selector.select() }
        #expect(ready.map(\.key.fileDescriptor) == [pair.left])
        #expect(took >= .milliseconds(80))
        while !thread.isFinished { usleep(1000) }
    }

    @Test("a callback that unregisters another ready descriptor: that descriptor's callback never fires")
    func unregisterOtherDuringDispatch() throws {
        let selector = try Selector()
        defer { selector.close() }  // the callbacks capture the selector
        let first = try RawPair()
        let second = try RawPair()
        defer { first.close(); second.close() }
        var fired: [Int32] = []
        let fds = [first.left, second.left]
        for fd in fds {
            try selector.register(fd, events: .read) { key, _ in
                fired.append(key.fileDescriptor)
                let other = fds.first { $0 != key.fileDescriptor }!
                _ = try? selector.unregister(other)
            }
        }
        send([1], to: first.right)
        send([1], to: second.right)
        selector.loop.runOnce(timeout: .seconds(5))
        #expect(fired.count == 1)
        #expect(selector.count == 1)
    }

    @Test("a callback that closes another ready descriptor and reuses its number gets no stale event")
    func descriptorReuseInOneTick() throws {
        let selector = try Selector()
        defer { selector.close() }  // the callbacks capture the selector
        let first = try RawPair()
        let second = try RawPair()
        defer { first.close(); Foundation.close(second.right) }
        var fired: [String] = []
        var replacement: RawPair?
        let victim = second.left
        try selector.register(first.left, events: .read) { _, _ in
            fired.append("first")
            guard replacement == nil, (try? selector.unregister(victim)) != nil else { return }
            Foundation.close(victim)
            let pair = try! RawPair()
            replacement = pair
            try! selector.register(pair.left, events: .read) { _, _ in fired.append("replacement") }
        }
        try selector.register(victim, events: .read) { _, _ in
            fired.append("victim")
            guard replacement == nil, (try? selector.unregister(first.left)) != nil else { return }
        }
        send([1], to: first.right)
        send([1], to: second.right)
        selector.loop.runOnce(timeout: .seconds(5))
        // Either callback may run first; whichever did, the other must not have fired stale.
        #expect(fired == ["first"] || fired == ["victim"])
        if let replacement {
            defer { replacement.close() }
            #expect(try selector.select(timeout: .zero).isEmpty)
            send([2], to: replacement.right)
            selector.loop.runOnce(timeout: .seconds(5))
            #expect(fired == ["first", "replacement"])
        }
    }

    @Test("a callback may unregister itself, or close the whole selector, without crashing")
    func unregisterSelfAndClose() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        var calls = 0
        try selector.register(pair.left, events: .read) { key, _ in
            calls += 1
            _ = try? selector.unregister(key.fileDescriptor)
        }
        send([1], to: pair.right)
        selector.loop.runOnce(timeout: .seconds(5))
        selector.loop.runOnce(timeout: .milliseconds(20))
        #expect(calls == 1)

        try selector.register(pair.left, events: .read) { _, _ in
            calls += 1
            selector.close()
        }
        selector.loop.runOnce(timeout: .seconds(5))
        #expect(calls == 2)
        #expect(throws: SelectorError.closed) { try selector.select(timeout: .zero) }
    }

    @Test("keys unregistered or closed from a callback are released, with what they hold, before runOnce returns", arguments: [false, true])
    func releasedByRunOnce(closeSelector: Bool) throws {
        final class Held {}
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        weak var released: Held?
        do {
            let held = Held()
            released = held
            try selector.register(pair.left, events: .read) { key, _ in
                withExtendedLifetime(held) {}
                if closeSelector { selector.close() } else { _ = try? selector.unregister(key.fileDescriptor) }
            }
        }
        send([1], to: pair.right)
        selector.loop.runOnce(timeout: .seconds(5))
        #expect(released == nil)
        selector.close()
    }

    @Test("run() dispatches callbacks until stop()")
    func runDispatches() throws {
        let selector = try Selector()
        defer { selector.close() }  // the callbacks capture the selector
        let pair = try RawPair()
        defer { pair.close() }
        var received: [UInt8] = []
        try selector.register(pair.left, events: .read) { key, _ in
            received += drain(key.fileDescriptor)
            if received.count >= 3 { selector.stop() } else { send([UInt8(received.count + 1)], to: pair.right) }
        }
        send([1], to: pair.right)
        selector.run()
        #expect(received == [1, 2, 3])
    }

    @Test("run() returns once nothing is registered")
    func runReturnsWhenIdle() throws {
        let selector = try Selector()
        let took = elapsed { selector.run() }
        #expect(took < .seconds(5))
    }

    @Test("select skips a key unregistered by a timer during the same wait")
    func timerUnregistersDuringSelect() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        try selector.register(pair.left, events: .read)
        send([1], to: pair.right)
        try selector.loop.schedule(after: .zero) { _ in _ = try? selector.unregister(pair.left) }
        usleep(2000)
        let ready = try selector.select(timeout: .seconds(1))
        #expect(ready.allSatisfy { $0.key.fileDescriptor != pair.left })
    }

    @Test("a timer that closes the selector during select: the wait returns an empty list, then closed")
    func timerClosesDuringSelect() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        try selector.register(pair.left, events: .read)
        send([1], to: pair.right)
        try selector.loop.schedule(after: .zero) { _ in selector.close() }
        usleep(2000)
        // The ready key was recorded before the timer ran; it must not come back from a closed selector.
        #expect(try selector.select(timeout: .milliseconds(50)).isEmpty)
        #expect(throws: SelectorError.closed) { try selector.select(timeout: .zero) }
    }

    @Test("stop() from a timer makes a blocking select return an empty list")
    func stopEndsSelect() throws {
        let selector = try Selector()
        try selector.loop.schedule(after: .milliseconds(20)) { _ in selector.stop() }
        let pair = try RawPair()
        defer { pair.close() }
        try selector.register(pair.left, events: .read)
        var ready: [(key: SelectorKey, events: Events)] = []
        let took = try elapsed { ready = try selector.select() }
        #expect(ready.isEmpty)
        #expect(took >= .milliseconds(10))
    }
}
