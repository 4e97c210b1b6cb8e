import Glibc

// The raw side of `SocketAddress`: `sockaddr_storage` plus its length, exactly as the kernel reads and
// writes it, so that a `recvfrom` -> `sendto` round trip (the UDP echo hot path) converts nothing.

extension SocketAddress {
    /// An empty address (family `AF_UNSPEC`), with room for any family: to be filled in, by
    /// ``Socket/receiveFrom(into:sender:flags:)`` for example.
    ///
    /// Python: none (`recvfrom` returns a new tuple each time).
    public init() {
        self.init(storage: sockaddr_storage(), length: 0)
    }

    /// Lends the address to a C call as `(const struct sockaddr *, socklen_t)`.
    @inlinable @inline(__always)
    internal func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// Lends the address to a C call that fills it in (`accept`, `recvfrom`, `getsockname`).
    ///
    /// The length is set to the full capacity before the call and holds the kernel's length after it.
    @inlinable @inline(__always)
    internal mutating func withMutableSockAddr<R>(
        _ body: (UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> R
    ) -> R {
        let capacity = socklen_t(MemoryLayout<sockaddr_storage>.size)
        length = capacity
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddr in
                withUnsafeMutablePointer(to: &length) { body(sockaddr, $0) }
            }
        }
        // The kernel reports the full length of an address it had to truncate: never trust it past capacity.
        if _slowPath(length > capacity) { length = capacity }
        return result
    }

    /// Copies a kernel- or getaddrinfo-supplied address.
    internal init(copying pointer: UnsafePointer<sockaddr>, length: socklen_t) {
        var storage = sockaddr_storage()
        let count = min(Int(length), MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutableBytes(of: &storage) { destination in
            destination.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: count))
        }
        self.init(storage: storage, length: socklen_t(count))
    }

    /// The address family stored in the first field (`AF_UNSPEC` when empty).
    internal var rawFamily: Int32 {
        length < MemoryLayout<sa_family_t>.size ? AF_UNSPEC : Int32(storage.ss_family)
    }

    // MARK: IPv4 and IPv6

    /// Parses dotted-quad text with `inet_pton`; nil when it is not one.
    internal static func makeIPv4(_ text: String, port: UInt16) -> SocketAddress? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return makeIPv4(address: address, port: port)
    }

    /// Parses IPv6 text with `inet_pton`; nil when it is not one.
    internal static func makeIPv6(_ text: String, port: UInt16, flowInfo: UInt32, scopeID: UInt32) -> SocketAddress? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return makeIPv6(address: address, port: port, flowInfo: flowInfo, scopeID: scopeID)
    }

    /// An IPv4 address from its 32-bit value (host byte order), for `IPv4Address`.
    internal static func makeIPv4(value: UInt32, port: UInt16) -> SocketAddress {
        makeIPv4(address: in_addr(s_addr: value.bigEndian), port: port)
    }

    /// An IPv6 address from its 128-bit value (host byte order), for `IPv6Address`.
    internal static func makeIPv6(value: UInt128, port: UInt16, flowInfo: UInt32, scopeID: UInt32) -> SocketAddress {
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { bytes in
            for index in 0..<16 { bytes[index] = UInt8(truncatingIfNeeded: value >> (8 * (15 - index))) }
        }
        return makeIPv6(address: address, port: port, flowInfo: flowInfo, scopeID: scopeID)
    }

    /// A `sockaddr_in` for an address already in network byte order.
    private static func makeIPv4(address: in_addr, port: UInt16) -> SocketAddress {
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = port.bigEndian
        socketAddress.sin_addr = address
        return SocketAddress(copyingStruct: socketAddress)
    }

    /// A `sockaddr_in6` for an address already in network byte order; the flow information is
    /// given in host byte order, the scope ID as the interface index.
    private static func makeIPv6(address: in6_addr, port: UInt16, flowInfo: UInt32, scopeID: UInt32) -> SocketAddress {
        var socketAddress = sockaddr_in6()
        socketAddress.sin6_family = sa_family_t(AF_INET6)
        socketAddress.sin6_port = port.bigEndian
        socketAddress.sin6_flowinfo = flowInfo.bigEndian
        socketAddress.sin6_scope_id = scopeID
        socketAddress.sin6_addr = address
        return SocketAddress(copyingStruct: socketAddress)
    }

    /// The IPv4 address as a 32-bit value in host byte order; nil for other families.
    internal var rawIPv4Value: UInt32? {
        rawFamily == AF_INET ? withIPv4 { UInt32(bigEndian: $0.sin_addr.s_addr) } : nil
    }

    /// The IPv6 address as a 128-bit value in host byte order; nil for other families.
    internal var rawIPv6Value: UInt128? {
        guard rawFamily == AF_INET6 else { return nil }
        return withIPv6 { address in
            withUnsafeBytes(of: address.sin6_addr) { $0.reduce(UInt128(0)) { $0 << 8 | UInt128($1) } }
        }
    }

    /// The interface name for an IPv6 scope index (`if_indextoname`); nil if no interface has it.
    internal static func scopeName(_ index: UInt32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(IF_NAMESIZE) + 1)
        return buffer.withUnsafeMutableBufferPointer { pointer in
            if_indextoname(index, pointer.baseAddress!).map { String(cString: $0) }
        }
    }

    /// The interface index for an IPv6 scope given as a name (`eth0`) or a number (`2`); nil if unknown.
    internal static func scopeIndex(_ scope: String) -> UInt32? {
        if let number = UInt32(scope) { return number }
        let index = if_nametoindex(scope)
        return index == 0 ? nil : index
    }

    private init<T>(copyingStruct value: T) {
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { destination in
            withUnsafeBytes(of: value) { destination.copyMemory(from: $0) }
        }
        self.init(storage: storage, length: socklen_t(MemoryLayout<T>.size))
    }

    private func withIPv4<R>(_ body: (sockaddr_in) -> R) -> R {
        withUnsafeBytes(of: storage) { body($0.load(as: sockaddr_in.self)) }
    }

    private func withIPv6<R>(_ body: (sockaddr_in6) -> R) -> R {
        withUnsafeBytes(of: storage) { body($0.load(as: sockaddr_in6.self)) }
    }

    /// The port in host byte order (IPv4 and IPv6 only).
    internal var rawPort: UInt16? {
        switch rawFamily {
        case AF_INET: withIPv4 { UInt16(bigEndian: $0.sin_port) }
        case AF_INET6: withIPv6 { UInt16(bigEndian: $0.sin6_port) }
        default: nil
        }
    }

    /// The numeric host text from `inet_ntop` (IPv4 and IPv6 only), without a scope suffix.
    internal var rawHost: String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch rawFamily {
        case AF_INET:
            var address = withIPv4 { $0.sin_addr }
            guard inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        case AF_INET6:
            var address = withIPv6 { $0.sin6_addr }
            guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        default:
            return nil
        }
        return cString(buffer)
    }

    /// IPv6 flow information in host byte order.
    internal var rawFlowInfo: UInt32? {
        rawFamily == AF_INET6 ? withIPv6 { UInt32(bigEndian: $0.sin6_flowinfo) } : nil
    }

    /// IPv6 scope (interface index).
    internal var rawScopeID: UInt32? {
        rawFamily == AF_INET6 ? withIPv6 { $0.sin6_scope_id } : nil
    }

    // MARK: Unix

    /// Offset of `sun_path` in `sockaddr_un` (2 on Linux).
    internal static var unixPathOffset: Int { MemoryLayout<sa_family_t>.size }

    /// Capacity of `sun_path` (108 on Linux).
    internal static var unixPathCapacity: Int { MemoryLayout<sockaddr_un>.size - unixPathOffset }

    /// Builds a `sockaddr_un` from path bytes already checked to fit. A leading NUL makes an abstract name,
    /// whose length counts no terminator; a filesystem path's length counts its NUL, as the kernel reports it.
    internal static func makeUnix(pathBytes: [UInt8]) -> SocketAddress {
        var storage = sockaddr_storage()
        storage.ss_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage) { raw in
            for (index, byte) in pathBytes.enumerated() { raw[unixPathOffset + index] = byte }
        }
        let isAbstract = pathBytes.first == 0
        let length = unixPathOffset + pathBytes.count + (isAbstract ? 0 : 1)
        return SocketAddress(storage: storage, length: socklen_t(length))
    }

    /// The bytes of `sun_path` as the length says: up to the first NUL for a filesystem path, all of them
    /// (leading NUL included) for an abstract name, none for an unnamed socket.
    internal var rawUnixPathBytes: [UInt8]? {
        guard rawFamily == AF_UNIX else { return nil }
        let count = max(0, min(Int(length) - Self.unixPathOffset, Self.unixPathCapacity))
        return withUnsafeBytes(of: storage) { raw in
            let bytes = raw[Self.unixPathOffset..<(Self.unixPathOffset + count)]
            if bytes.first == 0 { return Array(bytes) }
            return Array(bytes.prefix { $0 != 0 })
        }
    }

    // MARK: Equality over the bytes the length covers

    internal static func rawEqual(_ lhs: SocketAddress, _ rhs: SocketAddress) -> Bool {
        guard lhs.length == rhs.length else { return false }
        return withUnsafeBytes(of: lhs.storage) { left in
            withUnsafeBytes(of: rhs.storage) { right in
                memcmp(left.baseAddress!, right.baseAddress!, Int(lhs.length)) == 0
            }
        }
    }

    internal func rawHash(into hasher: inout Hasher) {
        hasher.combine(length)
        withUnsafeBytes(of: storage) { raw in
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[0..<Int(length)]))
        }
    }
}

// MARK: Multicast membership requests

/// Wraps `setsockopt(IP_ADD_MEMBERSHIP / IP_DROP_MEMBERSHIP)` with an `ip_mreqn`.
internal func system_setMembership(
    _ fd: Int32, ipv4Group group: SocketAddress, interfaceIndex: UInt32, join: Bool
) -> SyscallResult<Int32> {
    var request = ip_mreqn()
    request.imr_multiaddr = withUnsafeBytes(of: group.storage) { $0.load(as: sockaddr_in.self).sin_addr }
    request.imr_ifindex = Int32(bitPattern: interfaceIndex)
    return system_setsockopt(fd, Int32(IPPROTO_IP), join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, bytesOf: request)
}

/// Wraps `setsockopt(IPV6_JOIN_GROUP / IPV6_LEAVE_GROUP)` with an `ipv6_mreq`.
internal func system_setMembership(
    _ fd: Int32, ipv6Group group: SocketAddress, interfaceIndex: UInt32, join: Bool
) -> SyscallResult<Int32> {
    var request = ipv6_mreq()
    request.ipv6mr_multiaddr = withUnsafeBytes(of: group.storage) { $0.load(as: sockaddr_in6.self).sin6_addr }
    request.ipv6mr_interface = interfaceIndex
    return system_setsockopt(fd, Int32(IPPROTO_IPV6), join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP, bytesOf: request)
}

/// Wraps `setsockopt(IP_MULTICAST_IF)` with an `ip_mreqn` naming the interface by index.
internal func system_setMulticastInterface(_ fd: Int32, ipv4InterfaceIndex: UInt32) -> SyscallResult<Int32> {
    var request = ip_mreqn()
    request.imr_ifindex = Int32(bitPattern: ipv4InterfaceIndex)
    return system_setsockopt(fd, Int32(IPPROTO_IP), IP_MULTICAST_IF, bytesOf: request)
}
