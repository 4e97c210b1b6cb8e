/// An IPv6 address: 128 bits, written as eight hexadecimal groups (`fdfd:87b5::14aa`),
/// optionally with a scope ID naming the zone of a link-local address (`fe80::1%eth0`).
///
/// Text is read in any form Python accepts (`::`, leading zeros in groups, upper case, an
/// IPv4 tail as in `::ffff:1.2.3.4`) and written in the RFC 5952 form Python 3.11 writes.
/// Two addresses are equal when value and scope ID are equal (the scope ID byte for byte);
/// ordering is by value, then by scope ID (no scope first).
///
/// ```swift
/// let address = try IPv6Address("fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa")
/// address.isPrivate                        // true
/// try IPv6Address("::ffff:1.2.3.4").ipv4Mapped  // 1.2.3.4
/// ```
///
/// Python: `ipaddress.IPv6Address`.
public struct IPv6Address: IPAddressProtocol {
    /// The address as an integer in host order.
    ///
    /// Python: `int(address)`.
    public let value: UInt128

    /// The zone of the address, the text after `%` (`"eth0"` in `fe80::1%eth0`), or nil.
    ///
    /// Python: `IPv6Address.scope_id`.
    public let scopeID: String?

    /// The IP version: 6.
    ///
    /// Python: `IPv6Address.version`.
    public static var version: Int { 6 }

    /// The address whose integer value is `value`, without a scope ID.
    ///
    /// Python: `IPv6Address(int)`.
    @inlinable
    public init(_ value: UInt128) {
        self.value = value
        self.scopeID = nil
    }

    /// Parses IPv6 text, with an optional `%scope` suffix.
    ///
    /// Python: `IPv6Address(str)`.
    /// - Throws: ``IPAddressError/unexpectedSlash(_:)``, ``IPAddressError/invalidScopeID(_:)``, or the
    ///   first structural or group error, in Python's order (see ``IPAddressError``).
    public init(_ text: String) throws(IPAddressError) {
        let bytes = text.utf8[...]
        guard !bytes.contains(UInt8(ascii: "/")) else { throw .unexpectedSlash(text) }
        try self.init(bytes: bytes, input: text)
    }

    /// The same address with `scopeID` as its zone (nil removes it).
    ///
    /// Python: none (Python sets a scope only by parsing `"addr%scope"`).
    /// - Throws: ``IPAddressError/invalidScopeID(_:)`` if `scopeID` is empty or contains `%` or `/`,
    ///   which could not be parsed back.
    public func withScopeID(_ scopeID: String?) throws(IPAddressError) -> IPv6Address {
        guard let scopeID else { return IPv6Address(value) }
        guard !scopeID.isEmpty, !scopeID.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "/") })
        else { throw .invalidScopeID(IPv6Address(value).description + "%" + scopeID) }
        return IPv6Address(value: value, scopeID: scopeID)
    }

    init(value: UInt128, scopeID: String?) {
        self.value = value
        self.scopeID = scopeID
    }

    /// Whether the address is in `ff00::/8` (RFC 2373 2.7).
    ///
    /// Python: `IPv6Address.is_multicast`.
    public var isMulticast: Bool { IPv6Blocks.multicast.contains(value) }

    /// Whether the address is in one of the IETF reserved blocks (`::/8`, `100::/8`, `200::/7`, …, `fe00::/9`).
    ///
    /// Python: `IPv6Address.is_reserved`.
    public var isReserved: Bool { IPv6Blocks.reserved.contains { $0.contains(value) } }

    /// Whether the address is in `fe80::/10` (RFC 4291).
    ///
    /// Python: `IPv6Address.is_link_local`.
    public var isLinkLocal: Bool { IPv6Blocks.linkLocal.contains(value) }

    /// Whether the address is in the deprecated site-local block `fec0::/10` (RFC 3879).
    ///
    /// Python: `IPv6Address.is_site_local`.
    public var isSiteLocal: Bool { IPv6Blocks.siteLocal.contains(value) }

    /// Whether the address is `::`.
    ///
    /// Python: `IPv6Address.is_unspecified`.
    public var isUnspecified: Bool { value == 0 }

    /// Whether the address is `::1`.
    ///
    /// Python: `IPv6Address.is_loopback`.
    public var isLoopback: Bool { value == 1 }

    /// Whether the address is private: for an IPv4-mapped address, whether the IPv4 address is;
    /// otherwise whether it lies in one of the IANA IPv6 special-purpose blocks Python 3.11 lists
    /// (`::1`, `::`, `::ffff:0:0/96`, `100::/64`, `2001::/23`, `2001:db8::/32`, `fc00::/7`, `fe80::/10`, …).
    ///
    /// Python: `IPv6Address.is_private`.
    public var isPrivate: Bool {
        if let ipv4Mapped { return ipv4Mapped.isPrivate }
        return IPv6Blocks.private.contains { $0.contains(value) }
    }

    /// Whether the address is not private.
    ///
    /// Python: `IPv6Address.is_global`.
    public var isGlobal: Bool { !isPrivate }

    /// The IPv4 address inside an IPv4-mapped address (`::ffff:a.b.c.d`), or nil.
    ///
    /// Python: `IPv6Address.ipv4_mapped`.
    public var ipv4Mapped: IPv4Address? {
        value >> 32 == 0xFFFF ? IPv4Address(UInt32(truncatingIfNeeded: value)) : nil
    }

    /// The IPv4 address inside a 6to4 address (`2002:aabb:ccdd::/48`, RFC 3056), or nil.
    ///
    /// Python: `IPv6Address.sixtofour`.
    public var sixToFour: IPv4Address? {
        value >> 112 == 0x2002 ? IPv4Address(UInt32(truncatingIfNeeded: value >> 80)) : nil
    }

    /// The Teredo server and client IPv4 addresses inside a `2001::/32` address (RFC 4380), or nil.
    ///
    /// Python: `IPv6Address.teredo`.
    public var teredo: (server: IPv4Address, client: IPv4Address)? {
        guard value >> 96 == 0x2001_0000 else { return nil }
        return (IPv4Address(UInt32(truncatingIfNeeded: value >> 64)), IPv4Address(~UInt32(truncatingIfNeeded: value)))
    }

    /// Whether the two addresses have the same value and the same scope ID, byte for byte.
    ///
    /// Python: `IPv6Address.__eq__`. Scope IDs compare by their UTF-8 bytes, as Python's `str`
    /// comparison does; Swift's `String ==` would find `"é"` and `"e\u{301}"` equal.
    public static func == (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        lhs.value == rhs.value && scopeOrder(lhs.scopeID, rhs.scopeID) == .same
    }

    /// Hashes the value and the scope ID's UTF-8 bytes, consistently with ``==(_:_:)``.
    ///
    /// Python: `IPv6Address.__hash__` (which hashes the scope ID too).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        guard let scopeID else { return hasher.combine(0 as UInt8) }
        hasher.combine(1 as UInt8)
        hasher.combine(scopeID.utf8.count)
        for byte in scopeID.utf8 { hasher.combine(byte) }
    }

    /// Orders by value, then by scope ID (an address without one first, then by UTF-8 bytes).
    ///
    /// Python: `IPv6Address.__lt__` compares values only, so Python finds neither of `fe80::1%a`
    /// and `fe80::1%b` smaller, yet not equal; Swift's `Comparable` needs a total order.
    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        if lhs.value != rhs.value { return lhs.value < rhs.value }
        return scopeOrder(lhs.scopeID, rhs.scopeID) == .ascending
    }

    private enum ScopeOrder { case ascending, same, descending }

    /// Compares two scope IDs by their UTF-8 bytes; no scope sorts first.
    private static func scopeOrder(_ lhs: String?, _ rhs: String?) -> ScopeOrder {
        switch (lhs, rhs) {
        case (nil, nil): return .same
        case (nil, .some): return .ascending
        case (.some, nil): return .descending
        case (.some(let l), .some(let r)):
            if l.utf8.elementsEqual(r.utf8) { return .same }
            return l.utf8.lexicographicallyPrecedes(r.utf8) ? .ascending : .descending
        }
    }
}
