internal import CLibev
import Glibc

/// How a child process ended.
public enum ChildExit: Equatable, Sendable, CustomStringConvertible {
    /// It called `exit` with this status.
    case exited(Int32)
    /// A signal killed it.
    case signaled(Int32)
    /// Something else in the process reaped it first (a `waitpid(-1)` elsewhere), so its status is lost.
    case reapedElsewhere

    public var description: String {
        switch self {
        case .exited(let status): "exited with status \(status)"
        case .signaled(let signal): "killed by signal \(signal)"
        case .reapedElsewhere: "reaped elsewhere (status unknown)"
        }
    }
}

/// Runs a callback on the loop thread when a child process exits, and reaps it.
///
/// Python: `os.waitpid` after SIGCHLD, as `ForkingMixIn` does. libev's `ev_child` works only on
/// the default loop and aborts on any other, so this watches a pidfd (`pidfd_open`, Linux 5.3)
/// with an `ev_io` watcher and reaps with `waitpid(pid, WNOHANG)` when it becomes readable. No
/// zombie is left and no polling is needed. An active watcher keeps itself alive until the child
/// exits or it is cancelled.
public final class ChildWatcher {
    /// The child's process id.
    public let pid: Int32
    /// The loop the callback runs on.
    public let loop: EventLoop
    private var pidDescriptor: Int32
    private let watcher: UnsafeMutablePointer<ev_io>
    private let handler: (ChildExit) -> Void
    private var retention = SelfRetention()

    init(pid: Int32, loop: EventLoop, handler: @escaping (ChildExit) -> Void) throws(EventLoopError) {
        let descriptor = clibev_pidfd_open(pid)
        guard descriptor >= 0 else {
            let code = errno
            if code == ESRCH || code == EINVAL { throw .noSuchProcess(pid) }
            throw .systemCallFailed(operation: "pidfd_open \(pid)", errno: code)
        }
        self.pid = pid
        self.loop = loop
        self.pidDescriptor = descriptor
        self.handler = handler
        watcher = .allocate(capacity: 1)
        clibev_io_init(watcher, { _, watcher, _ in
            let child = Unmanaged<ChildWatcher>.fromOpaque(watcher!.pointee.data).takeUnretainedValue()
            child.reap()
        }, descriptor, Int32(EV_READ))
        watcher.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        ev_io_start(loop.raw, watcher)
        retention.hold(self)
    }

    deinit {
        closeDescriptor()
        watcher.deallocate()
    }

    /// Whether the watcher is still waiting for the child to exit.
    public var isActive: Bool { clibev_is_active(watcher) != 0 }

    /// Stops watching without reaping; the child, when it exits, must be reaped elsewhere. Idempotent.
    public func cancel() {
        loop.requireLoopThread("ChildWatcher.cancel")
        guard isActive else { return }
        ev_io_stop(loop.raw, watcher)
        closeDescriptor()
        retention.release()
    }

    private func closeDescriptor() {
        if pidDescriptor >= 0 { ProcessCalls.closeDescriptor(pidDescriptor) }
        pidDescriptor = -1
    }

    private func reap() {
        let exit: ChildExit
        switch ProcessCalls.reap(pid) {
        case .running: return  // readable before the exit is reapable: wait for the next wake-up
        case .exited(let status): exit = .exited(status)
        case .signaled(let signal): exit = .signaled(signal)
        case .gone: exit = .reapedElsewhere
        }
        ev_io_stop(loop.raw, watcher)
        closeDescriptor()
        handler(exit)
        retention.release()
    }
}

@available(*, unavailable)
extension ChildWatcher: Sendable {}

extension EventLoop {
    /// Calls `body` on the loop thread once child `pid` exits, after reaping it.
    ///
    /// - Throws: ``EventLoopError/noSuchProcess(_:)`` if `pid` is not a live or unreaped process.
    @discardableResult
    public func onChildExit(pid: Int32, _ body: @escaping (ChildExit) -> Void) throws(EventLoopError) -> ChildWatcher {
        requireLoopThread("EventLoop.onChildExit")
        return try ChildWatcher(pid: pid, loop: self, handler: body)
    }
}
