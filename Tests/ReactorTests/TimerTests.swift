import Foundation
import Reactor
import Testing

@Suite("Timers", .timeLimit(.minutes(1)))
struct TimerTests {
    @Test("a one-shot timer fires once, then run() returns")
    func oneShot() throws {
        let loop = try EventLoop()
        var fired = 0
        let timer = try loop.schedule(after: .milliseconds(10)) { _ in fired += 1 }
        #expect(timer.isActive)
        loop.run()
        #expect(fired == 1)
        #expect(!timer.isActive)
    }

    @Test("a repeating timer fires until cancelled from its callback")
    func repeating() throws {
        let loop = try EventLoop()
        var fired = 0
        try loop.schedule(after: .milliseconds(1), repeating: .milliseconds(2)) { timer in
            fired += 1
            if fired == 5 { timer.cancel() }
        }
        loop.run()
        #expect(fired == 5)
    }

    @Test("a cancelled timer never fires")
    func cancelled() throws {
        let loop = try EventLoop()
        var fired = false
        let timer = try loop.schedule(after: .milliseconds(5)) { _ in fired = true }
        timer.cancel()
        timer.cancel()
        loop.runOnce(timeout: .milliseconds(50))
        #expect(!fired)
        #expect(!timer.isActive)
    }

    @Test("a fired one-shot timer can be re-armed, also from its own callback")
    func rearm() throws {
        let loop = try EventLoop()
        var fired = 0
        let timer = try loop.schedule(after: .milliseconds(1)) { timer in
            fired += 1
            if fired < 3 { try? timer.rearm(after: .milliseconds(1)) }
        }
        loop.run()
        #expect(fired == 3)
        try timer.rearm(after: .zero)
        loop.run()
        #expect(fired == 4)
    }

    @Test("a timer armed after the loop sat idle still waits its full interval")
    func timerAfterIdleLoop() throws {
        let loop = try EventLoop()
        usleep(150_000)
        try loop.schedule(after: .milliseconds(100)) { _ in }
        let took = elapsed { loop.run() }
        #expect(took >= .milliseconds(90))
    }

    @Test("dropping the returned timer does not cancel it")
    func droppedTimerStillFires() throws {
        let loop = try EventLoop()
        var fired = false
        _ = try loop.schedule(after: .milliseconds(1)) { _ in fired = true }
        loop.run()
        #expect(fired)
    }

    @Test("negative times and a zero repeat are refused")
    func invalidIntervals() throws {
        let loop = try EventLoop()
        #expect(throws: EventLoopError.invalidInterval(.milliseconds(-1))) {
            try loop.schedule(after: .milliseconds(-1)) { _ in }
        }
        #expect(throws: EventLoopError.invalidInterval(.zero)) {
            try loop.schedule(after: .zero, repeating: .zero) { _ in }
        }
        let timer = try loop.schedule(after: .seconds(60)) { _ in }
        #expect(throws: EventLoopError.invalidInterval(.seconds(-2))) { try timer.rearm(after: .seconds(-2)) }
        #expect(timer.isActive)
        timer.cancel()
    }

    @Test("stop() from a timer ends run() while another timer is still active")
    func stopFromTimer() throws {
        let loop = try EventLoop()
        let ticker = try loop.schedule(after: .milliseconds(1), repeating: .milliseconds(1)) { _ in }
        try loop.schedule(after: .milliseconds(20)) { _ in loop.stop() }
        loop.run()
        #expect(ticker.isActive)
        ticker.cancel()
    }

    @Test("stop() before run() makes that run() return at once")
    func stopBeforeRun() throws {
        let loop = try EventLoop()
        let ticker = try loop.schedule(after: .milliseconds(1), repeating: .milliseconds(1)) { _ in }
        loop.stop()
        loop.run()
        ticker.cancel()
    }

    @Test("runOnce with a timeout and nothing to do returns after about the timeout")
    func runOnceTimeout() throws {
        let loop = try EventLoop()
        let took = elapsed { loop.runOnce(timeout: .milliseconds(50)) }
        #expect(took >= .milliseconds(40))
        #expect(took < .seconds(10))
    }

    @Test("the loop's clock moves forward")
    func now() throws {
        let loop = try EventLoop()
        let before = loop.now
        loop.runOnce(timeout: .milliseconds(20))
        #expect(loop.now > before)
    }
}
