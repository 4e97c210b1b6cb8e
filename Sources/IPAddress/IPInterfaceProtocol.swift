/// What ``IPv4Interface`` and ``IPv6Interface`` have in common: a host address together with
/// the prefix length of its network, as an interface is configured (`10.9.0.6/24`).
///
/// Python: the shared part of `ipaddress.IPv4Interface` and `ipaddress.IPv6Interface`.
public protocol IPInterfaceProtocol: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The network type of the family: ``IPv4Network`` or ``IPv6Network``.
    ///
    /// Python: `type(interface.network)`.
    associatedtype Network: IPNetworkProtocol

    /// The interface's own address, host bits and all, without a scope ID.
    ///
    /// Python: `interface.ip`.
    var ip: Network.Address { get }

    /// The network the interface is on: its address with the host bits cleared.
    ///
    /// Python: `interface.network`.
    var network: Network { get }

    /// The prefix length of the interface's network.
    ///
    /// Python: `interface.network.prefixlen`.
    var prefixLength: Int { get }

    /// The interface with address `address` on a network of prefix length `prefixLength`.
    ///
    /// Python: `IPv4Interface((address, prefixlen))`.
    /// - Throws: ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``.
    init(address: Network.Address, prefixLength: Int) throws(IPAddressError)

    /// Parses `address/prefix` (IPv4 also `address/netmask`, `address/hostmask`); host bits are
    /// expected. Without `/`, the prefix is the longest (a single-address network).
    ///
    /// Python: `IPv4Interface(str)`.
    /// - Throws: the address errors, ``IPAddressError/multipleSlashes(_:)``,
    ///   ``IPAddressError/invalidNetmask(_:mask:)`` or ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``.
    init(_ text: String) throws(IPAddressError)

    /// Whether the interface's address is unspecified (IPv6 also asks for a /128).
    ///
    /// Python: `interface.is_unspecified`.
    var isUnspecified: Bool { get }

    /// Whether the interface's address is loopback (IPv6 also asks for a /128).
    ///
    /// Python: `interface.is_loopback`.
    var isLoopback: Bool { get }
}

extension IPInterfaceProtocol {
    /// The network the interface is on: its address with the host bits cleared.
    ///
    /// Python: `interface.network`.
    public var network: Network { Self.network(of: ip, prefixLength: prefixLength) }

    /// The network of `address/prefixLength`, host bits cleared.
    static func network(of address: Network.Address, prefixLength: Int) -> Network {
        do {
            return try Network(address: address, prefixLength: prefixLength, strict: false)
        } catch {
            preconditionFailure("IPAddress internal error: \(error)")  // prefix checked at init
        }
    }

    /// The network's netmask.
    ///
    /// Python: `interface.netmask`.
    public var netmask: Network.Address { .netmask(prefixLength: prefixLength) }

    /// The network's hostmask.
    ///
    /// Python: `interface.hostmask`.
    public var hostmask: Network.Address { .hostmask(prefixLength: prefixLength) }

    /// `address/prefix`, `10.9.0.6/24` (``IPv6Interface`` adds its scope ID).
    ///
    /// Python: `str(interface)`.
    public var description: String { "\(ip)/\(prefixLength)" }

    /// The address in its long form, then `/prefix` (without a scope ID, as in Python).
    ///
    /// Python: `interface.exploded`.
    public var exploded: String { "\(ip.exploded)/\(prefixLength)" }

    /// `address/prefix`, `10.9.0.6/24` (without a scope ID, as in Python).
    ///
    /// Python: `interface.with_prefixlen`.
    public var withPrefixlen: String { "\(ip)/\(prefixLength)" }

    /// `address/netmask`, `10.9.0.6/255.255.255.0` (without a scope ID, as in Python).
    ///
    /// Python: `interface.with_netmask`.
    public var withNetmask: String { "\(ip)/\(netmask)" }

    /// `address/hostmask`, `10.9.0.6/0.0.0.255` (without a scope ID, as in Python).
    ///
    /// Python: `interface.with_hostmask`.
    public var withHostmask: String { "\(ip)/\(hostmask)" }

    /// The IP version: 4 or 6.
    ///
    /// Python: `interface.version`.
    public var version: Int { Network.Address.version }

    /// Whether the interface's address is private.
    ///
    /// Python: `interface.is_private`.
    public var isPrivate: Bool { ip.isPrivate }

    /// Whether the interface's address is global.
    ///
    /// Python: `interface.is_global`.
    public var isGlobal: Bool { ip.isGlobal }

    /// Whether the interface's address is multicast.
    ///
    /// Python: `interface.is_multicast`.
    public var isMulticast: Bool { ip.isMulticast }

    /// Whether the interface's address is link-local.
    ///
    /// Python: `interface.is_link_local`.
    public var isLinkLocal: Bool { ip.isLinkLocal }

    /// Whether the interface's address is IETF reserved.
    ///
    /// Python: `interface.is_reserved`.
    public var isReserved: Bool { ip.isReserved }

    /// Whether the interface's address is unspecified.
    ///
    /// Python: `IPv4Interface.is_unspecified`.
    public var isUnspecified: Bool { ip.isUnspecified }

    /// Whether the interface's address is loopback.
    ///
    /// Python: `IPv4Interface.is_loopback`.
    public var isLoopback: Bool { ip.isLoopback }

    /// Orders by network, then by address within the same network.
    ///
    /// Python: `interface.__lt__`.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        let (left, right) = (lhs.network, rhs.network)
        return left < right || (left == right && lhs.ip < rhs.ip)
    }
}
