import Glibc
import Reactor

extension BaseServer {
    /// Whether a `.forking` server has as many children as it may.
    var atChildLimit: Bool { model == .forking && activeChildren.count >= maxChildren }

    /// How often children without a pidfd are looked for with `waitpid(WNOHANG)`.
    static var unwatchedChildPoll: Duration { .milliseconds(50) }

    /// Takes charge of a child just forked: a pidfd watcher reaps it when it exits. Without a
    /// descriptor for the pidfd (`EMFILE`), a timer polls it with `waitpid(WNOHANG)` instead, so it
    /// never stays a zombie counted against `maxChildren`. With a `requestTimeout`, a timer kills it
    /// (`SIGKILL`) at its deadline.
    func adopt(_ pid: Int32) {
        activeChildren.insert(pid)
        if let watcher = try? loop.onChildExit(pid: pid, { [unowned self] _ in childExited(pid) }) {
            childWatchers[pid] = watcher
        } else if unwatchedChildReaper == nil {
            unwatchedChildReaper = try? loop.schedule(after: Self.unwatchedChildPoll, repeating: Self.unwatchedChildPoll) {
                [unowned self] _ in reapUnwatchedChildren(blocking: false)
            }
        }
        if let requestTimeout {
            childDeadlines[pid] = try? loop.schedule(after: requestTimeout) { [unowned self] _ in
                childDeadlines[pid] = nil
                kill(pid, SIGKILL)  // not reaped yet, so the pid is still this child's
            }
        }
    }

    private func childExited(_ pid: Int32) {
        activeChildren.remove(pid)
        childWatchers[pid] = nil
        childDeadlines.removeValue(forKey: pid)?.cancel()
        updateListenerWatch()
    }

    /// Reaps the children that have no pidfd watcher, with `waitpid` (`blocking`: waiting for each);
    /// the poll timer stops once none is left.
    func reapUnwatchedChildren(blocking: Bool) {
        for pid in activeChildren where childWatchers[pid] == nil {
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, blocking ? 0 : WNOHANG) } while result < 0 && errno == EINTR
            if result == pid || (result < 0 && errno == ECHILD) { childExited(pid) }
        }
        if activeChildren.allSatisfy({ childWatchers[$0] != nil }) {
            unwatchedChildReaper?.cancel()
            unwatchedChildReaper = nil
        }
    }

    /// `serverClose`: reaps the children that have exited; with `blocking` (`blockOnClose`), waits
    /// up to `drainTimeout` for the others, then kills them (`SIGKILL`) and waits a little more.
    func collectChildren(blocking: Bool) {
        reapUnwatchedChildren(blocking: false)
        if blocking, !runLoop(for: drainTimeout, until: { activeChildren.isEmpty }) {
            for pid in activeChildren { kill(pid, SIGKILL) }
            _ = runLoop(for: Self.closeGrace, until: { activeChildren.isEmpty })
        }
        for deadline in childDeadlines.values { deadline.cancel() }
        childDeadlines = [:]
    }
}
