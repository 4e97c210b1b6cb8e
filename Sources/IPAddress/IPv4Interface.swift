/// An IPv4 address on its network, as an interface is configured: `10.9.0.6/24`.
///
/// ```swift
/// let interface = try IPv4Interface("10.9.0.6/24")
/// interface.network       // 10.9.0.0/24
/// interface.withNetmask   // "10.9.0.6/255.255.255.0"
/// ```
///
/// Python: `ipaddress.IPv4Interface`. One deviation: ``isUnspecified`` is true for
/// `0.0.0.0/32`, where Python 3.11 always answers false.
public struct IPv4Interface: IPInterfaceProtocol {
    /// The network type: ``IPv4Network``.
    ///
    /// Python: `type(interface.network)`.
    public typealias Network = IPv4Network

    /// The interface's own address.
    ///
    /// Python: `interface.ip`.
    public let ip: IPv4Address

    /// The prefix length of the interface's network, 0...32.
    ///
    /// Python: `interface.network.prefixlen`.
    public let prefixLength: Int

    /// The interface `address/prefixLength`.
    ///
    /// Python: `IPv4Interface((address, prefixlen))`.
    /// - Throws: ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``.
    public init(address: IPv4Address, prefixLength: Int = 32) throws(IPAddressError) {
        try IPv4Address.checkPrefixLength(prefixLength, of: address)
        self.prefixLength = prefixLength
        self.ip = address
    }

    /// Parses `10.9.0.6/24`, `10.9.0.6/255.255.255.0` or `10.9.0.6/0.0.0.255`; a bare address is a /32.
    ///
    /// Python: `IPv4Interface(str)`.
    /// - Throws: the address errors, ``IPAddressError/multipleSlashes(_:)``,
    ///   ``IPAddressError/invalidNetmask(_:mask:)`` or ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``.
    public init(_ text: String) throws(IPAddressError) {
        let (address, prefixLength) = try NetworkText.parse(text, as: IPv4Address.self)
        try self.init(address: address, prefixLength: prefixLength)
    }

    /// Whether this is `0.0.0.0/32`: the unspecified address alone on its network, the rule
    /// Python applies to IPv6 interfaces.
    ///
    /// Python: `IPv4Interface.is_unspecified`, which in 3.11 is always false: it is inherited as
    /// `self == IPv4Address('0.0.0.0')`, and an interface never equals a bare address.
    public var isUnspecified: Bool { ip.isUnspecified && prefixLength == 32 }
}
