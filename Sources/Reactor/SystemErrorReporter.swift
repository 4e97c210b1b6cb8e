internal import CLibev
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Replaces libev's default reaction to a failed system call it cannot handle (print and
/// `abort()`) with a line on stderr: a library must not kill its host process, except where
/// libev calls it inside a retry loop.
///
/// libev: `ev_set_syserr_cb`, process-wide. Most calls report a failed wait (`epoll_wait`, `poll`)
/// that the next iteration retries anyway. A few sit in `while (create ()) ev_syserr (...)` loops
/// that only end once a descriptor can be had (``retryLoopMessages``): returning there spins at
/// 100 % CPU writing this line forever, so for those it writes the line and aborts, as libev's
/// default does. ``LoopDescriptors`` checks before a loop is made, which leaves only a race with
/// another thread, or an io_uring loop that falls back to epoll, to reach it.
enum SystemErrorReporter {
    private static let installed: Void = {
        ev_set_syserr_cb { message in
            let code = errno
            let text = message.map { String(cString: $0) } ?? "libev"
            let fatal = retryLoopMessages.contains(text)
            let line = "Reactor: \(text): \(system_strerror(code)) (errno \(code))"
                + (fatal ? "; libev would retry forever, aborting\n" : "\n")
            var bytes = Array(line.utf8)
            _ = write(2, &bytes, bytes.count)
            if fatal { abort() }
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
