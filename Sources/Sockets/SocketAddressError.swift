/// Why text could not become a ``SocketAddress``.
///
/// Python: the `OSError` / `ValueError` raised for a bad address tuple or an over-long `AF_UNIX` path.
public enum SocketAddressError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text is not a numeric IPv4 or IPv6 address (names need ``SocketAddress/resolve(host:port:family:type:)``).
    ///
    /// Python: `socket.gaierror` from a lookup the address never needed.
    case notNumericHost(String)
    /// The text is not a dotted-quad IPv4 address.
    ///
    /// Python: `OSError: illegal IP address string passed to inet_pton`.
    case invalidIPv4(String)
    /// The text is not an IPv6 address.
    ///
    /// Python: `OSError: illegal IP address string passed to inet_pton`.
    case invalidIPv6(String)
    /// The `%scope` of an IPv6 address names no interface.
    ///
    /// Python: `socket.gaierror` for an unknown `%scope`.
    case unknownScope(String)
    /// The path's UTF-8 form is longer than `sun_path` allows (107 bytes plus the NUL).
    ///
    /// Python: `OSError: AF_UNIX path too long`.
    case unixPathTooLong(path: String, byteCount: Int)
    /// A filesystem path holds a NUL byte (only an abstract name may, as its first byte).
    ///
    /// Python: `ValueError: embedded null byte`.
    case unixPathContainsNUL(String)

    /// The problem in plain words, with the offending text.
    ///
    /// Python: `str(exception)`.
    public var description: String {
        switch self {
        case let .notNumericHost(text):
            "not a numeric IPv4 or IPv6 address: \"\(text)\" (resolve names with SocketAddress.resolve)"
        case let .invalidIPv4(text): "not an IPv4 address: \"\(text)\""
        case let .invalidIPv6(text): "not an IPv6 address: \"\(text)\""
        case let .unknownScope(text): "no network interface for IPv6 scope \"\(text)\""
        case let .unixPathTooLong(path, count):
            "Unix socket path too long: \(count) bytes, sun_path holds at most 107 bytes plus NUL: \(path)"
        case let .unixPathContainsNUL(path): "Unix socket path contains a NUL byte: \"\(path.debugDescription.dropFirst().dropLast())\""
        }
    }
}
