import Glibc

/// The descriptors a new loop needs, checked before libev is asked for them.
///
/// libev cannot fail softly here: `ev_loop_new` quietly falls back from epoll to poll when
/// `epoll_create1` fails, and the loop's wake-up (`ev_async_start`, and the first `ev_signal_start`)
/// runs `while (pipe (fds)) ev_syserr (...)` once its `eventfd` failed, a loop that spins for as long
/// as the syserr callback returns (ev.c, `evpipe_init`). So ``EventLoop/init(backend:)`` first opens
/// and closes as many descriptors as the loop will take, and throws if it cannot; the
/// ``SystemErrorReporter`` ends the process, rather than return into such a loop, if another thread
/// takes the descriptors between the check and libev.
enum LoopDescriptors {
    /// How many descriptors a loop on `backend` opens: the wake-up `eventfd`, plus the epoll set
    /// (epoll, and libev's automatic choice here), or the io_uring ring and its `timerfd`.
    static func needed(by backend: Backend) -> Int {
        switch backend {
        case .automatic, .epoll: 2
        case .poll, .select: 1
        case .ioUring: 3
        }
    }

    /// Opens `count` descriptors and closes them again.
    ///
    /// - Throws: ``EventLoopError/descriptorsUnavailable(needed:errno:)`` (`EMFILE`, `ENFILE`).
    static func check(_ count: Int) throws(EventLoopError) {
        var opened: [Int32] = []
        defer { for fd in opened { close(fd) } }
        while opened.count < count {
            let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw .descriptorsUnavailable(needed: count, errno: errno) }
            opened.append(fd)
        }
    }
}
