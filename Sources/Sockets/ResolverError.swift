import Glibc

/// A failed name or address lookup: the `EAI_` code, the C library's text for it, and what was looked up.
///
/// Reads like `resolve nosuchname: Name or service not known (EAI -2)`.
///
/// Python: `socket.gaierror` (`[Errno -2] Name or service not known`).
public struct ResolverError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `EAI_` code from `getaddrinfo`/`getnameinfo`, for example `EAI_NONAME` (-2).
    ///
    /// Python: `gaierror.errno`.
    public let code: Int32

    /// For `EAI_SYSTEM`, the errno that explains it; 0 otherwise.
    ///
    /// Python: an `OSError` raised instead of `gaierror`.
    public let systemErrno: Int32

    /// `resolve` (`getaddrinfo`) or `nameinfo` (`getnameinfo`).
    ///
    /// Python: the failing function (not part of `gaierror`).
    public let operation: String

    /// What was looked up: `host`, `host:service`, or the address given to `nameinfo`.
    ///
    /// Python: not kept by `gaierror`; kept here so the message says what failed.
    public let subject: String

    /// An error for an `EAI_` code.
    ///
    /// Python: `socket.gaierror(code, message)`.
    public init(code: Int32, operation: String, subject: String, systemErrno: Int32 = 0) {
        self.code = code
        self.operation = operation
        self.subject = subject
        self.systemErrno = systemErrno
    }

    /// The C library's text for ``code`` (`gai_strerror`), or for ``systemErrno`` when it is set.
    ///
    /// Python: `gaierror.strerror`.
    public var message: String {
        systemErrno != 0 ? system_strerror(systemErrno) : system_gai_strerror(code)
    }

    /// `operation subject: message (EAI code)`, plus `, errno N` for a system error.
    ///
    /// Python: `str(gaierror)` is `[Errno -2] Name or service not known`; ours says what was looked up.
    public var description: String {
        let errnoPart = systemErrno != 0 ? ", errno \(systemErrno)" : ""
        return "\(operation) \(subject): \(message) (EAI \(code)\(errnoPart))"
    }

    /// True when the name does not exist (`EAI_NONAME`) or has no address of the family asked for
    /// (`EAI_NODATA`, `EAI_ADDRFAMILY`).
    ///
    /// Python: `gaierror` with `EAI_NONAME`.
    public var isUnknownName: Bool {
        code == EAI_NONAME || code == -5 /* EAI_NODATA */ || code == -9 /* EAI_ADDRFAMILY */
    }

    /// True for a temporary failure (`EAI_AGAIN`): the name server did not answer; try again later.
    ///
    /// Python: `gaierror` with `EAI_AGAIN`.
    public var isTemporary: Bool { code == EAI_AGAIN }
}
