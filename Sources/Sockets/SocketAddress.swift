import Glibc

/// A socket address: an IPv4 or IPv6 address and port, or a Unix socket path.
///
/// Stored as the kernel's own `sockaddr_storage` and length, so an address read by
/// ``Socket/receiveFrom(into:flags:)`` goes back out through ``Socket/send(_:to:flags:)-(Span<UInt8>,_,_)`` with no
/// conversion. The Swift view (``kind``, ``host``, ``port``, ``path``) is computed on demand.
///
/// Python: the address tuples `(host, port)`, `(host, port, flowinfo, scope_id)` and Unix path strings.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline internal var storage: sockaddr_storage
    @usableFromInline internal var length: socklen_t

    internal init(storage: sockaddr_storage, length: socklen_t) {
        self.storage = storage
        self.length = length
    }

    /// The address in Swift terms.
    ///
    /// Python: the shape of the address tuple depends on the family, as these cases do.
    public enum Kind: Hashable, Sendable {
        /// An IPv4 address in dotted-quad text and a port.
        ///
        /// Python: `(host, port)`.
        case ipv4(host: String, port: UInt16)
        /// An IPv6 address in RFC 5952 text, a port, the flow information and the scope (interface index).
        ///
        /// Python: `(host, port, flowinfo, scope_id)`.
        case ipv6(host: String, port: UInt16, flowInfo: UInt32, scopeID: UInt32)
        /// A Unix socket path; an abstract name starts with `"\0"`; empty for an unnamed socket.
        ///
        /// Python: the path string (bytes for an abstract name).
        case unix(path: String)
        /// Any other family (or `AF_UNSPEC`), by its `AF_` number.
        ///
        /// Python: the raw address of another family.
        case other(family: Int32)
    }

    /// Parses a numeric IPv4 or IPv6 address (no name lookup) and a port.
    ///
    /// An empty host means every interface (`0.0.0.0`), as in Python. IPv6 text may be bracketed
    /// (`[::1]`) and may carry a scope (`fe80::1%eth0` or `fe80::1%2`).
    ///
    /// Python: the `(host, port)` tuple given to `bind`, `connect` and `sendto`.
    /// - Throws: ``SocketAddressError/notNumericHost(_:)`` when `host` is neither; use
    ///   ``resolve(host:port:family:type:)`` for names; ``SocketAddressError/unknownScope(_:)`` for a bad scope.
    public init(host: String, port: UInt16) throws(SocketAddressError) {
        if host.isEmpty {
            self = SocketAddress.makeIPv4(value: 0, port: port)
        } else if let address = SocketAddress.makeIPv4(host, port: port) {
            self = address
        } else if host.utf8.contains(UInt8(ascii: ":")) {
            self = try SocketAddress(ipv6Text: host, port: port, flowInfo: 0, scopeID: 0, error: .notNumericHost(host))
        } else {
            throw .notNumericHost(host)
        }
    }

    /// Parses a dotted-quad IPv4 address and a port.
    ///
    /// Python: `(host, port)` for `AF_INET`.
    /// - Throws: ``SocketAddressError/invalidIPv4(_:)`` when `ipv4` is not dotted-quad text.
    public init(ipv4: String, port: UInt16) throws(SocketAddressError) {
        guard let address = SocketAddress.makeIPv4(ipv4, port: port) else { throw .invalidIPv4(ipv4) }
        self = address
    }

    /// Parses an IPv6 address (optionally bracketed, optionally with a `%scope`) and a port.
    ///
    /// Python: `(host, port, flowinfo, scope_id)` for `AF_INET6`.
    /// - Parameters:
    ///   - ipv6: IPv6 text such as `::1`, `[fe80::1%eth0]`.
    ///   - port: The port.
    ///   - flowInfo: The IPv6 flow information (host byte order).
    ///   - scopeID: The interface index; a `%scope` in the text overrides it.
    /// - Throws: ``SocketAddressError/invalidIPv6(_:)`` for bad text; ``SocketAddressError/unknownScope(_:)``.
    public init(ipv6: String, port: UInt16, flowInfo: UInt32 = 0, scopeID: UInt32 = 0) throws(SocketAddressError) {
        self = try SocketAddress(ipv6Text: ipv6, port: port, flowInfo: flowInfo, scopeID: scopeID, error: .invalidIPv6(ipv6))
    }

    private init(
        ipv6Text: String, port: UInt16, flowInfo: UInt32, scopeID: UInt32, error: SocketAddressError
    ) throws(SocketAddressError) {
        var text = Substring(ipv6Text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        var scope = scopeID
        // By byte: a combining mark after "%" makes one Character of both, which a Character search misses.
        if let percent = text.utf8.firstIndex(of: UInt8(ascii: "%")) {
            let name = String(text[text.utf8.index(after: percent)...])
            guard let index = SocketAddress.scopeIndex(name) else { throw .unknownScope(name) }
            scope = index
            text = text[..<percent]
        }
        guard let address = SocketAddress.makeIPv6(String(text), port: port, flowInfo: flowInfo, scopeID: scope) else {
            throw error
        }
        self = address
    }

    /// A Unix socket path; a path starting with `"\0"` names an abstract socket (Linux, no file).
    ///
    /// Python: the path string (or bytes) given to an `AF_UNIX` socket.
    /// - Throws: ``SocketAddressError/unixPathTooLong(path:byteCount:)`` when the UTF-8 path exceeds
    ///   107 bytes (`sun_path` holds 108 with the NUL); ``SocketAddressError/unixPathContainsNUL(_:)``
    ///   for a NUL inside a filesystem path.
    public init(unixPath: String) throws(SocketAddressError) {
        let bytes = Array(unixPath.utf8)
        let isAbstract = bytes.first == 0
        let limit = SocketAddress.unixPathCapacity - (isAbstract ? 0 : 1)
        guard bytes.count <= limit else { throw .unixPathTooLong(path: unixPath, byteCount: bytes.count) }
        guard isAbstract || !bytes.contains(0) else { throw .unixPathContainsNUL(unixPath) }
        self = SocketAddress.makeUnix(pathBytes: bytes)
    }

    /// The family, or nil for an unknown or empty one.
    ///
    /// Python: `socket.family` of the socket the address came from.
    public var family: Socket.Family? { Socket.Family(rawValue: rawFamily) }

    /// The address as a Swift enum.
    ///
    /// Python: the address tuple.
    public var kind: Kind {
        switch rawFamily {
        case AF_INET: .ipv4(host: rawHost ?? "", port: rawPort ?? 0)
        case AF_INET6: .ipv6(host: rawHost ?? "", port: rawPort ?? 0, flowInfo: rawFlowInfo ?? 0, scopeID: rawScopeID ?? 0)
        case AF_UNIX: .unix(path: path ?? "")
        case let family: .other(family: family)
        }
    }

    /// The numeric host text for IPv4 and IPv6 (`"127.0.0.1"`, `"::1"`), nil for other families.
    ///
    /// Python: `address[0]`; `socket.inet_ntop`.
    public var host: String? { rawHost }

    /// The port for IPv4 and IPv6, nil for other families.
    ///
    /// Python: `address[1]`.
    public var port: UInt16? { rawPort }

    /// The IPv6 flow information, nil for other families.
    ///
    /// Python: `address[2]` of an IPv6 tuple.
    public var flowInfo: UInt32? { rawFlowInfo }

    /// The IPv6 scope (interface index), nil for other families.
    ///
    /// Python: `address[3]` of an IPv6 tuple.
    public var scopeID: UInt32? { rawScopeID }

    /// The Unix socket path (`"\0name"` for an abstract one, `""` for an unnamed one); nil for other families.
    ///
    /// Python: the path string of an `AF_UNIX` address.
    public var path: String? {
        rawUnixPathBytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// `127.0.0.1:10000`, `[::1]:10000`, `[fe80::1%2]:80`, `/tmp/echo.sock`, `@abstract`, `""` for an
    /// unnamed Unix socket, `<family 17>` for other families.
    ///
    /// Python: `str()` of the tuple is its repr; see ``pythonDescription`` for that form.
    public var description: String {
        switch kind {
        case let .ipv4(host, port): return "\(host):\(port)"
        case let .ipv6(host, port, _, scope): return scope == 0 ? "[\(host)]:\(port)" : "[\(host)%\(scope)]:\(port)"
        case let .unix(path): return path.first == "\0" ? "@" + path.dropFirst() : path
        case let .other(family): return "<family \(family)>"
        }
    }

    /// The address as Python prints it: `('127.0.0.1', 59850)`, `('::1', 10000, 0, 0)`, `'/tmp/echo.sock'`.
    ///
    /// Python: `repr(address)`, for ports of examples that print client addresses.
    public var pythonDescription: String {
        switch kind {
        case let .ipv4(host, port): return "('\(host)', \(port))"
        case let .ipv6(host, port, flowInfo, scope): return "('\(host)', \(port), \(flowInfo), \(scope))"
        case let .unix(path):
            guard path.first == "\0" else { return "'\(path)'" }
            return "b'\\x00\(path.dropFirst())'"
        case let .other(family): return "<family \(family)>"
        }
    }

    /// Equal when the family, the length and every byte the kernel would read are equal.
    ///
    /// Python: tuple equality.
    public static func == (lhs: SocketAddress, rhs: SocketAddress) -> Bool { rawEqual(lhs, rhs) }

    /// Hashes the bytes the kernel would read.
    ///
    /// Python: `hash(address)`.
    public func hash(into hasher: inout Hasher) { rawHash(into: &hasher) }
}
