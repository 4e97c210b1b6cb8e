import IPAddress
import Testing

@Suite("Construction and round trips")
struct ConstructionTests {
    @Test("integers: boundaries of both families, and the IPv4-first rule of ip_address")
    func integers() throws {
        #expect(try AnyIPAddress(integer: 0) == .v4(IPv4Address(0)))
        #expect(try AnyIPAddress(integer: UInt32.max) == .v4(IPv4Address(.max)))
        #expect(try AnyIPAddress(integer: UInt64(UInt32.max) + 1) == .v6(IPv6Address(1 << 32)))
        #expect(try AnyIPAddress(integer: UInt128.max).description == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
        #expect(throws: IPAddressError.integerOutOfRange("-1", version: nil)) { try AnyIPAddress(integer: -1) }
        #expect(throws: IPAddressError.integerOutOfRange("4294967296", version: 4)) {
            try IPv4Address(integer: 1 << 32)
        }
    }

    @Test("packed bytes: from arrays and slices, back to the same bytes")
    func packed() throws {
        let bytes: [UInt8] = [0, 10, 9, 0, 6, 0]
        #expect(try IPv4Address(packed: bytes[1..<5]).description == "10.9.0.6")
        #expect(try IPv4Address("10.9.0.6").packed == [10, 9, 0, 6])
        let v6 = try IPv6Address("2001:db8::ff")
        #expect(try IPv6Address(packed: v6.packed) == v6)
        #expect(try AnyIPAddress(packed: v6.packed) == .v6(v6))
    }

    @Test("address arithmetic moves within the space and throws at its edges")
    func arithmetic() throws {
        #expect(try (IPv4Address("10.0.0.255") + 1).description == "10.0.1.0")
        #expect(try (IPv4Address("10.0.1.0") - 1).description == "10.0.0.255")
        #expect(try (IPv6Address("::1") + -1).description == "::")
        #expect(try (IPv6Address("fe80::1%eth0") + 1).description == "fe80::2")  // scope dropped, as in Python
        #expect(throws: IPAddressError.addressOverflow("0.0.0.0", offset: -1, version: 4)) { try IPv4Address(0) - 1 }
        #expect(throws: IPAddressError.addressOverflow("::", offset: Int128(Int.min), version: 6)) {
            try IPv6Address(0) + Int.min
        }
        #expect(throws: IPAddressError.addressOverflow("255.255.255.255", offset: 1 << 63, version: 4)) {
            try IPv4Address(.max) - Int.min
        }
        #expect(try (IPv6Address(0) - Int.min).value == UInt128(Int.max) + 1)
    }

    @Test("network constructors: tuple form, all mask spellings, strict and non-strict")
    func networks() throws {
        let expected = try IPv4Network("192.0.2.0/24")
        for text in ["192.0.2.0/24", "192.0.2.0/255.255.255.0", "192.0.2.0/0.0.0.255", "192.0.2.0/024"] {
            #expect(try IPv4Network(text) == expected)
        }
        #expect(try IPv4Network(address: IPv4Address("192.0.2.0"), prefixLength: 24) == expected)
        #expect(try IPv4Network("192.0.2.9/24", strict: false) == expected)
        #expect(try IPv4Network("192.0.2.1").prefixLength == 32)
        #expect(try IPv4Network("0.0.0.0/0.0.0.0").prefixLength == 0)
        #expect(try IPv4Network("0.0.0.0/255.255.255.255").prefixLength == 32)
    }

    @Test("subnets, supernet and address_exclude give what Python gives for its documented examples")
    func splitting() throws {
        #expect(
            try IPv4Network("192.0.2.0/24").subnets(prefixLengthDiff: 2).map(\.description)
                == ["192.0.2.0/26", "192.0.2.64/26", "192.0.2.128/26", "192.0.2.192/26"])
        #expect(try IPv4Network("192.0.2.0/24").supernet(prefixLengthDiff: 3).description == "192.0.0.0/21")
        #expect(try IPv4Network("0.0.0.0/0").supernet(newPrefix: 5).description == "0.0.0.0/0")
        #expect(
            try IPv4Network("192.0.2.0/28").addressExclude(IPv4Network("192.0.2.1/32")).map(\.description)
                == ["192.0.2.8/29", "192.0.2.4/30", "192.0.2.2/31", "192.0.2.0/32"])  // Python's docstring sorts them
        #expect(try IPv6Network("2001:db8::/32").addressExclude(IPv6Network("2001:db8::1/128")).count == 96)
    }

    @Test("every printed form parses back to the same value", arguments: 0..<200)
    func roundTrip(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        let groups = (0..<8).map { _ in generator.next() % 3 == 0 ? 0 : UInt128(generator.next() & 0xFFFF) }
        let v6 = IPv6Address(groups.reduce(0) { $0 << 16 | $1 })
        #expect(try IPv6Address(v6.description) == v6)
        #expect(try IPv6Address(v6.exploded) == v6)
        let v4 = IPv4Address(UInt32(truncatingIfNeeded: generator.next()))
        #expect(try IPv4Address(v4.description) == v4)
        let prefix = Int(generator.next() % 129)
        let network = try IPv6Network(address: v6, prefixLength: prefix, strict: false)
        #expect(try IPv6Network(network.description) == network)
        #expect(try IPv6Network(network.exploded) == network)
        let interface = try IPv4Interface(address: v4, prefixLength: prefix % 33)
        #expect(try IPv4Interface(interface.withNetmask) == interface)
        #expect(try IPv4Interface(interface.withHostmask).ip == interface.ip)
    }
}

/// A small deterministic generator for the property tests (Steele, Lea, Flood 2014).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Module-qualified names")
struct QualifiedNameTests {
    @Test("IPAddress.IPv4Address resolves: no type shadows the module's name")
    func qualifiedNames() throws {
        let v4: IPAddress.IPv4Address = try IPAddress.IPv4Address("10.9.0.6")
        let either: IPAddress.AnyIPAddress = .v4(v4)
        let network: IPAddress.AnyIPNetwork = try IPAddress.AnyIPNetwork("10.9.0.0/24")
        let interface: IPAddress.AnyIPInterface = try IPAddress.AnyIPInterface("10.9.0.6/24")
        #expect(network.contains(either))
        #expect(interface.ip == either)
        #expect(throws: IPAddress.IPAddressError.empty("")) { try IPAddress.IPv6Address("") }
    }
}
