import CLibev
import Foundation
import Reactor
import Testing

/// Starts `/bin/sh -c script` and returns its pid.
func spawnShell(_ script: String) throws -> pid_t {
    var pid: pid_t = 0
    let args = ["/bin/sh", "-c", script]
    var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let result = posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ)
    try #require(result == 0, "posix_spawn: \(result)")
    return pid
}

@Suite("Child watchers", .timeLimit(.minutes(1)))
struct ChildWatcherTests {
    @Test("a child's exit status reaches the callback on a non-default loop, and no zombie is left")
    func exitStatus() throws {
        let loop = try EventLoop()
        let pid = try spawnShell("exit 3")
        var exits: [ChildExit] = []
        try loop.onChildExit(pid: pid) { exits.append($0) }
        loop.run()
        #expect(exits == [.exited(3)])
        #expect(waitpid(pid, nil, WNOHANG) == -1)
        #expect(errno == ECHILD)
    }

    @Test("a child killed by a signal is reported as signaled")
    func killedChild() throws {
        let loop = try EventLoop()
        let pid = try spawnShell("sleep 30")
        var exits: [ChildExit] = []
        try loop.onChildExit(pid: pid) { exits.append($0) }
        kill(pid, SIGKILL)
        loop.run()
        #expect(exits == [.signaled(SIGKILL)])
    }

    @Test("many children are all reaped")
    func manyChildren() throws {
        let loop = try EventLoop()
        var reaped = 0
        for index in 0..<20 {
            try loop.onChildExit(pid: try spawnShell("exit \(index)")) { exit in
                if case .exited = exit { reaped += 1 }
            }
        }
        loop.run()
        #expect(reaped == 20)
    }

    @Test("an already reaped pid is refused with noSuchProcess")
    func reapedPid() throws {
        let loop = try EventLoop()
        let pid = try spawnShell("exit 0")
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(throws: EventLoopError.noSuchProcess(pid)) { try loop.onChildExit(pid: pid) { _ in } }
    }

    @Test("a cancelled watcher does not fire or reap")
    func cancelWatcher() throws {
        let loop = try EventLoop()
        let pid = try spawnShell("exit 0")
        var fired = false
        let watcher = try loop.onChildExit(pid: pid) { _ in fired = true }
        watcher.cancel()
        #expect(!watcher.isActive)
        var status: Int32 = 0
        #expect(waitpid(pid, &status, 0) == pid)
        loop.runOnce(timeout: .milliseconds(10))
        #expect(!fired)
    }

    // Descriptors are process-wide and tests run in parallel: count pidfds in a child process.
    @Test("child watchers close their pidfd when the child is reaped or the watcher cancelled")
    func pidfdsAreClosed() async {
        await #expect(processExitsWith: .success) {
            let loop = try! EventLoop()
            try! loop.onChildExit(pid: try! spawnShell("exit 0")) { _ in }
            loop.run()
            let pid = try! spawnShell("exit 0")
            let watcher = try! loop.onChildExit(pid: pid) { _ in }
            guard openPidDescriptors() == 1 else { exit(2) }
            watcher.cancel()
            waitpid(pid, nil, 0)
            exit(openPidDescriptors() == 0 ? 0 : 1)
        }
    }

    @Test("control: raw libev's ev_child aborts the process on a non-default loop")
    func rawChildWatcherAborts() async {
        await #expect(processExitsWith: .signal(SIGABRT)) {
            let loop = ev_loop_new(0)
            let watcher = UnsafeMutablePointer<ev_child>.allocate(capacity: 1)
            watcher.initialize(to: ev_child())
            watcher.pointee.pid = 1
            ev_child_start(loop, watcher)
            exit(0)
        }
    }
}
