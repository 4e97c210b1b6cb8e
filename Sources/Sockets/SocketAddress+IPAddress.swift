import IPAddress

// SocketAddress <-> the IPAddress module's values, and the membership test a server's
// allow-list needs. The sockaddr bytes are built and read in Internal/SocketAddress+Storage.swift.

extension SocketAddress {
    /// The IPv4 socket address `address:port`.
    ///
    /// Python: the `(str(address), port)` tuple for `AF_INET`.
    public init(_ address: IPv4Address, port: UInt16) {
        self = SocketAddress.makeIPv4(value: address.value, port: port)
    }

    /// The IPv6 socket address `[address]:port`. A scope ID becomes the interface index: a
    /// number is taken as it is, a name (`eth0`) is looked up with `if_nametoindex`, as
    /// ``init(ipv6:port:flowInfo:scopeID:)`` does for `%scope` text.
    ///
    /// Python: the `(str(address), port, flowinfo, scope_id)` tuple for `AF_INET6`.
    /// - Parameters:
    ///   - address: The address, with or without a scope ID.
    ///   - port: The port.
    ///   - flowInfo: The IPv6 flow information (host byte order).
    /// - Throws: ``SocketAddressError/unknownScope(_:)`` when the scope ID names no interface.
    public init(_ address: IPv6Address, port: UInt16, flowInfo: UInt32 = 0) throws(SocketAddressError) {
        var scope: UInt32 = 0
        if let name = address.scopeID {
            guard let index = SocketAddress.scopeIndex(name) else { throw .unknownScope(name) }
            scope = index
        }
        self = SocketAddress.makeIPv6(value: address.value, port: port, flowInfo: flowInfo, scopeID: scope)
    }

    /// The socket address of either family for `address:port`.
    ///
    /// Python: the address tuple for `ip_address(...)` and a port.
    /// - Throws: ``SocketAddressError/unknownScope(_:)`` for an IPv6 scope ID that names no interface.
    public init(_ address: AnyIPAddress, port: UInt16) throws(SocketAddressError) {
        switch address {
        case .v4(let address): self.init(address, port: port)
        case .v6(let address): try self.init(address, port: port)
        }
    }

    /// The IP address without the port; nil for Unix and other families.
    ///
    /// An IPv6 scope (interface index) comes back as the interface's name (`fe80::1%eth0`), or as
    /// the number if no interface has that index, as Python's `getnameinfo` reports it. An IPv4
    /// client of a dual-stack IPv6 socket stays IPv4-mapped (`::ffff:10.0.0.1`), as in Python.
    ///
    /// Python: `ipaddress.ip_address(client_address[0])`.
    public var ipAddress: AnyIPAddress? {
        if let value = rawIPv4Value { return .v4(IPv4Address(value)) }
        guard let value = rawIPv6Value else { return nil }
        let address = IPv6Address(value)
        guard let index = rawScopeID, index != 0 else { return .v6(address) }
        // A name the IPv6 parser could not read back (Linux allows `%` in one) falls back to the number.
        let scoped = SocketAddress.scopeName(index).flatMap { try? address.withScopeID($0) }
        return .v6(scoped ?? (try? address.withScopeID(String(index))) ?? address)
    }
}

extension IPv4Network {
    /// Whether the peer `address` is on this network: an IPv4 socket address, or the IPv4-mapped
    /// IPv6 form (`::ffff:10.0.0.1`) in which a dual-stack socket reports IPv4 clients. The port
    /// is ignored; Unix and other families are never on it.
    ///
    /// Python: `ipaddress.ip_address(client_address[0]) in network`, except that Python answers
    /// false for the IPv4-mapped form, so an IPv4 allow-list there silently refuses (and a block
    /// list silently admits) every IPv4 client of a dual-stack server.
    public func contains(_ address: SocketAddress) -> Bool {
        if let value = address.rawIPv4Value { return contains(IPv4Address(value)) }
        guard let mapped = address.rawIPv6Value.flatMap({ IPv6Address($0).ipv4Mapped }) else { return false }
        return contains(mapped)
    }
}

extension IPv6Network {
    /// Whether the peer `address` is an IPv6 socket address on this network (scope and port ignored).
    ///
    /// Python: `ipaddress.ip_address(client_address[0]) in network`.
    public func contains(_ address: SocketAddress) -> Bool {
        address.rawIPv6Value.map { contains(IPv6Address($0)) } ?? false
    }
}

extension AnyIPNetwork {
    /// Whether the peer `address` is on this network; an IPv4 network also takes the IPv4-mapped
    /// form of a dual-stack socket (see `IPv4Network.contains(_:)`). An allow-list reads
    /// `allowed.contains { $0.contains(clientAddress) }`.
    ///
    /// Python: `ipaddress.ip_address(client_address[0]) in network`.
    public func contains(_ address: SocketAddress) -> Bool {
        switch self {
        case .v4(let network): network.contains(address)
        case .v6(let network): network.contains(address)
        }
    }
}
