import Reactor

/// Why a benchmark could not run at all (errors during the run are counted instead).
public enum BenchError: Error, CustomStringConvertible {
    /// The first connection to the server failed.
    case connect(SocketError)
    /// The event loop or a timer could not be set up.
    case loop(String)
    /// A load thread could not be started.
    case thread(Int32)

    /// One line: `connect 127.0.0.1:10000: Connection refused (errno 111)`.
    public var description: String {
        switch self {
        case .connect(let error): error.description
        case .loop(let text): "event loop: \(text)"
        case .thread(let code): "pthread_create failed (errno \(code))"
        }
    }
}
