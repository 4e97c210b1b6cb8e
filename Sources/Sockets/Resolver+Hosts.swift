import Glibc

extension Resolver {
    /// The first IPv4 address of a host, as dotted-quad text.
    ///
    /// Numeric text comes back as it is, without a lookup.
    ///
    /// Python: `socket.gethostbyname(host)`.
    /// - Throws: ``ResolverError`` for `resolve` (`getaddrinfo`): `[Errno -2] Name or service not known`
    ///   for `nosuchname`, as ``ResolverError/pythonDescription`` prints it.
    public static func ipv4Address(ofHost host: String) throws(ResolverError) -> String {
        try firstAddress(of: host, port: nil, family: .ipv4).host ?? ""
    }

    /// The host database's entry for a host name: its official name, aliases and IPv4 addresses.
    ///
    /// The name is first resolved as `gethostbyname` does, so an unknown name fails the same way.
    ///
    /// Python: `socket.gethostbyname_ex(host)`.
    /// - Throws: ``ResolverError`` for `resolve` when the name does not resolve; for `gethostbyname`
    ///   (``ResolverError/Source/hostDatabase``) when it resolves but has no host entry.
    public static func hostEntry(named host: String) throws(ResolverError) -> HostEntry {
        _ = try firstAddress(of: host, port: nil, family: .ipv4)
        switch system_gethostbyname(host, family: AF_INET) {
        case let .found(entry): return entry
        case let .failed(hostErrno):
            throw ResolverError(code: hostErrno, operation: "gethostbyname", subject: host, source: .hostDatabase)
        }
    }

    /// The host database's entry for an address: a reverse lookup, with aliases and addresses.
    ///
    /// A name is accepted too; its first address is looked up.
    ///
    /// Python: `socket.gethostbyaddr(ip_address)`.
    /// - Throws: ``ResolverError`` for `resolve` when `address` is a name that does not resolve; for
    ///   `gethostbyaddr` (``ResolverError/Source/hostDatabase``) when the address has no name:
    ///   `[Errno 1] Unknown host` in Python's words.
    public static func hostEntry(forAddress address: String) throws(ResolverError) -> HostEntry {
        let resolved = try firstAddress(of: address, port: nil, family: nil)
        switch system_gethostbyaddr(resolved) {
        case let .found(entry): return entry
        case let .failed(hostErrno):
            throw ResolverError(code: hostErrno, operation: "gethostbyaddr", subject: address, source: .hostDatabase)
        }
    }

    /// A fully qualified domain name for `name` (this host when empty, `0.0.0.0` or `::`): the first
    /// name with a dot among the reverse entry's name and aliases, else its name; `name` itself when
    /// there is no entry. Never fails.
    ///
    /// Python: `socket.getfqdn(name='')`.
    public static func fullyQualifiedName(_ name: String = "") -> String {
        var name = String(name.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        if name.isEmpty || name == "0.0.0.0" || name == "::" { name = hostname() }
        guard let entry = try? hostEntry(forAddress: name) else { return name }
        return ([entry.name] + entry.aliases).first { $0.contains(".") } ?? entry.name
    }
}
