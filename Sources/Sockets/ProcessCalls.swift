import Glibc

/// The C library's descriptor and process calls that the layers above need besides sockets: the
/// event loop proves a raw descriptor open before libev watches it, and reaps children. Here, beside
/// the socket wrappers (`Internal/Syscalls.swift`), so that no module above calls the C library raw.
package enum ProcessCalls {
    /// Whether `fd` is an open descriptor (`fcntl(fd, F_GETFD)` succeeds).
    package static func isOpen(_ fd: Int32) -> Bool {
        fcntl(fd, F_GETFD) != -1
    }

    /// Closes a descriptor the caller owns outright (not a socket's), ignoring errors: EINTR means
    /// closed (lwn.net/Articles/576478), and nothing else can be done about the rest.
    package static func closeDescriptor(_ fd: Int32) {
        _ = close(fd)
    }

    /// How a child ended, as `waitpid` reports it.
    package enum ChildStatus: Equatable {
        /// Not exited yet (`WNOHANG` found nothing to reap).
        case running
        /// Exited with this status (`WIFEXITED`, `WEXITSTATUS`).
        case exited(Int32)
        /// Killed by this signal (`WTERMSIG`).
        case signaled(Int32)
        /// Not this process's child, or already reaped (`ECHILD`).
        case gone
    }

    /// Reaps child `pid` if it has exited, without blocking (`waitpid(pid, &status, WNOHANG)`,
    /// retried on EINTR).
    package static func reap(_ pid: Int32) -> ChildStatus {
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, WNOHANG) } while result < 0 && errno == EINTR
        if result == 0 { return .running }
        if result < 0 { return .gone }
        return status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
    }
}
