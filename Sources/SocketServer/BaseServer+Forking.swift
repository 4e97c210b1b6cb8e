import Glibc
import Reactor

extension BaseServer {
    /// Runs the request in a child process, as `ForkingMixIn.process_request` does: the child runs
    /// the blocking handler and `_exit`s; the parent closes its copy of the connection and watches
    /// the child's pidfd, which reaps it when it exits (no zombie, no `waitpid` polling).
    ///
    /// The caveat of `fork()` in a threaded process holds: only the calling thread exists in the
    /// child, and a lock another thread held at the fork stays locked there. That includes the
    /// Swift runtime's own locks: a child that needs metadata for a type first used there (an
    /// array of a new element type, a first `as?` cast) waits forever if another thread of the
    /// parent was filling that cache at the fork (seen under AddressSanitizer with tests running
    /// in parallel). So fork from a process whose other threads are idle (serve on the main
    /// thread, as `menu_server --model forking` does), and keep the child away from other
    /// threads' state, the server's loop (its epoll set is shared with the parent), Foundation and
    /// Dispatch. Python's ForkingMixIn runs the handler in the child just the same, with the same
    /// hazard (Python 3.12 warns about fork in a threaded process).
    func forkChild(for request: Request, clientAddress: SocketAddress) throws(SocketServerError) {
        // Empty stdio buffers now, or the child would write the parent's pending output again.
        fflush(nil)
        let pid = fork()
        if pid < 0 { throw .forkFailed(errno: errno) }
        if pid == 0 { runChild(request, clientAddress) }
        adopt(pid)
        // Not shutdownRequest: a half-close would end the child's connection too.
        closeRequest(request)
        updateListenerWatch()
    }

    /// In the child: serve the request, then `_exit` (no `atexit` handlers, no stdio flush of the
    /// parent's state). Never returns.
    private func runChild(_ request: Request, _ clientAddress: SocketAddress) -> Never {
        ChildProcess.resetSignals()
        if socket.type != .datagram {
            // The listening socket is the parent's business: a child that holds it would keep
            // the port bound after the parent closed it. A raw close, so that the selector (whose
            // epoll set the child shares with the parent) is never touched.
            close(socket.fileDescriptor)
        }
        var status: Int32 = 1
        do {
            try finishRequest(request, clientAddress: clientAddress)
            status = 0
        } catch {
            report(request, clientAddress: clientAddress, error: error)
        }
        shutdownRequest(request)
        fflush(nil)
        _exit(status)
    }
}

/// What a forked child does before it runs a handler.
enum ChildProcess {
    /// Signals the parent catches (libev installs handlers that write to the loop's pipe, which
    /// the child shares) get their default action back in the child, and nothing stays blocked:
    /// Ctrl-C ends the children with the parent, as it does Python's. Fault signals keep their
    /// handlers (the Swift runtime's crash reports).
    ///
    /// Plain loops and C calls only: anything that needs new Swift metadata here could wait on a
    /// runtime lock another parent thread held at the fork.
    static func resetSignals() {
        var signal: Int32 = 0
        while signal < NSIG - 1 {
            signal += 1
            switch signal {
            case SIGKILL, SIGSTOP, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT, SIGSYS: continue
            default: break
            }
            var current = sigaction()
            guard sigaction(signal, nil, &current) == 0 else { continue }
            let handler = unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
            // 0 is SIG_DFL, 1 is SIG_IGN: leave those as they are.
            guard handler > 1 else { continue }
            var reset = sigaction()
            reset.__sigaction_handler.sa_handler = SIG_DFL
            sigemptyset(&reset.sa_mask)
            sigaction(signal, &reset, nil)
        }
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
    }
}
