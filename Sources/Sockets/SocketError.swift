import Glibc

/// A failed socket operation: the errno, the operation, and the address involved, if any.
///
/// Reads like `bind 127.0.0.1:10000: Address already in use (errno 98)`. A socket's own timeout
/// expiring is an error with errno `ETIMEDOUT` that reads `recv: timed out`.
///
/// Python: `OSError` (`socket.error`) with `errno` and `strerror`; `socket.timeout` for ``isTimeout``.
public struct SocketError: Error, Equatable, CustomStringConvertible {
    /// The C `errno` value, for example `ECONNREFUSED` (111 on Linux).
    ///
    /// Python: `OSError.errno`.
    public let errno: Int32

    /// The C call that failed: `socket`, `bind`, `listen`, `accept`, `connect`, `recv`, `send`,
    /// `recvfrom`, `sendto`, `shutdown`, `getsockopt`, `setsockopt`, `getsockname`, `getpeername`, ...
    ///
    /// Python: the failing method (not part of `OSError`; it names what failed).
    public let operation: String

    /// The address the operation was given (`bind`, `connect`, `sendto`), if any.
    ///
    /// Python: `OSError.filename` plays this part for paths.
    public let address: SocketAddress?

    /// True when the socket's own ``Socket/timeout`` ran out (not a kernel `ETIMEDOUT`).
    private let timedOut: Bool

    /// For a datagram cut short (``isTruncated``): its real size in bytes; nil otherwise.
    ///
    /// Python: no counterpart (`recvfrom` truncates silently); C: the `MSG_TRUNC` length.
    public let datagramSize: Int?

    /// For a datagram cut short (``isTruncated``): the size of the buffer, which holds the
    /// datagram's first bytes; nil otherwise.
    ///
    /// Python: no counterpart.
    public let bufferSize: Int?

    /// An error for `errno` raised by `operation`, optionally about `address`.
    ///
    /// Python: `OSError(errno, strerror)`.
    public init(errno: Int32, operation: String, address: SocketAddress? = nil) {
        self.init(errno, operation, address, timedOut: false, datagramSize: nil, bufferSize: nil)
    }

    private init(
        _ errno: Int32, _ operation: String, _ address: SocketAddress?, timedOut: Bool, datagramSize: Int?, bufferSize: Int?
    ) {
        self.errno = errno
        self.operation = operation
        self.address = address
        self.timedOut = timedOut
        self.datagramSize = datagramSize
        self.bufferSize = bufferSize
    }

    /// The error a socket's own timeout raises: errno `ETIMEDOUT`, text `timed out`.
    ///
    /// Python: `socket.timeout("timed out")`.
    public static func timeout(operation: String, address: SocketAddress? = nil) -> SocketError {
        SocketError(ETIMEDOUT, operation, address, timedOut: true, datagramSize: nil, bufferSize: nil)
    }

    /// The error a receive raises for a datagram longer than its buffer: errno `EMSGSIZE`, with
    /// the datagram's real size and the buffer's. The buffer holds the datagram's first
    /// `capacity` bytes; the rest is gone.
    ///
    /// Python: no counterpart (`recvfrom` returns the first bytes and says nothing).
    public static func truncated(operation: String, size: Int, capacity: Int) -> SocketError {
        SocketError(EMSGSIZE, operation, nil, timedOut: false, datagramSize: size, bufferSize: capacity)
    }

    /// `operation [address]: strerror (errno N)`, `operation [address]: timed out`, or
    /// `recvfrom: a datagram of 100000 bytes was cut to the 65536-byte buffer`.
    ///
    /// Python: `str(OSError)` is `[Errno 98] Address already in use`; ours leads with what failed.
    public var description: String {
        let subject = address.map { "\(operation) \($0)" } ?? operation
        if timedOut { return "\(subject): timed out" }
        if let datagramSize, let bufferSize {
            return "\(subject): a datagram of \(datagramSize) bytes was cut to the \(bufferSize)-byte buffer"
        }
        return "\(subject): \(system_strerror(errno)) (errno \(errno))"
    }

    /// The text Python prints for the same error: `[Errno 111] Connection refused`, or `timed out`.
    ///
    /// Python: `str(OSError)`, as the seed's `print(msg)` shows it.
    public var pythonDescription: String { timedOut ? "timed out" : "[Errno \(errno)] \(message)" }

    /// The line a Python traceback ends with for the same error: the `OSError` subclass Python picks
    /// for ``errno`` (PEP 3151) and ``pythonDescription``, as in
    /// `ConnectionRefusedError: [Errno 111] Connection refused` or `TimeoutError: timed out`.
    ///
    /// Python: `f"{type(e).__name__}: {e}"`, the last line of an uncaught exception's traceback.
    public var pythonException: String { "\(timedOut ? "TimeoutError" : pythonOSErrorClass(errno)): \(pythonDescription)" }

    /// The text the C library gives for ``errno``.
    ///
    /// Python: `OSError.strerror`.
    public var message: String { timedOut ? "timed out" : system_strerror(errno) }

    /// True for `EAGAIN`/`EWOULDBLOCK`: a non-blocking operation could not proceed now.
    ///
    /// Python: `BlockingIOError`.
    public var isWouldBlock: Bool { errno == EAGAIN || errno == EWOULDBLOCK }

    /// True when a timeout ran out: the socket's own, or the kernel's `ETIMEDOUT`.
    ///
    /// Python: `TimeoutError` (`socket.timeout`).
    public var isTimeout: Bool { errno == ETIMEDOUT }

    /// True when the peer reset or went away: `ECONNRESET`, `EPIPE`, `ECONNABORTED`.
    ///
    /// Python: `ConnectionResetError`, `BrokenPipeError`, `ConnectionAbortedError`.
    public var isConnectionReset: Bool { errno == ECONNRESET || errno == EPIPE || errno == ECONNABORTED }

    /// True when a received datagram was longer than the buffer (see ``datagramSize``).
    ///
    /// Python: no counterpart.
    public var isTruncated: Bool { datagramSize != nil }

    /// True when the process or system ran out of descriptors: `EMFILE`, `ENFILE`.
    ///
    /// Python: `OSError(EMFILE)`; socketserver logs it and keeps serving.
    public var isOutOfDescriptors: Bool { errno == EMFILE || errno == ENFILE }
}

/// The `OSError` subclass Python raises for `errno` (PEP 3151), `OSError` itself for the others.
func pythonOSErrorClass(_ errno: Int32) -> String {
    switch errno {
    case EAGAIN, EALREADY, EINPROGRESS: "BlockingIOError"
    case ECHILD: "ChildProcessError"
    case EPIPE, ESHUTDOWN: "BrokenPipeError"
    case ECONNABORTED: "ConnectionAbortedError"
    case ECONNREFUSED: "ConnectionRefusedError"
    case ECONNRESET: "ConnectionResetError"
    case EEXIST: "FileExistsError"
    case ENOENT: "FileNotFoundError"
    case EINTR: "InterruptedError"
    case EISDIR: "IsADirectoryError"
    case ENOTDIR: "NotADirectoryError"
    case EACCES, EPERM: "PermissionError"
    case ESRCH: "ProcessLookupError"
    case ETIMEDOUT: "TimeoutError"
    default: "OSError"
    }
}
