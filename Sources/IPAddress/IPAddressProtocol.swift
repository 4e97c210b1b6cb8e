/// What ``IPv4Address`` and ``IPv6Address`` have in common: an unsigned integer value of
/// 32 or 128 bits, text forms, packed bytes and the special-range tests.
///
/// Generic code (a network of either family, an allow-list) can be written against it.
///
/// Python: `ipaddress._BaseAddress`.
public protocol IPAddressProtocol: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The unsigned integer that holds the address: `UInt32` or `UInt128`.
    ///
    /// Python: the `int` in `address._ip`.
    associatedtype Value: FixedWidthInteger & UnsignedInteger & Sendable

    /// The IP version: 4 or 6.
    ///
    /// Python: `IPv4Address.version`.
    static var version: Int { get }

    /// The address whose integer value is `value`.
    ///
    /// Python: `IPv4Address(int)`.
    init(_ value: Value)

    /// Parses the address from its text form.
    ///
    /// Python: `IPv4Address(str)`, `IPv6Address(str)`.
    /// - Throws: ``IPAddressError`` naming the first thing wrong with `text`.
    init(_ text: String) throws(IPAddressError)

    /// The address as an unsigned integer, in host order.
    ///
    /// Python: `int(address)`.
    var value: Value { get }

    /// The long text form: every IPv6 group with four digits (IPv4 text is unchanged).
    ///
    /// Python: `address.exploded`.
    var exploded: String { get }

    /// The reverse DNS name: `6.0.9.10.in-addr.arpa`, or 32 nibbles then `.ip6.arpa`.
    ///
    /// Python: `address.reverse_pointer`.
    var reversePointer: String { get }

    /// Whether the address is reserved for multicast.
    ///
    /// Python: `address.is_multicast`.
    var isMulticast: Bool { get }
    /// Whether the address is otherwise IETF reserved.
    ///
    /// Python: `address.is_reserved`.
    var isReserved: Bool { get }
    /// Whether the address is link-local.
    ///
    /// Python: `address.is_link_local`.
    var isLinkLocal: Bool { get }
    /// Whether this is the unspecified address (`0.0.0.0`, `::`).
    ///
    /// Python: `address.is_unspecified`.
    var isUnspecified: Bool { get }
    /// Whether the address is a loopback address.
    ///
    /// Python: `address.is_loopback`.
    var isLoopback: Bool { get }
    /// Whether the address is in one of the IANA special-purpose "private" ranges.
    ///
    /// Python: `address.is_private`.
    var isPrivate: Bool { get }
    /// Whether the address is allocated for public networks.
    ///
    /// Python: `address.is_global`.
    var isGlobal: Bool { get }
}

extension IPAddressProtocol {
    /// The number of bits in an address: 32 or 128; also the longest prefix length.
    ///
    /// Python: `IPv4Address.max_prefixlen`.
    public static var maxPrefixLength: Int { Value.bitWidth }

    /// The IP version: 4 or 6.
    ///
    /// Python: `address.version`.
    public var version: Int { Self.version }

    /// The address as big-endian bytes (4 or 16 of them).
    ///
    /// Python: `address.packed`.
    public var packed: [UInt8] {
        let count = Value.bitWidth / 8
        return (0..<count).map { UInt8(truncatingIfNeeded: value >> ((count - 1 - $0) * 8)) }
    }

    /// The address whose integer value is `integer`, checked against the family's range.
    ///
    /// Python: `IPv4Address(int)`.
    /// - Throws: ``IPAddressError/integerOutOfRange(_:version:)`` if `integer` is negative or too large.
    public init(integer: some BinaryInteger) throws(IPAddressError) {
        guard let value = Value(exactly: integer) else {
            throw .integerOutOfRange(String(integer), version: Self.version)
        }
        self.init(value)
    }

    /// The address whose big-endian bytes are `packed` (4 for IPv4, 16 for IPv6).
    ///
    /// Python: `IPv4Address(bytes)`.
    /// - Throws: ``IPAddressError/packedLength(_:version:)`` if the byte count is wrong.
    public init<Bytes: Collection<UInt8>>(packed: Bytes) throws(IPAddressError) {
        guard packed.count == Value.bitWidth / 8 else {
            throw .packedLength(Array(packed), version: Self.version)
        }
        self.init(packed.reduce(Value.zero) { $0 << 8 | Value($1) })
    }

    /// The address `offset` places after `address` (before it, for a negative offset).
    ///
    /// Python: `address + n`. A scope ID is dropped, as in Python.
    /// - Throws: ``IPAddressError/addressOverflow(_:offset:version:)`` if the result leaves the address space.
    public static func + (address: Self, offset: Int) throws(IPAddressError) -> Self {
        try address.moved(by: Int128(offset))
    }

    /// The address `offset` places before `address`.
    ///
    /// Python: `address - n`. A scope ID is dropped, as in Python.
    /// - Throws: ``IPAddressError/addressOverflow(_:offset:version:)`` if the result leaves the address space.
    public static func - (address: Self, offset: Int) throws(IPAddressError) -> Self {
        try address.moved(by: -Int128(offset))  // exact: -Int128(Int.min) is 2**63
    }

    /// The address `delta` places on; `delta` is the exact signed amount, for the error.
    private func moved(by delta: Int128) throws(IPAddressError) -> Self {
        let step = Value(exactly: delta.magnitude)
        let result = step.map { delta < 0 ? value.subtractingReportingOverflow($0) : value.addingReportingOverflow($0) }
        guard let result, !result.overflow else {
            throw .addressOverflow(description, offset: delta, version: Self.version)
        }
        return Self(result.partialValue)
    }

    /// The netmask value for `prefixLength` leading one bits (0...bitWidth).
    @inline(__always)
    static func maskValue(prefixLength: Int) -> Value {
        ~(Value.max >> prefixLength)  // smart shift: `>> bitWidth` is 0
    }

    /// The netmask of a network of prefix length `prefixLength`, as an address (`255.255.255.0` for a /24).
    static func netmask(prefixLength: Int) -> Self { Self(maskValue(prefixLength: prefixLength)) }

    /// The hostmask (the inverse of the netmask) of a network of prefix length `prefixLength`, as an
    /// address (`0.0.0.255` for a /24).
    static func hostmask(prefixLength: Int) -> Self { Self(~maskValue(prefixLength: prefixLength)) }

    /// Whether `value` lies in `base/prefixLength`.
    @inline(__always)
    static func value(_ value: Value, isIn base: Value, prefixLength: Int) -> Bool {
        value & maskValue(prefixLength: prefixLength) == base
    }
}
