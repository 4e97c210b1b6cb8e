/// An IPv4 address: 32 bits, written in dotted decimal (`10.9.0.6`).
///
/// Create one from text, an integer or 4 packed bytes; read it back as text, bytes or an
/// integer; ask which special range it belongs to. Ordering is by integer value.
///
/// ```swift
/// let address = try IPv4Address("10.9.0.6")
/// address.packed      // [0x0a, 0x09, 0x00, 0x06]
/// address.value       // 168361990
/// address.isPrivate   // true
/// ```
///
/// Python: `ipaddress.IPv4Address`.
public struct IPv4Address: IPAddressProtocol {
    /// The address as an integer in host order (`10.9.0.6` is `0x0A090006`).
    ///
    /// Python: `int(address)`.
    public let value: UInt32

    /// The IP version: 4.
    ///
    /// Python: `IPv4Address.version`.
    public static var version: Int { 4 }

    /// The address whose integer value is `value`.
    ///
    /// Python: `IPv4Address(int)`.
    @inlinable
    public init(_ value: UInt32) {
        self.value = value
    }

    /// Parses dotted-decimal text: four decimal octets, 0–255, without leading zeros.
    ///
    /// Python: `IPv4Address(str)`.
    /// - Throws: ``IPAddressError/unexpectedSlash(_:)``, ``IPAddressError/empty(_:)``,
    ///   ``IPAddressError/octetCount(_:found:)`` or one of the octet errors, naming the first fault.
    public init(_ text: String) throws(IPAddressError) {
        let bytes = text.utf8[...]
        guard !bytes.contains(UInt8(ascii: "/")) else { throw .unexpectedSlash(text) }
        try self.init(bytes: bytes, input: text)
    }

    /// The dotted-decimal text, `10.9.0.6`.
    ///
    /// Python: `str(address)`, `address.compressed`.
    public var description: String {
        var text = String(value >> 24)
        text.reserveCapacity(15)
        for shift in [16, 8, 0] {
            text += "."
            text += String(UInt8(truncatingIfNeeded: value >> shift))
        }
        return text
    }

    /// The dotted-decimal text; IPv4 has no shorter or longer form.
    ///
    /// Python: `address.exploded`.
    public var exploded: String { description }

    /// The reverse DNS name, `6.0.9.10.in-addr.arpa` for `10.9.0.6` (RFC 1035 3.5).
    ///
    /// Python: `address.reverse_pointer`.
    public var reversePointer: String {
        packed.reversed().map { String($0) }.joined(separator: ".") + ".in-addr.arpa"
    }

    /// Whether the address is in `224.0.0.0/4` (RFC 3171).
    ///
    /// Python: `IPv4Address.is_multicast`.
    public var isMulticast: Bool { IPv4Blocks.multicast.contains(value) }

    /// Whether the address is in `240.0.0.0/4`, reserved by the IETF.
    ///
    /// Python: `IPv4Address.is_reserved`.
    public var isReserved: Bool { IPv4Blocks.reserved.contains(value) }

    /// Whether the address is in `169.254.0.0/16` (RFC 3927).
    ///
    /// Python: `IPv4Address.is_link_local`.
    public var isLinkLocal: Bool { IPv4Blocks.linkLocal.contains(value) }

    /// Whether the address is `0.0.0.0`.
    ///
    /// Python: `IPv4Address.is_unspecified`.
    public var isUnspecified: Bool { value == 0 }

    /// Whether the address is in `127.0.0.0/8`.
    ///
    /// Python: `IPv4Address.is_loopback`.
    public var isLoopback: Bool { IPv4Blocks.loopback.contains(value) }

    /// Whether the address is in one of the IANA IPv4 special-purpose blocks that Python 3.11
    /// calls private: `10/8`, `172.16/12`, `192.168/16`, `127/8`, `169.254/16`, documentation
    /// and benchmarking ranges, `240/4`, `0/8` and the broadcast address among them.
    ///
    /// Python: `IPv4Address.is_private`.
    public var isPrivate: Bool { IPv4Blocks.private.contains { $0.contains(value) } }

    /// Whether the address is public: neither private nor in the shared space `100.64.0.0/10`.
    ///
    /// Python: `IPv4Address.is_global`.
    public var isGlobal: Bool { !IPv4Blocks.sharedAddressSpace.contains(value) && !isPrivate }

    /// Orders addresses by their integer value.
    ///
    /// Python: `IPv4Address.__lt__`.
    @inlinable
    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool {
        lhs.value < rhs.value
    }
}
