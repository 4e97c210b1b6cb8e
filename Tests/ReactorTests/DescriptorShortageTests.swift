import CLibev
import Foundation
import Reactor
import Testing

// Issue 16, item 5: short of descriptors, libev's wake-up pipe is retried in a loop for as long as
// the syserr callback returns (100 % CPU, the same stderr line forever). Each case runs in its own
// process with RLIMIT_NOFILE lowered so that exactly `free` descriptor numbers are left.
@Suite("Out of descriptors at loop creation", .timeLimit(.minutes(1)))
struct DescriptorShortageTests {
    @Test("EventLoop() throws descriptorsUnavailable when fewer descriptors are free than the backend needs")
    func loopThrows() async {
        await #expect(processExitsWith: .success) {
            let refused = withFree(1) {
                do throws(EventLoopError) {
                    _ = try EventLoop(backend: .epoll)
                    return false
                } catch {
                    return error == .descriptorsUnavailable(needed: 2, errno: EMFILE)
                        && error.description == "an event loop needs 2 free file descriptors: Too many open files (errno 24)"
                }
            }
            guard refused else { exit(2) }
            guard withFree(1, { (try? Selector()) == nil }) else { exit(3) }
            // One is enough for poll: its only descriptor is the wake-up eventfd.
            guard withFree(1, { (try? EventLoop(backend: .poll)) != nil }) else { exit(4) }
            exit(0)
        }
    }

    @Test("control: libev's wake-up pipe failing ends the process instead of spinning in its retry loop")
    func syserrInRetryLoopAborts() async {
        await #expect(processExitsWith: .signal(SIGABRT)) {
            _ = try? EventLoop(backend: .poll)  // installs the package's syserr callback
            leaveFree(0)
            let loop = ev_loop_new(UInt32(EVBACKEND_POLL))
            let watcher = UnsafeMutablePointer<ev_async>.allocate(capacity: 1)
            clibev_async_init(watcher) { _, _, _ in }
            ev_async_start(loop, watcher)  // eventfd and pipe fail: the callback must not return
            exit(0)
        }
    }

    @Test("reportSystemErrors(to:) hands libev's report to the handler (a fatal one also to standard error) before the abort")
    func syserrGoesToTheHandler() async throws {
        let result = try #require(await #expect(processExitsWith: .signal(SIGABRT), observing: [\.standardErrorContent]) {
            EventLoop.reportSystemErrors { report in
                var line = Array("handled: \(report.message) errno=\(report.errno) fatal=\(report.isFatal)\n".utf8)
                _ = write(2, &line, line.count)
            }
            leaveFree(0)
            let loop = ev_loop_new(UInt32(EVBACKEND_POLL))
            let watcher = UnsafeMutablePointer<ev_async>.allocate(capacity: 1)
            clibev_async_init(watcher) { _, _, _ in }
            ev_async_start(loop, watcher)
            exit(0)
        })
        let text = String(decoding: result.standardErrorContent, as: UTF8.self)
        #expect(text.contains("handled: (libev) error creating signal/async pipe errno=24 fatal=true\n"))
        #expect(text.contains("Reactor: (libev) error creating signal/async pipe: Too many open files (errno 24); libev would retry forever, aborting\n"))
    }
}

/// Lowers RLIMIT_NOFILE so that only `count` descriptor numbers above those in use are free.
func leaveFree(_ count: Int) {
    let lowest = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
    close(lowest)
    var limit = rlimit()
    getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    limit.rlim_cur = rlim_t(Int(lowest) + count)
    setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
}

/// Runs `body` with `count` descriptors free, then restores the limit; tries up to five times
/// while `body` is false: Dispatch, in the test process, opens and closes descriptors of its own
/// at any time, so a count can be off by one now and then.
func withFree(_ count: Int, _ body: () -> Bool) -> Bool {
    var saved = rlimit()
    getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &saved)
    defer { setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &saved) }
    for _ in 0..<5 {
        leaveFree(count)
        if body() { return true }
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &saved)
    }
    return false
}
