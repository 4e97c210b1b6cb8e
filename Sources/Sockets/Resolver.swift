import Glibc

/// One way to reach a host: the family, type and protocol to create the socket with, and the address.
///
/// Python: one `(family, type, proto, canonname, sockaddr)` tuple of `socket.getaddrinfo`.
public struct AddressInfo: Hashable, Sendable {
    /// The address family, for ``Socket/init(family:type:protocol:)``.
    ///
    /// Python: `family`.
    public let family: Socket.Family
    /// The socket type.
    ///
    /// Python: `type`.
    public let type: Socket.Kind
    /// The protocol number (`IPPROTO_TCP` 6, `IPPROTO_UDP` 17, 0 for raw).
    ///
    /// Python: `proto`.
    public let `protocol`: Int32
    /// The host's canonical name, on the first result when ``Resolver/Flags/canonicalName`` is asked for.
    ///
    /// Python: `canonname` (an empty string when absent).
    public let canonicalName: String?
    /// The address to connect or bind to.
    ///
    /// Python: `sockaddr`.
    public let address: SocketAddress
}

/// Name and service lookup over the C library's resolver (`getaddrinfo`, `getnameinfo`, `/etc/services`).
///
/// These calls block while the name servers answer: keep them off an event loop's thread.
///
/// Python: `socket.getaddrinfo`, `socket.getnameinfo`, `socket.gethostname`, `socket.getservbyname`...
public enum Resolver {
    /// `getaddrinfo` flags.
    ///
    /// Python: `socket.AI_PASSIVE`, `socket.AI_CANONNAME`...
    public struct Flags: OptionSet, Hashable, Sendable {
        /// The `AI_` bits.
        ///
        /// Python: the integer `flags`.
        public let rawValue: Int32
        /// Flags from `AI_` bits.
        ///
        /// Python: `socket.AI_PASSIVE | socket.AI_CANONNAME`.
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// With no host, return the wildcard address, to bind to (`AI_PASSIVE`).
        ///
        /// Python: `socket.AI_PASSIVE`.
        public static var passive: Flags { Flags(rawValue: AI_PASSIVE) }
        /// Report the canonical name (`AI_CANONNAME`).
        ///
        /// Python: `socket.AI_CANONNAME`.
        public static var canonicalName: Flags { Flags(rawValue: AI_CANONNAME) }
        /// The host must be numeric; no name server is asked (`AI_NUMERICHOST`).
        ///
        /// Python: `socket.AI_NUMERICHOST`.
        public static var numericHost: Flags { Flags(rawValue: AI_NUMERICHOST) }
        /// The service must be a port number (`AI_NUMERICSERV`).
        ///
        /// Python: `socket.AI_NUMERICSERV`.
        public static var numericService: Flags { Flags(rawValue: AI_NUMERICSERV) }
        /// Only families configured on this host (`AI_ADDRCONFIG`).
        ///
        /// Python: `socket.AI_ADDRCONFIG`.
        public static var addressConfig: Flags { Flags(rawValue: AI_ADDRCONFIG) }
        /// IPv4-mapped IPv6 addresses when asking for IPv6 and none exist (`AI_V4MAPPED`).
        ///
        /// Python: `socket.AI_V4MAPPED`.
        public static var v4Mapped: Flags { Flags(rawValue: AI_V4MAPPED) }
        /// With ``v4Mapped``, both IPv6 and mapped IPv4 addresses (`AI_ALL`).
        ///
        /// Python: `socket.AI_ALL`.
        public static var all: Flags { Flags(rawValue: AI_ALL) }
    }

    /// `getnameinfo` flags.
    ///
    /// Python: `socket.NI_NUMERICHOST`, `socket.NI_NAMEREQD`...
    public struct NameInfoFlags: OptionSet, Hashable, Sendable {
        /// The `NI_` bits.
        ///
        /// Python: the integer `flags`.
        public let rawValue: Int32
        /// Flags from `NI_` bits.
        ///
        /// Python: `socket.NI_NUMERICHOST | socket.NI_NUMERICSERV`.
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// The host as numeric text, no reverse lookup (`NI_NUMERICHOST`).
        ///
        /// Python: `socket.NI_NUMERICHOST`.
        public static var numericHost: NameInfoFlags { NameInfoFlags(rawValue: NI_NUMERICHOST) }
        /// The port as a number, not a service name (`NI_NUMERICSERV`).
        ///
        /// Python: `socket.NI_NUMERICSERV`.
        public static var numericService: NameInfoFlags { NameInfoFlags(rawValue: NI_NUMERICSERV) }
        /// Fail rather than return numeric text when the host has no name (`NI_NAMEREQD`).
        ///
        /// Python: `socket.NI_NAMEREQD`.
        public static var nameRequired: NameInfoFlags { NameInfoFlags(rawValue: NI_NAMEREQD) }
        /// Only the host part of local names (`NI_NOFQDN`).
        ///
        /// Python: `socket.NI_NOFQDN`.
        public static var noFullyQualifiedDomain: NameInfoFlags { NameInfoFlags(rawValue: NI_NOFQDN) }
        /// Look the service up as UDP (`NI_DGRAM`).
        ///
        /// Python: `socket.NI_DGRAM`.
        public static var datagram: NameInfoFlags { NameInfoFlags(rawValue: NI_DGRAM) }
    }

    /// Looks up the addresses of a host and service.
    ///
    /// Python: `socket.getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)`.
    /// - Parameters:
    ///   - host: A name or numeric address; nil for the local (or, with ``Flags/passive``, wildcard) address.
    ///   - service: A service name (`"http"`) or port number text; nil for port 0.
    ///   - family: Only this family; nil for any.
    ///   - type: Only this socket type; nil for any.
    ///   - protocol: Only this protocol number; 0 for any.
    ///   - flags: `AI_` flags.
    /// - Returns: The results in the C library's order of preference.
    /// - Throws: ``ResolverError`` for `resolve`, e.g. `EAI_NONAME` for an unknown name.
    public static func addressInfo(
        host: String?, service: String?, family: Socket.Family? = nil, type: Socket.Kind? = nil,
        protocol: Int32 = 0, flags: Flags = []
    ) throws(ResolverError) -> [AddressInfo] {
        let result = system_getaddrinfo(
            host: host, service: service, family: family?.rawValue ?? AF_UNSPEC, type: type?.rawValue ?? 0,
            protocol: `protocol`, flags: flags.rawValue)
        guard result.code == 0 else {
            let subject = [host, service].compactMap { $0 }.joined(separator: ":")
            throw ResolverError(code: result.code, operation: "resolve", subject: subject, systemErrno: result.errno)
        }
        return result.entries
    }

    /// Looks up the addresses of a host for a port number.
    ///
    /// Python: `socket.getaddrinfo(host, port)` with an integer port.
    /// - Throws: ``ResolverError`` for `resolve`.
    public static func addressInfo(
        host: String?, port: UInt16, family: Socket.Family? = nil, type: Socket.Kind? = nil,
        protocol: Int32 = 0, flags: Flags = []
    ) throws(ResolverError) -> [AddressInfo] {
        try addressInfo(
            host: host, service: String(port), family: family, type: type, protocol: `protocol`,
            flags: flags.union(.numericService))
    }

    /// The first address `getaddrinfo` gives for `host` (and `port`, when given), for one socket type
    /// (which skips duplicates).
    ///
    /// - Throws: ``ResolverError`` for `resolve`; `EAI_NONAME` when there are no results, naming `host`,
    ///   or `host:port` with a port, as `addressInfo` names its own failures.
    static func firstAddress(
        of host: String, port: UInt16?, family: Socket.Family?, type: Socket.Kind = .stream
    ) throws(ResolverError) -> SocketAddress {
        let results =
            if let port {
                try addressInfo(host: host, port: port, family: family, type: type)
            } else {
                try addressInfo(host: host, service: nil, family: family, type: type)
            }
        guard let first = results.first else {
            throw ResolverError(code: EAI_NONAME, operation: "resolve", subject: port.map { "\(host):\($0)" } ?? host)
        }
        return first.address
    }

    /// Looks up the host and service names of an address (a reverse lookup unless told otherwise).
    ///
    /// Python: `socket.getnameinfo(sockaddr, flags)`; `socket.gethostbyaddr` for the host alone.
    /// - Returns: The host name (or numeric text) and the service name (or port number text).
    /// - Throws: ``ResolverError`` for `nameinfo` (`EAI_NONAME` with ``NameInfoFlags/nameRequired``
    ///   when the address has no name; `EAI_FAMILY` for a Unix address).
    public static func nameInfo(address: SocketAddress, flags: NameInfoFlags = []) throws(ResolverError) -> (host: String, service: String) {
        let (code, savedErrno, host, service) = system_getnameinfo(address, flags: flags.rawValue)
        guard code == 0 else {
            throw ResolverError(code: code, operation: "nameinfo", subject: address.description, systemErrno: savedErrno)
        }
        return (host, service)
    }

    /// This machine's host name.
    ///
    /// Python: `socket.gethostname()`.
    public static func hostname() -> String {
        system_gethostname()
    }
}

extension SocketAddress {
    /// Resolves a host name (or numeric text) and port to the first address the resolver prefers.
    ///
    /// Python: what `bind(('localhost', 10000))` and `connect(...)` do with a host name.
    /// - Parameters:
    ///   - host: A host name or numeric address text.
    ///   - port: The port.
    ///   - family: Only this family (a socket's own, usually); nil for any.
    ///   - type: The socket type the address is for (default stream), which avoids duplicate results.
    /// - Throws: ``ResolverError`` for `resolve`.
    public static func resolve(
        host: String, port: UInt16, family: Socket.Family? = nil, type: Socket.Kind = .stream
    ) throws(ResolverError) -> SocketAddress {
        try Resolver.firstAddress(of: host, port: port, family: family, type: type)
    }
}
