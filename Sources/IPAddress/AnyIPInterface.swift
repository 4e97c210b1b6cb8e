/// An interface of either family, for text that may be an IPv4 or an IPv6 interface.
///
/// Parsing tries IPv4 first, then IPv6, as Python does. Every IPv4 interface orders before
/// every IPv6 interface.
///
/// Python: `ipaddress.ip_interface`.
public enum AnyIPInterface: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// An IPv4 interface.
    ///
    /// Python: an `IPv4Interface` from `ip_interface`.
    case v4(IPv4Interface)
    /// An IPv6 interface.
    ///
    /// Python: an `IPv6Interface` from `ip_interface`.
    case v6(IPv6Interface)

    /// Parses IPv4 or IPv6 interface text.
    ///
    /// Python: `ipaddress.ip_interface(str)`.
    /// - Throws: ``IPAddressError/notAnIPInterface(_:ipv4:ipv6:)``, carrying why each family refused the text.
    public init(_ text: String) throws(IPAddressError) {
        self = try parseEither(
            ipv4: { () throws(IPAddressError) in .v4(try IPv4Interface(text)) },
            ipv6: { () throws(IPAddressError) in .v6(try IPv6Interface(text)) },
            combined: { .notAnIPInterface(text, ipv4: $0, ipv6: $1) })
    }

    /// The interface's own address.
    ///
    /// Python: `interface.ip`.
    public var ip: AnyIPAddress {
        switch self {
        case .v4(let interface): .v4(interface.ip)
        case .v6(let interface): .v6(interface.ip)
        }
    }

    /// The network the interface is on.
    ///
    /// Python: `interface.network`.
    public var network: AnyIPNetwork {
        switch self {
        case .v4(let interface): .v4(interface.network)
        case .v6(let interface): .v6(interface.network)
        }
    }

    /// `forIPv4` or `forIPv6` applied to the payload. A switch rather than an `any IPInterfaceProtocol`:
    /// an IPv6 payload is too large for an existential's inline buffer and would be boxed on
    /// every call (measured: one 48-byte allocation per property read).
    private func pick<Result>(_ forIPv4: (IPv4Interface) -> Result, _ forIPv6: (IPv6Interface) -> Result) -> Result {
        switch self {
        case .v4(let payload): forIPv4(payload)
        case .v6(let payload): forIPv6(payload)
        }
    }

    /// The IP version: 4 or 6.
    ///
    /// Python: `interface.version`.
    public var version: Int { pick(\.version, \.version) }

    /// The prefix length of the interface's network.
    ///
    /// Python: `interface.network.prefixlen`.
    public var prefixLength: Int { pick(\.prefixLength, \.prefixLength) }

    /// `address/prefix`.
    ///
    /// Python: `str(interface)`.
    public var description: String { pick(\.description, \.description) }

    /// `address/prefix` without a scope ID.
    ///
    /// Python: `interface.with_prefixlen`.
    public var withPrefixlen: String { pick(\.withPrefixlen, \.withPrefixlen) }

    /// `address/netmask`.
    ///
    /// Python: `interface.with_netmask`.
    public var withNetmask: String { pick(\.withNetmask, \.withNetmask) }

    /// `address/hostmask`.
    ///
    /// Python: `interface.with_hostmask`.
    public var withHostmask: String { pick(\.withHostmask, \.withHostmask) }
}
