/// An address of either family, for text (or an integer, or bytes) that may be IPv4 or IPv6.
///
/// Parsing tries IPv4 first, then IPv6, as Python does. Switch over the cases to reach the
/// family's own API; the common properties are forwarded. Ordering puts every IPv4 address
/// before every IPv6 address (Python's `get_mixed_type_key`; Python's `<` refuses to compare
/// across families).
///
/// ```swift
/// switch try AnyIPAddress(text) {
/// case .v4(let address): print("IPv4", address)
/// case .v6(let address): print("IPv6", address)
/// }
/// ```
///
/// Python: `ipaddress.ip_address`.
public enum AnyIPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// An IPv4 address.
    ///
    /// Python: an `IPv4Address` from `ip_address`.
    case v4(IPv4Address)
    /// An IPv6 address.
    ///
    /// Python: an `IPv6Address` from `ip_address`.
    case v6(IPv6Address)

    /// Parses IPv4 or IPv6 text.
    ///
    /// Python: `ipaddress.ip_address(str)`.
    /// - Throws: ``IPAddressError/notAnIPAddress(_:ipv4:ipv6:)``, carrying why each family refused the text.
    public init(_ text: String) throws(IPAddressError) {
        self = try parseEither(
            ipv4: { () throws(IPAddressError) in .v4(try IPv4Address(text)) },
            ipv6: { () throws(IPAddressError) in .v6(try IPv6Address(text)) },
            combined: { .notAnIPAddress(text, ipv4: $0, ipv6: $1) })
    }

    /// The address whose integer value is `integer`: IPv4 below 2^32, IPv6 above.
    ///
    /// Python: `ipaddress.ip_address(int)`.
    /// - Throws: ``IPAddressError/integerOutOfRange(_:version:)`` (version nil) for a negative
    ///   integer or one of 2^128 or more.
    public init(integer: some BinaryInteger) throws(IPAddressError) {
        if let value = UInt32(exactly: integer) {
            self = .v4(IPv4Address(value))
        } else if let value = UInt128(exactly: integer) {
            self = .v6(IPv6Address(value))
        } else {
            throw .integerOutOfRange(String(integer), version: nil)
        }
    }

    /// The address whose big-endian bytes are `packed`: 4 bytes for IPv4, 16 for IPv6.
    ///
    /// Python: `ipaddress.ip_address(bytes)`.
    /// - Throws: ``IPAddressError/packedLength(_:version:)`` (version nil) for any other length.
    public init<Bytes: Collection<UInt8>>(packed: Bytes) throws(IPAddressError) {
        switch packed.count {
        case 4: self = .v4(try IPv4Address(packed: packed))
        case 16: self = .v6(try IPv6Address(packed: packed))
        default: throw .packedLength(Array(packed), version: nil)
        }
    }

    /// `forIPv4` or `forIPv6` applied to the payload. A switch rather than an `any IPAddressProtocol`:
    /// an IPv6 payload is too large for an existential's inline buffer and would be boxed on
    /// every call (measured: one 48-byte allocation per property read).
    private func pick<Result>(_ forIPv4: (IPv4Address) -> Result, _ forIPv6: (IPv6Address) -> Result) -> Result {
        switch self {
        case .v4(let payload): forIPv4(payload)
        case .v6(let payload): forIPv6(payload)
        }
    }

    /// The IP version: 4 or 6.
    ///
    /// Python: `address.version`.
    public var version: Int { pick(\.version, \.version) }

    /// The compressed text (see ``IPv4Address/description`` and ``IPv6Address/description``).
    ///
    /// Python: `str(address)`.
    public var description: String { pick(\.description, \.description) }

    /// The long text form.
    ///
    /// Python: `address.exploded`.
    public var exploded: String { pick(\.exploded, \.exploded) }

    /// The address as big-endian bytes (4 or 16 of them).
    ///
    /// Python: `address.packed`.
    public var packed: [UInt8] { pick(\.packed, \.packed) }

    /// Whether the address is private (see the family's `isPrivate`).
    ///
    /// Python: `address.is_private`.
    public var isPrivate: Bool { pick(\.isPrivate, \.isPrivate) }

    /// Whether the address is global (see the family's `isGlobal`).
    ///
    /// Python: `address.is_global`.
    public var isGlobal: Bool { pick(\.isGlobal, \.isGlobal) }

    /// Whether the address is multicast.
    ///
    /// Python: `address.is_multicast`.
    public var isMulticast: Bool { pick(\.isMulticast, \.isMulticast) }

    /// Whether the address is link-local.
    ///
    /// Python: `address.is_link_local`.
    public var isLinkLocal: Bool { pick(\.isLinkLocal, \.isLinkLocal) }

    /// Whether the address is IETF reserved.
    ///
    /// Python: `address.is_reserved`.
    public var isReserved: Bool { pick(\.isReserved, \.isReserved) }

    /// Whether the address is unspecified.
    ///
    /// Python: `address.is_unspecified`.
    public var isUnspecified: Bool { pick(\.isUnspecified, \.isUnspecified) }

    /// Whether the address is loopback.
    ///
    /// Python: `address.is_loopback`.
    public var isLoopback: Bool { pick(\.isLoopback, \.isLoopback) }
}
