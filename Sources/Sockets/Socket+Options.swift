import Glibc

extension Socket {
    /// Reads an option.
    ///
    /// Python: `socket.getsockopt(level, optname)`.
    /// - Returns: The option's value, for example `try socket.option(.noDelay)`.
    /// - Throws: ``SocketError`` from `getsockopt` (`ENOPROTOOPT` for an option the socket lacks).
    public func option<Value>(_ option: SocketOption<Value>) throws(SocketError) -> Value {
        let fd = try openDescriptor("getsockopt")
        let (result, value) = system_getsockopt(fd, option.level, option.name)
        if result.failed { throw Socket.error(result.errno, "getsockopt") }
        return Value(socketOptionValue: value)
    }

    /// Sets an option, for example `try socket.setOption(.reuseAddress, true)`.
    ///
    /// Python: `socket.setsockopt(level, optname, value)`.
    /// - Throws: ``SocketError`` from `setsockopt` (`ENOPROTOOPT`, `EINVAL`...).
    public func setOption<Value>(_ option: SocketOption<Value>, _ value: Value) throws(SocketError) {
        let fd = try openDescriptor("setsockopt")
        let result = system_setsockopt(fd, option.level, option.name, value.socketOptionValue)
        if result.failed { throw Socket.error(result.errno, "setsockopt") }
    }

    /// Joins a multicast group on an interface (index 0: the kernel chooses).
    ///
    /// Python: `setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq)` (or `IPPROTO_IPV6, IPV6_JOIN_GROUP`).
    /// - Parameters:
    ///   - group: The group's address (the port is ignored), IPv4 or IPv6 as the socket.
    ///   - interfaceIndex: The interface index (`if_nametoindex`), 0 for any.
    /// - Throws: ``SocketError`` from `setsockopt` with the group address (`EINVAL` for a non-multicast
    ///   address, `EAFNOSUPPORT` for a Unix address, `ENODEV` when no interface routes multicast).
    public func joinMulticastGroup(_ group: SocketAddress, interfaceIndex: UInt32 = 0) throws(SocketError) {
        try changeMembership(group, interfaceIndex: interfaceIndex, join: true)
    }

    /// Leaves a multicast group joined with ``joinMulticastGroup(_:interfaceIndex:)``.
    ///
    /// Python: `setsockopt(IPPROTO_IP, IP_DROP_MEMBERSHIP, mreq)` (or `IPV6_LEAVE_GROUP`).
    /// - Throws: ``SocketError`` from `setsockopt` with the group address (`EADDRNOTAVAIL` when not joined).
    public func leaveMulticastGroup(_ group: SocketAddress, interfaceIndex: UInt32 = 0) throws(SocketError) {
        try changeMembership(group, interfaceIndex: interfaceIndex, join: false)
    }

    /// Chooses the interface outgoing multicast datagrams leave by (0: the routing table decides).
    ///
    /// Python: `setsockopt(IPPROTO_IP, IP_MULTICAST_IF, ...)` (or `IPPROTO_IPV6, IPV6_MULTICAST_IF`).
    /// - Throws: ``SocketError`` from `setsockopt` (`ENODEV` for an unknown index, `ENOPROTOOPT` on a
    ///   Unix socket).
    public func setMulticastInterface(_ interfaceIndex: UInt32) throws(SocketError) {
        let fd = try openDescriptor("setsockopt")
        let result = family == .ipv6
            ? system_setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_MULTICAST_IF, Int32(bitPattern: interfaceIndex))
            : system_setMulticastInterface(fd, ipv4InterfaceIndex: interfaceIndex)
        if result.failed { throw Socket.error(result.errno, "setsockopt") }
    }

    private func changeMembership(_ group: SocketAddress, interfaceIndex: UInt32, join: Bool) throws(SocketError) {
        let fd = try openDescriptor("setsockopt", group)
        let result: SyscallResult<Int32>
        switch group.family {
        case .ipv4:
            result = system_setMembership(fd, ipv4Group: group, interfaceIndex: interfaceIndex, join: join)
        case .ipv6:
            result = system_setMembership(fd, ipv6Group: group, interfaceIndex: interfaceIndex, join: join)
        default:
            throw Socket.error(EAFNOSUPPORT, "setsockopt", group)
        }
        if result.failed { throw Socket.error(result.errno, "setsockopt", group) }
    }
}
