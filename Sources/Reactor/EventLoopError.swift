/// Why an ``EventLoop`` refused a request.
public enum EventLoopError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The backend is not compiled into libev, not supported by this kernel, or failed to start.
    case backendUnavailable(Backend)
    /// A time interval was negative, infinite or not a number.
    case invalidInterval(Duration)
    /// The number is not a signal a watcher may catch (it is out of range, `SIGKILL` or `SIGSTOP`).
    case invalidSignal(Int32)
    /// Another event loop in this process already watches the signal; libev allows one loop per
    /// signal and aborts the process on a second, so the second is refused instead.
    case signalWatchedByAnotherLoop(Int32)
    /// There is no child process with this id (or it was already reaped), so its exit cannot be watched.
    case noSuchProcess(Int32)
    /// A system call failed; `errno` says why.
    case systemCallFailed(operation: String, errno: Int32)
    /// The loop is closed: work can no longer be sent to it, nor I/O awaited on it.
    case loopClosed
    /// Another task already waits for the descriptor to become readable (or writable): one reader
    /// and one writer at a time.
    case alreadyWaiting(fd: Int32, forWriting: Bool)
    /// The process could not open the descriptors a new loop needs (`EMFILE`: its limit is
    /// reached; `ENFILE`: the system's), so no loop was made.
    case descriptorsUnavailable(needed: Int, errno: Int32)

    public var description: String {
        switch self {
        case .backendUnavailable(let backend):
            let names = Backend.available.map(\.description).joined(separator: ", ")
            return "backend \(backend) is not available here (available: \(names))"
        case .invalidInterval(let interval):
            return "invalid time interval \(interval): it must be finite and not negative"
        case .invalidSignal(let signal):
            return "signal \(signal) cannot be watched (out of range, SIGKILL or SIGSTOP)"
        case .signalWatchedByAnotherLoop(let signal):
            return "signal \(signal) is already watched by another event loop in this process"
        case .noSuchProcess(let pid):
            return "no child process \(pid) to watch (it does not exist or was already reaped)"
        case .systemCallFailed(let operation, let errno):
            return "\(operation): \(system_strerror(errno)) (errno \(errno))"
        case .loopClosed:
            return "the event loop has been closed"
        case .alreadyWaiting(let fd, let forWriting):
            return "another task is already waiting to \(forWriting ? "write to" : "read from") descriptor \(fd)"
        case .descriptorsUnavailable(let needed, let errno):
            return "an event loop needs \(needed) free file descriptors: \(system_strerror(errno)) (errno \(errno))"
        }
    }
}
