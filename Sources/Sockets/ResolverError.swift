import Glibc

/// A failed name, address, service or protocol lookup: the resolver's code, its text for it, and
/// what was looked up.
///
/// Reads like `resolve nosuchname: Name or service not known (EAI -2)`; ``pythonDescription`` is
/// what Python prints for the same failure, `[Errno -2] Name or service not known`.
///
/// Python: `socket.gaierror` (``Source/addressInfo``), `socket.herror` (``Source/hostDatabase``),
/// and the `OSError` of `getservbyname`, `getservbyport`, `getprotobyname` (``Source/serviceDatabase``).
public struct ResolverError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which part of the C library's resolver failed, and so what ``code`` means.
    ///
    /// Python: the exception class: `gaierror`, `herror` or `OSError`.
    public enum Source: Hashable, Sendable {
        /// `getaddrinfo` or `getnameinfo`: ``code`` is an `EAI_` code, its text `gai_strerror`'s.
        ///
        /// Python: `socket.gaierror`.
        case addressInfo
        /// `gethostbyname_r` or `gethostbyaddr_r`: ``code`` is an `h_errno` value
        /// (`HOST_NOT_FOUND` 1, `TRY_AGAIN` 2, `NO_RECOVERY` 3, `NO_DATA` 4), its text `hstrerror`'s.
        ///
        /// Python: `socket.herror`.
        case hostDatabase
        /// `/etc/services` or `/etc/protocols` (through NSS) has no such entry; ``code`` is 0.
        ///
        /// Python: `OSError('service/proto not found')` and its siblings.
        case serviceDatabase
    }

    /// The resolver's code: an `EAI_` code (e.g. `EAI_NONAME`, -2), an `h_errno` value, or 0; see ``source``.
    ///
    /// Python: `gaierror.errno`, `herror.errno`.
    public let code: Int32

    /// For `EAI_SYSTEM`, the errno that explains it; 0 otherwise.
    ///
    /// Python: an `OSError` raised instead of `gaierror`.
    public let systemErrno: Int32

    /// The lookup that failed: `resolve` (`getaddrinfo`), `nameinfo` (`getnameinfo`), `gethostbyname`,
    /// `gethostbyaddr`, `getservbyname`, `getservbyport` or `getprotobyname`.
    ///
    /// Python: the failing function (not part of the exception).
    public let operation: String

    /// What was looked up: `host`, `host:service`, an address, `service/protocol`, `port/protocol`, a protocol name.
    ///
    /// Python: not kept by the exception; kept here so the message says what failed.
    public let subject: String

    /// Which resolver call failed, and so how ``code`` reads.
    ///
    /// Python: the exception's class.
    public let source: Source

    /// An error for a resolver code.
    ///
    /// Python: `socket.gaierror(code, message)`, `socket.herror(code, message)`.
    public init(code: Int32, operation: String, subject: String, systemErrno: Int32 = 0, source: Source = .addressInfo) {
        self.code = code
        self.operation = operation
        self.subject = subject
        self.systemErrno = systemErrno
        self.source = source
    }

    /// The C library's text for ``code`` (`gai_strerror`, `hstrerror`), for ``systemErrno`` when it is
    /// set, or Python's words for a missing service or protocol (`service/proto not found`).
    ///
    /// Python: `gaierror.strerror`, `herror.strerror`, `str(OSError)`.
    public var message: String {
        switch source {
        case .addressInfo: systemErrno != 0 ? system_strerror(systemErrno) : system_gai_strerror(code)
        case .hostDatabase: system_hstrerror(code)
        case .serviceDatabase:
            switch operation {
            case "getservbyname": "service/proto not found"
            case "getservbyport": "port/proto not found"
            case "getprotobyname": "protocol not found"
            default: "not found"
            }
        }
    }

    /// `operation subject: message (EAI code)` (or `(h_errno code)`), plus `, errno N` for a system
    /// error; `operation subject: message` for a missing service or protocol.
    ///
    /// Python: `str(gaierror)` is `[Errno -2] Name or service not known` (``pythonDescription``);
    /// ours says what was looked up.
    public var description: String {
        let errnoPart = systemErrno != 0 ? ", errno \(systemErrno)" : ""
        return switch source {
        case .addressInfo: "\(operation) \(subject): \(message) (EAI \(code)\(errnoPart))"
        case .hostDatabase: "\(operation) \(subject): \(message) (h_errno \(code))"
        case .serviceDatabase: "\(operation) \(subject): \(message)"
        }
    }

    /// The text Python prints for the same failure: `[Errno -2] Name or service not known`,
    /// `[Errno 1] Unknown host`, `service/proto not found`.
    ///
    /// Python: `str(exception)`, as the seed's `print(msg)` shows it.
    public var pythonDescription: String {
        switch source {
        case .addressInfo: "[Errno \(systemErrno != 0 ? systemErrno : code)] \(message)"
        case .hostDatabase: "[Errno \(code)] \(message)"
        case .serviceDatabase: message
        }
    }

    /// The line a Python traceback ends with for the same failure: `socket.gaierror: [Errno -2]
    /// Name or service not known`, `socket.herror: [Errno 1] Unknown host`, `OSError: service/proto not found`.
    ///
    /// Python: `f"{type(e).__module__}.{type(e).__name__}: {e}"` for `gaierror` and `herror`,
    /// the last line of an uncaught exception's traceback.
    public var pythonException: String {
        switch source {
        case .addressInfo where systemErrno != 0: "\(pythonOSErrorClass(systemErrno)): \(pythonDescription)"
        case .addressInfo: "socket.gaierror: \(pythonDescription)"
        case .hostDatabase: "socket.herror: \(pythonDescription)"
        case .serviceDatabase: "OSError: \(pythonDescription)"
        }
    }

    /// True when the name, address, service or protocol does not exist (`EAI_NONAME`, `EAI_NODATA`,
    /// `EAI_ADDRFAMILY`; `HOST_NOT_FOUND`, `NO_DATA`; no `/etc/services` entry).
    ///
    /// Python: `gaierror` with `EAI_NONAME`, `herror` with `HOST_NOT_FOUND`.
    public var isUnknownName: Bool {
        switch source {
        case .addressInfo: code == EAI_NONAME || code == -5 /* EAI_NODATA */ || code == -9 /* EAI_ADDRFAMILY */
        case .hostDatabase: code == 1 /* HOST_NOT_FOUND */ || code == 4 /* NO_DATA */
        case .serviceDatabase: true
        }
    }

    /// True for a temporary failure (`EAI_AGAIN`, `TRY_AGAIN`): the name server did not answer; try again later.
    ///
    /// Python: `gaierror` with `EAI_AGAIN`.
    public var isTemporary: Bool {
        switch source {
        case .addressInfo: code == EAI_AGAIN
        case .hostDatabase: code == 2 /* TRY_AGAIN */
        case .serviceDatabase: false
        }
    }
}
