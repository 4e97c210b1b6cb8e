internal import CLibev
import Glibc

/// A system call that failed inside libev, where no caller can be given an error: what libev's
/// `ev_syserr` reports (a failed `epoll_wait`, a pipe it cannot create).
///
/// libev: the argument of the callback `ev_set_syserr_cb` installs.
public struct SystemErrorReport: Sendable, CustomStringConvertible {
    /// libev's words for the call, as `(libev) epoll_wait`.
    public let message: String
    /// The `errno` the call failed with.
    public let errno: Int32
    /// True where libev would retry the call forever: the process aborts once the handler returns.
    public let isFatal: Bool

    /// `Reactor: (libev) epoll_wait: Bad file descriptor (errno 9)`, and, for a fatal report,
    /// `; libev would retry forever, aborting`.
    public var description: String {
        "Reactor: \(message): \(system_strerror(errno)) (errno \(errno))"
            + (isFatal ? "; libev would retry forever, aborting" : "")
    }
}

extension EventLoop {
    /// Sends libev's reports of failed system calls to `handler` instead of standard error, for
    /// every loop of the process (libev keeps one reporter per process); nil restores the default,
    /// one line on standard error.
    ///
    /// The handler runs on the loop's thread, inside libev: keep it short, and do not touch the
    /// loop. After a fatal report (``SystemErrorReport/isFatal``) the process aborts once it
    /// returns, as libev's own reporter does; that report is also written to standard error, since
    /// a handler that queues its output would lose it. A logging library can be plugged in here; the
    /// `ReactorObservability` module does it with ``SystemErrorReport`` as a swift-log message.
    ///
    /// libev: `ev_set_syserr_cb`.
    public static func reportSystemErrors(to handler: (@Sendable (SystemErrorReport) -> Void)?) {
        SystemErrorReporter.handler.withLock { $0 = handler }
        SystemErrorReporter.installOnce()
    }
}

/// Replaces libev's default reaction to a failed system call it cannot handle (print and
/// `abort()`) with a report to ``EventLoop/reportSystemErrors(to:)``'s handler (by default a line
/// on stderr): a library must not kill its host process, except where libev calls it inside a
/// retry loop.
///
/// libev: `ev_set_syserr_cb`, process-wide. Most calls report a failed wait (`epoll_wait`, `poll`)
/// that the next iteration retries anyway. A few sit in `while (create ()) ev_syserr (...)` loops
/// that only end once a descriptor can be had (``retryLoopMessages``): returning there spins at
/// 100 % CPU writing this line forever, so for those it reports and aborts, as libev's
/// default does. ``LoopDescriptors`` checks before a loop is made, which leaves only a race with
/// another thread, or an io_uring loop that falls back to epoll, to reach it.
enum SystemErrorReporter {
    /// The handler set with ``EventLoop/reportSystemErrors(to:)``; nil: standard error.
    static let handler = Locked<(@Sendable (SystemErrorReport) -> Void)?>(nil)

    private static let installed: Void = {
        ev_set_syserr_cb { message in
            let code = errno
            let text = message.map { String(cString: $0) } ?? "libev"
            let report = SystemErrorReport(message: text, errno: code, isFatal: retryLoopMessages.contains(text))
            let handler = handler.withLock { $0 }
            handler?(report)
            // A fatal report also goes to standard error at once: the process aborts next, and a
            // handler that queues its lines (a logger's writer thread) would lose them.
            if handler == nil || report.isFatal {
                var bytes = Array((report.description + "\n").utf8)
                _ = write(2, &bytes, bytes.count)
            }
            if report.isFatal { abort() }
        }
    }()

    /// The messages of libev 4.33's `ev_syserr` calls that libev repeats until the call succeeds
    /// (ev.c `evpipe_init`, ev_epoll.c `epoll_fork`, ev_iouring.c `iouring_fork` and its fallback).
    static let retryLoopMessages: Set<String> = [
        "(libev) error creating signal/async pipe",
        "(libev) epoll_create",
        "(libev) io_uring_setup",
        "(libev) iouring switch to epoll",
    ]

    /// Installs the reporter the first time any loop is created.
    static func installOnce() { installed }
}
