import CLibev
import Foundation
import Reactor
import Testing

// Signal dispositions are process-wide: every case runs in its own child process.
@Suite("Signal watchers")
struct SignalTests {
    @Test("a watched signal runs the callback on the loop instead of killing the process")
    func signalRunsCallback() async {
        await #expect(processExitsWith: .success) {
            let loop = try! EventLoop()
            var caught: [Int32] = []
            try! loop.onSignal(SIGTERM) { signal in
                caught.append(signal)
                loop.stop()
            }
            kill(getpid(), SIGTERM)
            loop.run()
            exit(caught == [SIGTERM] ? 0 : 1)
        }
    }

    @Test("a signal blocked when the process started is still delivered to its watcher")
    func blockedSignalIsDelivered() async {
        await #expect(processExitsWith: .success) {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGTERM)
            pthread_sigmask(SIG_BLOCK, &set, nil)
            let loop = try! EventLoop()
            try! loop.onSignal(SIGTERM) { _ in exit(0) }
            try! loop.schedule(after: .seconds(5)) { _ in exit(1) }
            // Directed at this thread, which blocks it: it stays pending until unblocked.
            pthread_kill(pthread_self(), SIGTERM)
            loop.run()
            exit(2)
        }
    }

    @Test("a signal watched by one loop is refused to a second loop, instead of libev's abort")
    func secondLoopIsRefused() async {
        await #expect(processExitsWith: .success) {
            let first = try! EventLoop()
            let second = try! EventLoop()
            let watcher = try! first.onSignal(SIGUSR1) { _ in }
            do {
                try second.onSignal(SIGUSR1) { _ in }
                exit(1)
            } catch {
                guard (error as? EventLoopError) == .signalWatchedByAnotherLoop(SIGUSR1) else { exit(2) }
            }
            // The same loop may add a second watcher; once all are cancelled, another loop may claim it.
            let again = try! first.onSignal(SIGUSR1) { _ in }
            watcher.cancel()
            guard (try? second.onSignal(SIGUSR1) { _ in }) == nil else { exit(3) }
            again.cancel()
            guard (try? second.onSignal(SIGUSR1) { _ in }) != nil else { exit(4) }
            exit(0)
        }
    }

    @Test("control: raw libev aborts the process when a signal is started on two loops")
    func rawLibevAbortsOnTwoLoops() async {
        await #expect(processExitsWith: .signal(SIGABRT)) {
            let first = ev_loop_new(0)
            let second = ev_loop_new(0)
            let a = UnsafeMutablePointer<ev_signal>.allocate(capacity: 1)
            let b = UnsafeMutablePointer<ev_signal>.allocate(capacity: 1)
            clibev_signal_init(a, { _, _, _ in }, SIGUSR1)
            clibev_signal_init(b, { _, _, _ in }, SIGUSR1)
            ev_signal_start(first, a)
            ev_signal_start(second, b)
            exit(0)
        }
    }

    @Test("SIGKILL, SIGSTOP and out-of-range numbers are refused", arguments: [SIGKILL, SIGSTOP, 0, -3, 100])
    func invalidSignals(signal: Int32) throws {
        let loop = try EventLoop()
        #expect(throws: EventLoopError.invalidSignal(signal)) { try loop.onSignal(signal) { _ in } }
    }
}
