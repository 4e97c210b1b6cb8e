import IPAddress
import Testing

@Suite("Ordering and hashing")
struct OrderingAndHashingTests {
    @Test("addresses order by value, IPv4 before IPv6 in the parse-either enum")
    func addressOrder() throws {
        let texts = ["::1", "10.0.0.2", "2001:db8::", "10.0.0.10", "0.0.0.0", "::"]
        let sorted = try texts.map { try AnyIPAddress($0) }.sorted().map(\.description)
        #expect(sorted == ["0.0.0.0", "10.0.0.2", "10.0.0.10", "::", "::1", "2001:db8::"])
    }

    @Test("networks order by network address, then netmask (shorter prefix first)")
    func networkOrder() throws {
        let networks = try ["10.0.0.0/16", "10.0.0.0/8", "9.0.0.0/8", "10.0.0.0/24"].map { try IPv4Network($0) }
        #expect(networks.sorted().map(\.description) == ["9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24"])
    }

    @Test("interfaces order by network first, then by address")
    func interfaceOrder() throws {
        let interfaces = try ["10.0.0.5/24", "10.0.0.1/24", "10.0.0.9/8", "9.9.9.9/32"].map { try IPv4Interface($0) }
        #expect(interfaces.sorted().map(\.description) == ["9.9.9.9/32", "10.0.0.9/8", "10.0.0.1/24", "10.0.0.5/24"])
    }

    @Test("equal values hash equally, however they were spelled")
    func hashing() throws {
        let spellings = ["2001:db8::1", "2001:DB8:0:0:0:0:0:1", "2001:0db8::0001", "2001:db8:0:0:0:0:0.0.0.1"]
        #expect(Set(try spellings.map { try IPv6Address($0) }).count == 1)
        #expect(
            Set([
                try IPv4Network("10.0.0.0/255.0.0.0"), try IPv4Network("10.0.0.0/0.255.255.255"),
                try IPv4Network("10.0.0.0/8"), try IPv4Network("10.1.2.3/8", strict: false),
            ]).count == 1)
        // An interface is not its network: 10.0.0.1/24 and 10.0.0.2/24 differ.
        #expect(Set([try IPv4Interface("10.0.0.1/24"), try IPv4Interface("10.0.0.2/24")]).count == 2)
        #expect(try AnyIPAddress("10.0.0.1") != AnyIPAddress("::ffff:10.0.0.1"))
    }

    @Test("scoped IPv6 addresses: equal only with equal scope, ordered by value then scope")
    func scopedOrder() throws {
        let plain = try IPv6Address("fe80::1")
        let a = try IPv6Address("fe80::1%a")
        let b = try IPv6Address("fe80::1%b")
        #expect(plain != a && a != b)
        #expect(Set([plain, a, b, try IPv6Address("fe80::1%a")]).count == 3)
        #expect(
            [b, a, plain, try IPv6Address("fe80::")].sorted().map(\.description) == [
                "fe80::", "fe80::1", "fe80::1%a", "fe80::1%b",
            ])
    }

    @Test("scope IDs compare by their UTF-8 bytes: canonically equivalent spellings are different zones")
    func scopeBytes() throws {
        // Python: IPv6Address('fe80::1%\u00e9') != IPv6Address('fe80::1%e\u0301'); Swift's String == says equal.
        let composed = try IPv6Address("fe80::1%\u{E9}")
        let decomposed = try IPv6Address("fe80::1%e\u{301}")
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed]).count == 2)
        #expect((composed < decomposed) != (decomposed < composed))  // still a total order
        #expect(try IPv6Address("fe80::1%\u{E9}") == composed)
        #expect(Set([try IPv6Network("fe80::%\u{E9}/64"), try IPv6Network("fe80::%e\u{301}/64")]).count == 2)
        #expect(
            Set([try IPv6Interface("fe80::1%\u{E9}/64"), try IPv6Interface("fe80::1%e\u{301}/64")]).count == 2)
        #expect(Set([AnyIPAddress.v6(composed), .v6(decomposed)]).count == 2)
    }
}
