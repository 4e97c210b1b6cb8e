/// An IPv6 network: a network address and a prefix length, `fdfd:87b5:b475:5e3e::/64`.
///
/// Masks, the broadcast address, membership, subnets and lazy iteration come from
/// ``IPNetworkProtocol``. As in Python 3.11, a scope ID written on the network address
/// (`fe80::%eth0/64`) is kept, but only when no host bits had to be cleared.
///
/// ```swift
/// let network = try IPv6Network("fdfd:87b5:b475:5e3e::/64")
/// network.numAddresses                  // 18446744073709551616
/// Array(network.hosts().prefix(2))      // [fdfd:87b5:b475:5e3e::1, fdfd:87b5:b475:5e3e::2]
/// ```
///
/// Python: `ipaddress.IPv6Network`.
public struct IPv6Network: IPNetworkProtocol {
    /// The first address of the network, with no host bits set.
    ///
    /// Python: `network.network_address`.
    public let networkAddress: IPv6Address

    /// The number of leading one bits in the netmask, 0...128.
    ///
    /// Python: `network.prefixlen`.
    public let prefixLength: Int

    /// The network `address/prefixLength`.
    ///
    /// Python: `IPv6Network((address, prefixlen), strict)`.
    /// - Throws: ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``; with `strict`,
    ///   ``IPAddressError/hostBitsSet(_:)`` if `address` has bits set beyond the prefix.
    public init(address: IPv6Address, prefixLength: Int, strict: Bool = true) throws(IPAddressError) {
        networkAddress = try .networkAddress(of: address, prefixLength: prefixLength, strict: strict)
        self.prefixLength = prefixLength
    }

    /// Parses `2001:db8::/32`; a bare address is a /128. IPv6 takes no netmask form (as in
    /// Python 3.11). With `strict: false` host bits are cleared.
    ///
    /// Python: `IPv6Network(str, strict)`.
    /// - Throws: the address errors, ``IPAddressError/multipleSlashes(_:)``,
    ///   ``IPAddressError/invalidNetmask(_:mask:)``, ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``,
    ///   and with `strict`, ``IPAddressError/hostBitsSet(_:)``.
    public init(_ text: String, strict: Bool = true) throws(IPAddressError) {
        let (address, prefixLength) = try NetworkText.parse(text, as: IPv6Address.self)
        try self.init(address: address, prefixLength: prefixLength, strict: strict)
    }

    /// The number of addresses, `2^(128 − prefixLength)`; nil only for a /0, whose 2^128
    /// addresses do not fit in `UInt128`.
    ///
    /// Python: `network.num_addresses`.
    public var numAddresses: UInt128? {
        prefixLength == 0 ? nil : 1 << (128 - prefixLength)
    }

    /// Whether the whole network lies in one of the private blocks listed at ``IPv6Address/isPrivate``.
    /// Unlike the address test, IPv4-mapped networks are not looked through: every network in
    /// `::ffff:0:0/96` is private, as in Python.
    ///
    /// Python: `IPv6Network.is_private`.
    public var isPrivate: Bool { isInOne(of: IPv6Blocks.private) }

    /// Whether the network is not private.
    ///
    /// Python: `IPv6Network.is_global`.
    public var isGlobal: Bool { !isPrivate }

    /// Whether the whole network is site-local (`fec0::/10`).
    ///
    /// Python: `IPv6Network.is_site_local`.
    public var isSiteLocal: Bool { networkAddress.isSiteLocal && broadcastAddress.isSiteLocal }
}
