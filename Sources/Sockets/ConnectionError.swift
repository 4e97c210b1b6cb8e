/// Why ``Socket/makeConnection(host:port:timeout:sourceAddress:)`` failed: the host did not
/// resolve, or no address it resolved to took the connection.
///
/// Reads like `resolve nosuchname:10000: Name or service not known (EAI -2)` or, for the last
/// address tried, `connect 127.0.0.1:1: Connection refused (errno 111)`.
///
/// Python: `socket.create_connection` raises `gaierror` from `getaddrinfo`, or the `OSError` of the
/// last address tried (all of them, as an `ExceptionGroup`, with `all_errors=True`).
public enum ConnectionError: Error, Equatable, CustomStringConvertible {
    /// `getaddrinfo` failed.
    ///
    /// Python: `socket.gaierror`.
    case resolve(ResolverError)
    /// Every address failed: one error per address tried, in the resolver's order; none when the
    /// resolver returned no stream address at all.
    ///
    /// Python: the last `OSError`; `OSError('getaddrinfo returns an empty list')` when there were none.
    case connect(host: String, port: UInt16, attempts: [SocketError])

    /// The error Python would raise: the resolver's, or the last attempt's.
    ///
    /// Python: the exception `create_connection` raises.
    public var lastError: (any Error)? {
        switch self {
        case let .resolve(error): error
        case let .connect(_, _, attempts): attempts.last
        }
    }

    /// The resolver's description, or the last attempt's, preceded by how many addresses failed
    /// when there were several: `connect localhost port 1: 2 addresses failed, the last: connect [::1]:1: ...`.
    ///
    /// Python: `str(exception)`; ours says what was tried.
    public var description: String {
        switch self {
        case let .resolve(error):
            return error.description
        case let .connect(host, port, attempts):
            guard let last = attempts.last else { return "connect \(host) port \(port): the resolver returned no address" }
            if attempts.count == 1 { return last.description }
            return "connect \(host) port \(port): \(attempts.count) addresses failed, the last: \(last)"
        }
    }

    /// What Python prints for the same failure: `[Errno -2] Name or service not known`,
    /// `[Errno 111] Connection refused`, `getaddrinfo returns an empty list`.
    ///
    /// Python: `str(exception)`.
    public var pythonDescription: String {
        switch self {
        case let .resolve(error): error.pythonDescription
        case let .connect(_, _, attempts): attempts.last?.pythonDescription ?? "getaddrinfo returns an empty list"
        }
    }

    /// The line a Python traceback ends with for the same failure: the resolver's, or the last
    /// attempt's (`ConnectionRefusedError: [Errno 111] Connection refused`).
    ///
    /// Python: the last line of the traceback of `create_connection`'s exception.
    public var pythonException: String {
        switch self {
        case let .resolve(error): error.pythonException
        case let .connect(_, _, attempts): attempts.last?.pythonException ?? "OSError: getaddrinfo returns an empty list"
        }
    }
}
