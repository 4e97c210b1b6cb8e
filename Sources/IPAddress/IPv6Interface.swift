/// An IPv6 address on its network, as an interface is configured:
/// `fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa/64`, or with a zone, `fe80::1%eth0/64`.
///
/// Python: `ipaddress.IPv6Interface`. One deviation: ``ip`` keeps the scope ID, which
/// Python 3.11's `interface.ip` drops (its `str(interface)` keeps it).
public struct IPv6Interface: IPInterfaceProtocol {
    /// The network type: ``IPv6Network``.
    ///
    /// Python: `type(interface.network)`.
    public typealias Network = IPv6Network

    /// The interface's own address, with its scope ID if the text had one.
    ///
    /// Python: `interface.ip` (which drops the scope ID).
    public let ip: IPv6Address

    /// The prefix length of the interface's network, 0...128.
    ///
    /// Python: `interface.network.prefixlen`.
    public let prefixLength: Int

    /// The interface `address/prefixLength`.
    ///
    /// Python: `IPv6Interface((address, prefixlen))`.
    /// - Throws: ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``.
    public init(address: IPv6Address, prefixLength: Int = 128) throws(IPAddressError) {
        self.prefixLength = try Self.checkedPrefix(prefixLength, for: address)
        self.ip = address
    }

    /// Parses `2001:db8::1/64` or `fe80::1%eth0/64`; a bare address is a /128.
    ///
    /// Python: `IPv6Interface(str)`.
    /// - Throws: the address errors, ``IPAddressError/multipleSlashes(_:)``,
    ///   ``IPAddressError/invalidNetmask(_:mask:)`` or ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``.
    public init(_ text: String) throws(IPAddressError) {
        let (address, prefixLength) = try NetworkText.parse(text, as: IPv6Address.self)
        try self.init(address: address, prefixLength: prefixLength)
    }

    /// Whether this is `::/128`: the unspecified address alone on its network.
    ///
    /// Python: `IPv6Interface.is_unspecified`.
    public var isUnspecified: Bool { ip.isUnspecified && prefixLength == 128 }

    /// Whether this is `::1/128`: the loopback address alone on its network.
    ///
    /// Python: `IPv6Interface.is_loopback`.
    public var isLoopback: Bool { ip.isLoopback && prefixLength == 128 }

    /// Whether the interface's address is site-local (`fec0::/10`).
    ///
    /// Python: `IPv6Interface.is_site_local`.
    public var isSiteLocal: Bool { ip.isSiteLocal }
}
