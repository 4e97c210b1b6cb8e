import ArgumentParser
import CommandLineSupport
import Glibc
import Sockets

// socket_socketpair.py.

struct SocketPairExample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_socketpair", abstract: "A parent and its forked child talk over a socket pair.")

    // Why `fork` without `exec` is safe here: the process is single-threaded when it forks (this
    // command is synchronous: no Swift concurrency executor, no Dispatch queue, no libev loop, no
    // lifetime timer has started a thread), so no lock can be held by a thread the child lacks. The
    // child then does only socket work, allocation (glibc's malloc resets its locks in the child
    // through its fork handlers) and `write(2)` lines, and leaves with `_exit`: no atexit handler,
    // no stdio buffer flushed twice, no Swift runtime teardown in two processes.
    func run() throws {
        let (parent, child) = try Socket.pair()
        let pid = fork()
        if pid < 0 { throw SocketError(errno: errno, operation: "fork") }
        if pid == 0 { _exit(runChild(parent: parent, child: child)) }
        out("in parent, sending message")
        child.close()
        try parent.sendAll("ping")
        let response = try parent.receive(maxCount: 1024) ?? []
        out("response from child:", pythonBytes(response))
        parent.close()
        // The seed's parent never waits; this one reaps its child and reports a failure.
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status != 0 { throw ValidationError("the child failed (wait status \(status))") }
    }

    /// The child's side; returns its exit status.
    private func runChild(parent: Socket, child: Socket) -> Int32 {
        out("in child, waiting for message")
        parent.close()
        do {
            let message = try child.receive(maxCount: 1024) ?? []
            out("message from parent:", pythonBytes(message))
            try child.sendAll("pong")
            child.close()
            return 0
        } catch {
            err("seed-examples socket_socketpair (child): \(error)")
            return 1
        }
    }
}
