/// An IPv4 network: a network address and a prefix length, `10.9.0.0/24`.
///
/// Masks, the broadcast address, membership, subnets and lazy iteration come from
/// ``IPNetworkProtocol``.
///
/// ```swift
/// let network = try IPv4Network("10.9.0.0/24")
/// network.broadcastAddress                           // 10.9.0.255
/// network.contains(try IPv4Address("10.9.0.6"))      // true
/// try IPv4Network("10.9.0.1/24", strict: false)      // 10.9.0.0/24
/// ```
///
/// Python: `ipaddress.IPv4Network`.
public struct IPv4Network: IPNetworkProtocol {
    /// The first address of the network, with no host bits set.
    ///
    /// Python: `network.network_address`.
    public let networkAddress: IPv4Address

    /// The number of leading one bits in the netmask, 0...32.
    ///
    /// Python: `network.prefixlen`.
    public let prefixLength: Int

    /// The network `address/prefixLength`.
    ///
    /// Python: `IPv4Network((address, prefixlen), strict)`.
    /// - Throws: ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``; with `strict`,
    ///   ``IPAddressError/hostBitsSet(_:)`` if `address` has bits set beyond the prefix.
    public init(address: IPv4Address, prefixLength: Int, strict: Bool = true) throws(IPAddressError) {
        networkAddress = try .networkAddress(of: address, prefixLength: prefixLength, strict: strict)
        self.prefixLength = prefixLength
    }

    /// Parses `10.9.0.0/24`, `10.9.0.0/255.255.255.0` (netmask) or `10.9.0.0/0.0.0.255`
    /// (hostmask); a bare address is a /32. With `strict: false` host bits are cleared.
    ///
    /// Python: `IPv4Network(str, strict)`.
    /// - Throws: the address errors, ``IPAddressError/multipleSlashes(_:)``,
    ///   ``IPAddressError/invalidNetmask(_:mask:)``, ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``,
    ///   and with `strict`, ``IPAddressError/hostBitsSet(_:)``.
    public init(_ text: String, strict: Bool = true) throws(IPAddressError) {
        let (address, prefixLength) = try NetworkText.parse(text, as: IPv4Address.self)
        try self.init(address: address, prefixLength: prefixLength, strict: strict)
    }

    /// The number of addresses, `2^(32 − prefixLength)`.
    ///
    /// Python: `network.num_addresses`.
    public var numAddresses: UInt64 { 1 << (32 - prefixLength) }

    /// Whether the whole network lies in one of the private blocks of ``IPv4Address/isPrivate``.
    ///
    /// Python: `IPv4Network.is_private`.
    public var isPrivate: Bool { isInOne(of: IPv4Blocks.private) }

    /// Whether the network is neither private nor wholly in the shared space `100.64.0.0/10`.
    ///
    /// Python: `IPv4Network.is_global`.
    public var isGlobal: Bool { !isInOne(of: [IPv4Blocks.sharedAddressSpace]) && !isPrivate }
}
