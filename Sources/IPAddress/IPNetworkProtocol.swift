/// What ``IPv4Network`` and ``IPv6Network`` have in common: a network address and a prefix
/// length, from which masks, the broadcast address, membership and iteration follow.
///
/// Everything but parsing and the private/global tests is implemented once, here.
///
/// Python: `ipaddress._BaseNetwork`.
public protocol IPNetworkProtocol: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address type of the family: ``IPv4Address`` or ``IPv6Address``.
    ///
    /// Python: `network._address_class`.
    associatedtype Address: IPAddressProtocol

    /// The first address of the network, with no host bits set.
    ///
    /// Python: `network.network_address`.
    var networkAddress: Address { get }

    /// The number of leading one bits in the netmask.
    ///
    /// Python: `network.prefixlen`.
    var prefixLength: Int { get }

    /// The network `address/prefixLength`.
    ///
    /// Python: `IPv4Network((address, prefixlen), strict)`.
    /// - Throws: ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``; with `strict`,
    ///   ``IPAddressError/hostBitsSet(_:)`` if `address` has bits set beyond the prefix
    ///   (without `strict` they are cleared).
    init(address: Address, prefixLength: Int, strict: Bool) throws(IPAddressError)

    /// Parses `address/prefix`, `address/netmask` or `address/hostmask` (the mask forms are IPv4
    /// only); without `/`, the network of that single address.
    ///
    /// Python: `IPv4Network(str, strict)`.
    /// - Throws: the address errors, ``IPAddressError/multipleSlashes(_:)``,
    ///   ``IPAddressError/invalidNetmask(_:mask:)``, ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``,
    ///   and with `strict`, ``IPAddressError/hostBitsSet(_:)``.
    init(_ text: String, strict: Bool) throws(IPAddressError)

    /// Whether the whole network lies in one of the family's private blocks.
    ///
    /// Python: `network.is_private`.
    var isPrivate: Bool { get }

    /// Whether the network is public (the family's rule; see each type).
    ///
    /// Python: `network.is_global`.
    var isGlobal: Bool { get }
}

extension IPNetworkProtocol {
    /// Builds a network from values known to be valid (masked, prefix in range).
    init(trusted value: Address.Value, prefixLength: Int) {
        do {
            self = try Self(address: Address(value), prefixLength: prefixLength, strict: true)
        } catch {
            preconditionFailure("IPAddress internal error: \(error)")  // our bug, never input
        }
    }

    /// The IP version: 4 or 6.
    ///
    /// Python: `network.version`.
    public var version: Int { Address.version }

    /// The mask with `prefixLength` leading one bits, as an address (`255.255.255.0` for a /24).
    ///
    /// Python: `network.netmask`.
    public var netmask: Address { .netmask(prefixLength: prefixLength) }

    /// The inverse of the netmask (`0.0.0.255` for a /24).
    ///
    /// Python: `network.hostmask`.
    public var hostmask: Address { .hostmask(prefixLength: prefixLength) }

    /// The last address of the network (all host bits set).
    ///
    /// Python: `network.broadcast_address`.
    public var broadcastAddress: Address {
        Address(networkAddress.value | ~Address.maskValue(prefixLength: prefixLength))
    }

    /// The network as `address/prefix`, `10.9.0.0/24`.
    ///
    /// Python: `str(network)`, `network.compressed`.
    public var description: String { "\(networkAddress)/\(prefixLength)" }

    /// The network with the address in its long form (IPv6: every group of four digits).
    ///
    /// Python: `network.exploded` (Python 3.11 raises for an IPv6 network with a scope ID; this keeps it).
    public var exploded: String { "\(networkAddress.exploded)/\(prefixLength)" }

    /// `address/prefix`, the same as ``description``.
    ///
    /// Python: `network.with_prefixlen`.
    public var withPrefixlen: String { description }

    /// `address/netmask`, `10.9.0.0/255.255.255.0`.
    ///
    /// Python: `network.with_netmask`.
    public var withNetmask: String { "\(networkAddress)/\(netmask)" }

    /// `address/hostmask`, `10.9.0.0/0.0.0.255`.
    ///
    /// Python: `network.with_hostmask`.
    public var withHostmask: String { "\(networkAddress)/\(hostmask)" }

    /// Every address of the network, network and broadcast addresses included, lazily.
    ///
    /// Python: `iter(network)`.
    public var addresses: IPAddressRange<Address> {
        IPAddressRange(first: Address(networkAddress.value), last: broadcastAddress)
    }

    /// The addresses usable by hosts, lazily. IPv4 leaves out the network and broadcast
    /// addresses, IPv6 only the Subnet-Router anycast (network) address. A /31 or /127 gives
    /// both its addresses (RFC 3021), a /32 or /128 its single address.
    ///
    /// Python: `network.hosts()`.
    public func hosts() -> IPAddressRange<Address> {
        let first = networkAddress.value
        let last = broadcastAddress.value
        switch Address.maxPrefixLength - prefixLength {
        case 0: return IPAddressRange(first: networkAddress, last: networkAddress)
        case 1: return addresses
        default:
            // IPv4 excludes the broadcast address; IPv6 has none.
            let end = Address.version == 4 ? last - 1 : last
            return IPAddressRange(first: Address(first + 1), last: Address(end))
        }
    }

    /// Whether `address` is in the network (its scope ID, if any, is ignored).
    ///
    /// Python: `address in network`. For a network inside a network, ask ``isSubnet(of:)`` or
    /// ``isSupernet(of:)``: Python's `network in network` is always false, so this takes addresses only.
    public func contains(_ address: Address) -> Bool {
        Address.value(address.value, isIn: networkAddress.value, prefixLength: prefixLength)
    }

    /// Whether this network lies wholly inside `other` (equal networks included).
    ///
    /// Python: `network.subnet_of(other)`. Scope IDs are ignored; Python 3.11 compares them and
    /// so finds `fe80::%eth0/64` outside `fe80::/10`.
    public func isSubnet(of other: Self) -> Bool {
        other.networkAddress.value <= networkAddress.value && broadcastAddress.value <= other.broadcastAddress.value
    }

    /// Whether `other` lies wholly inside this network (equal networks included).
    ///
    /// Python: `network.supernet_of(other)`.
    public func isSupernet(of other: Self) -> Bool {
        other.isSubnet(of: self)
    }

    /// Whether the two networks share any address.
    ///
    /// Python: `network.overlaps(other)`.
    public func overlaps(_ other: Self) -> Bool {
        contains(other.networkAddress) || contains(other.broadcastAddress)
            || other.contains(networkAddress) || other.contains(broadcastAddress)
    }

    /// Whether the whole network is multicast.
    ///
    /// Python: `network.is_multicast`.
    public var isMulticast: Bool { networkAddress.isMulticast && broadcastAddress.isMulticast }

    /// Whether the whole network is IETF reserved.
    ///
    /// Python: `network.is_reserved`.
    public var isReserved: Bool { networkAddress.isReserved && broadcastAddress.isReserved }

    /// Whether the whole network is link-local.
    ///
    /// Python: `network.is_link_local`.
    public var isLinkLocal: Bool { networkAddress.isLinkLocal && broadcastAddress.isLinkLocal }

    /// Whether the network is just the unspecified address (`0.0.0.0/32`, `::/128`).
    ///
    /// Python: `network.is_unspecified`.
    public var isUnspecified: Bool { networkAddress.isUnspecified && broadcastAddress.isUnspecified }

    /// Whether the whole network is loopback.
    ///
    /// Python: `network.is_loopback`.
    public var isLoopback: Bool { networkAddress.isLoopback && broadcastAddress.isLoopback }

    /// Orders by network address, then by netmask (a shorter prefix first).
    ///
    /// Python: `network.__lt__`.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.networkAddress != rhs.networkAddress { return lhs.networkAddress < rhs.networkAddress }
        return lhs.prefixLength < rhs.prefixLength
    }

    /// Whether the whole network lies in one of `blocks` (Python's private test).
    func isInOne(of blocks: [AddressBlock<Address.Value>]) -> Bool {
        let (first, last) = (networkAddress.value, broadcastAddress.value)
        return blocks.contains { $0.contains(first: first, last: last) }
    }
}
