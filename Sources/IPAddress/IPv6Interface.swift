/// An IPv6 address on its network, as an interface is configured:
/// `fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa/64`, or with a zone, `fe80::1%eth0/64`.
///
/// A scope ID stays with the interface, as in Python: ``description`` and ``scopeID`` show it,
/// ``network`` keeps it when no host bits had to be cleared (`fe80::%eth0/64`), and equality
/// and ordering take it into account. ``ip`` is the bare address, as Python's `interface.ip` is.
///
/// Python: `ipaddress.IPv6Interface`.
public struct IPv6Interface: IPInterfaceProtocol {
    /// The network type: ``IPv6Network``.
    ///
    /// Python: `type(interface.network)`.
    public typealias Network = IPv6Network

    /// The interface's address as written, scope ID included.
    private let scopedIP: IPv6Address

    /// The interface's own address, without a scope ID (see ``scopeID``).
    ///
    /// Python: `interface.ip`, which drops the scope ID too.
    public var ip: IPv6Address { IPv6Address(scopedIP.value) }

    /// The zone of the interface's address (`"eth0"` in `fe80::1%eth0/64`), or nil.
    ///
    /// Python: `interface.scope_id`.
    public var scopeID: String? { scopedIP.scopeID }

    /// The prefix length of the interface's network, 0...128.
    ///
    /// Python: `interface.network.prefixlen`.
    public let prefixLength: Int

    /// The interface `address/prefixLength`; a scope ID on `address` becomes the interface's.
    ///
    /// Python: `IPv6Interface((address, prefixlen))`.
    /// - Throws: ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``.
    public init(address: IPv6Address, prefixLength: Int = 128) throws(IPAddressError) {
        try IPv6Address.checkPrefixLength(prefixLength, of: address)
        self.prefixLength = prefixLength
        self.scopedIP = address
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

    /// `address/prefix` with the scope ID, `fe80::1%eth0/64`.
    ///
    /// Python: `str(interface)`.
    public var description: String { "\(scopedIP)/\(prefixLength)" }

    /// The network the interface is on: its address with the host bits cleared. The scope ID
    /// stays only if no host bits were set (`fe80::%eth0/64`), as in Python.
    ///
    /// Python: `interface.network`.
    public var network: IPv6Network { Self.network(of: scopedIP, prefixLength: prefixLength) }

    /// Orders by network, then by address, then by scope ID (a total order; see ``IPv6Address/<(_:_:)``).
    ///
    /// Python: `interface.__lt__`.
    public static func < (lhs: IPv6Interface, rhs: IPv6Interface) -> Bool {
        let (left, right) = (lhs.network, rhs.network)
        return left < right || (left == right && lhs.scopedIP < rhs.scopedIP)
    }
}
