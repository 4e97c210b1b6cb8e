/// A network of either family, for text that may be an IPv4 or an IPv6 network.
///
/// Parsing tries IPv4 first, then IPv6, as Python does. A host-bits error ends the search at
/// once (Python raises it straight through), because the text was a network of that family.
/// Every IPv4 network orders before every IPv6 network.
///
/// Python: `ipaddress.ip_network`.
public enum AnyIPNetwork: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// An IPv4 network.
    ///
    /// Python: an `IPv4Network` from `ip_network`.
    case v4(IPv4Network)
    /// An IPv6 network.
    ///
    /// Python: an `IPv6Network` from `ip_network`.
    case v6(IPv6Network)

    /// Parses IPv4 or IPv6 network text; with `strict: false` host bits are cleared.
    ///
    /// Python: `ipaddress.ip_network(str, strict)`.
    /// - Throws: ``IPAddressError/hostBitsSet(_:)`` (strict only), or
    ///   ``IPAddressError/notAnIPNetwork(_:ipv4:ipv6:)``, carrying why each family refused the text.
    public init(_ text: String, strict: Bool = true) throws(IPAddressError) {
        self = try parseEither(
            ipv4: { () throws(IPAddressError) in .v4(try IPv4Network(text, strict: strict)) },
            ipv6: { () throws(IPAddressError) in .v6(try IPv6Network(text, strict: strict)) },
            combined: { .notAnIPNetwork(text, ipv4: $0, ipv6: $1) },
            isFinal: { if case .hostBitsSet = $0 { true } else { false } })
    }

    /// `forIPv4` or `forIPv6` applied to the payload. A switch rather than an `any IPNetworkProtocol`:
    /// an IPv6 payload is too large for an existential's inline buffer and would be boxed on
    /// every call (measured: one 48-byte allocation per property read).
    private func pick<Result>(_ forIPv4: (IPv4Network) -> Result, _ forIPv6: (IPv6Network) -> Result) -> Result {
        switch self {
        case .v4(let payload): forIPv4(payload)
        case .v6(let payload): forIPv6(payload)
        }
    }

    /// The IP version: 4 or 6.
    ///
    /// Python: `network.version`.
    public var version: Int {
        switch self {
        case .v4: 4
        case .v6: 6
        }
    }

    /// The first address of the network.
    ///
    /// Python: `network.network_address`.
    public var networkAddress: AnyIPAddress {
        switch self {
        case .v4(let network): .v4(network.networkAddress)
        case .v6(let network): .v6(network.networkAddress)
        }
    }

    /// The last address of the network.
    ///
    /// Python: `network.broadcast_address`.
    public var broadcastAddress: AnyIPAddress {
        switch self {
        case .v4(let network): .v4(network.broadcastAddress)
        case .v6(let network): .v6(network.broadcastAddress)
        }
    }

    /// The prefix length.
    ///
    /// Python: `network.prefixlen`.
    public var prefixLength: Int { pick(\.prefixLength, \.prefixLength) }

    /// `address/prefix`.
    ///
    /// Python: `str(network)`.
    public var description: String { pick(\.description, \.description) }

    /// The network with its address in the long form.
    ///
    /// Python: `network.exploded`.
    public var exploded: String { pick(\.exploded, \.exploded) }

    /// `address/netmask`.
    ///
    /// Python: `network.with_netmask`.
    public var withNetmask: String { pick(\.withNetmask, \.withNetmask) }

    /// `address/hostmask`.
    ///
    /// Python: `network.with_hostmask`.
    public var withHostmask: String { pick(\.withHostmask, \.withHostmask) }

    /// Whether `address` is in the network; always false for an address of the other family.
    ///
    /// Python: `address in network`.
    public func contains(_ address: AnyIPAddress) -> Bool {
        switch (self, address) {
        case (.v4(let network), .v4(let address)): network.contains(address)
        case (.v6(let network), .v6(let address)): network.contains(address)
        default: false
        }
    }

    /// Whether the whole network is private.
    ///
    /// Python: `network.is_private`.
    public var isPrivate: Bool { pick(\.isPrivate, \.isPrivate) }

    /// Whether the network is global.
    ///
    /// Python: `network.is_global`.
    public var isGlobal: Bool { pick(\.isGlobal, \.isGlobal) }
}
