import Foundation
import Reactor
import Synchronization
import Testing

@Suite("EventLoopHandle from other threads", .timeLimit(.minutes(1)))
struct HandleTests {
    @Test("execute from another thread runs every job on the loop's thread, in order")
    func executeRunsOnLoopThread() throws {
        let loop = try EventLoop()
        let keepAlive = try loop.schedule(after: .seconds(60)) { _ in }
        let handle = loop.handle
        let loopThread = pthread_self()
        let results = Locked<[Int]>([])
        let offThread = Locked(0)
        let sender = onNewThread {
            for index in 0..<200 {
                try! handle.execute {
                    if pthread_equal(pthread_self(), loopThread) == 0 { offThread.withLock { $0 += 1 } }
                    results.withLock { $0.append(index) }
                }
            }
            try! handle.execute { handle.stop() }
        }
        loop.run()
        keepAlive.cancel()
        while !sender.isFinished { usleep(1000) }
        #expect(results.withLock { $0 } == Array(0..<200))
        #expect(offThread.withLock { $0 } == 0)
    }

    @Test("stop() from another thread ends run() promptly")
    func stopFromAnotherThread() throws {
        let loop = try EventLoop()
        let keepAlive = try loop.schedule(after: .seconds(60)) { _ in }
        let handle = loop.handle
        let stopper = onNewThread {
            usleep(50_000)
            handle.stop()
        }
        let took = elapsed { loop.run() }
        #expect(took < .seconds(30))
        #expect(keepAlive.isActive)
        keepAlive.cancel()
        while !stopper.isFinished { usleep(1000) }
    }

    @Test("wakeUp() from another thread makes a blocking select return an empty list")
    func wakeUpEndsSelect() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        try selector.register(pair.left, events: .read)
        let handle = selector.loop.handle
        let waker = onNewThread {
            usleep(50_000)
            handle.wakeUp()
        }
        let ready = try selector.select()
        #expect(ready.isEmpty)
        while !waker.isFinished { usleep(1000) }
    }

    @Test("a handle that outlives its loop refuses jobs and ignores stop and wakeUp")
    func handleAfterLoopIsGone() throws {
        var loop: EventLoop? = try EventLoop()
        let handle = loop!.handle
        loop = nil
        #expect(throws: EventLoopError.loopClosed) { try handle.execute {} }
        handle.stop()
        handle.wakeUp()
    }
}
