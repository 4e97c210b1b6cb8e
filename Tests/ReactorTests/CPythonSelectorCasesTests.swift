import Foundation
import Reactor
import Testing

// Cases ported from CPython's Lib/test/test_selectors.py that the other suites do not cover.
@Suite("CPython test_selectors cases", .timeLimit(.minutes(1)))
struct CPythonSelectorCasesTests {
    @Test("test_unregister_after_fd_close: a raw descriptor closed before unregister can still be unregistered", arguments: [Backend.epoll, .poll, .select])
    func unregisterAfterClose(backend: Backend) throws {
        let selector = try Selector(backend: backend)
        defer { selector.close() }
        let pair = try RawPair()
        try selector.register(pair.left, events: .read)
        try selector.register(pair.right, events: .write)
        pair.close()
        try selector.unregister(pair.left)
        try selector.unregister(pair.right)
        #expect(selector.count == 0)
        #expect(try selector.select(timeout: .zero).isEmpty)
    }

    @Test("test_above_fd_setsize: the select backend watches descriptors above 1024")
    func aboveFDSetSize() throws {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        getrlimit(resource, &limit)
        try #require(limit.rlim_max >= 3000, "needs a descriptor limit of at least 3000")
        limit.rlim_cur = max(limit.rlim_cur, 3000)
        setrlimit(resource, &limit)
        let selector = try Selector(backend: .select)
        defer { selector.close() }
        var pairs: [RawPair] = []
        defer { pairs.forEach { $0.close() } }
        // Until both ends are above 1024: tests running in parallel free low numbers meanwhile.
        while pairs.last.map({ min($0.left, $0.right) <= 1024 }) ?? true { pairs.append(try RawPair()) }
        for pair in pairs { try selector.register(pair.left, events: .read) }
        let high = pairs.last!
        #expect(high.left > 1024)
        send([1], to: high.right)
        let ready = try selector.select(timeout: .seconds(5))
        #expect(ready.map(\.key.fileDescriptor) == [high.left])
    }

    @Test("test_select_interrupt_noraise: a signal during select never surfaces, and the wait goes on to its timeout")
    func signalDuringSelect() async {
        await #expect(processExitsWith: .success) {
            let selector = try! Selector()
            let pair = try! RawPair()
            try! selector.register(pair.left, events: .read)
            var caught = 0
            let watcher = try! selector.loop.onSignal(SIGUSR2) { _ in caught += 1 }
            let selecting = pthread_self()
            let sender = onNewThread {
                usleep(50_000)
                pthread_kill(selecting, SIGUSR2)
            }
            let clock = ContinuousClock()
            let start = clock.now
            let ready = try! selector.select(timeout: .milliseconds(300))
            let took = clock.now - start
            while !sender.isFinished { usleep(1000) }
            watcher.cancel()
            exit(ready.isEmpty && caught == 1 && took >= .milliseconds(250) ? 0 : 1)
        }
    }
}
