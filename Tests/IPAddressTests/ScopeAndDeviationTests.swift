import IPAddress
import Testing

/// Where this module answers although Python 3.11 raises, or answers differently on purpose.
@Suite("Scope IDs and deliberate deviations from Python 3.11")
struct ScopeAndDeviationTests {
    @Test("a scoped address keeps its scope in description and exploded (Python raises for exploded)")
    func scopedText() throws {
        let address = try IPv6Address("FE80::1%eth0")
        #expect(address.scopeID == "eth0")
        #expect(address.description == "fe80::1%eth0")
        #expect(address.exploded == "fe80:0000:0000:0000:0000:0000:0000:0001%eth0")
        #expect(address.reversePointer.hasSuffix("0.8.e.f.ip6.arpa"))
        #expect(try IPv6Address(address.exploded) == address)
    }

    @Test("a scoped network keeps its scope only when no host bits were cleared, as in Python")
    func scopedNetwork() throws {
        #expect(try IPv6Network("fe80::%eth0/64").description == "fe80::%eth0/64")
        #expect(try IPv6Network("fe80::1%eth0/64", strict: false).description == "fe80::/64")
        // Python 3.11 compares scopes here and answers false; containment is by value.
        #expect(try IPv6Network("fe80::%eth0/64").isSubnet(of: IPv6Network("fe80::/10")))
    }

    @Test("an interface's ip drops the scope ID as Python's does; the interface and its network keep it")
    func scopedInterface() throws {
        let interface = try IPv6Interface("fe80::1%eth0/64")
        #expect(interface.ip == (try IPv6Address("fe80::1")))  // Python: IPv6Address('fe80::1')
        #expect(interface.ip.scopeID == nil)
        #expect(interface.scopeID == "eth0")
        #expect(interface.description == "fe80::1%eth0/64")
        #expect(interface.withPrefixlen == "fe80::1/64")
        #expect(interface.network.description == "fe80::/64")  // host bits cleared: scope gone, as in Python
        #expect(try AnyIPInterface("fe80::1%eth0/64").ip == .v6(IPv6Address("fe80::1")))
        // No host bits to clear: the network keeps the scope (Python: IPv6Network('fe80::%eth0/64')).
        #expect(try IPv6Interface("fe80::%eth0/64").network.description == "fe80::%eth0/64")
        #expect(try IPv6Interface("fe80::1%eth0/128").network.description == "fe80::1%eth0/128")
        #expect(try IPv6Interface(address: IPv6Address("fe80::1%3"), prefixLength: 64).scopeID == "3")
        #expect(try IPv6Interface("fe80::1/64").scopeID == nil)
    }

    @Test("a scope that starts with a combining mark is kept whole, as Python keeps it (fuzzer input)")
    func scopeStartingWithCombiningMark() throws {
        // Python 3.11: ip_interface('::%\u0670&.0(') -> IPv6Interface('::%\u0670&.0(/128'), scope '\u0670&.0('.
        let interface = try IPv6Interface("::%\u{670}&.0(")
        #expect(interface.scopeID == "\u{670}&.0(")
        #expect(interface.description == "::%\u{670}&.0(/128")
        #expect(try IPv6Interface(interface.description) == interface)
    }

    @Test("interfaces that differ only in scope are unequal and still totally ordered")
    func scopedInterfaceOrder() throws {
        let a = try IPv6Interface("fe80::1%a/64")
        let b = try IPv6Interface("fe80::1%b/64")
        let plain = try IPv6Interface("fe80::1/64")
        #expect(a != b && a != plain)  // Python: ip_interface('fe80::1%a/64') != ip_interface('fe80::1%b/64')
        #expect(Set([a, b, plain, try IPv6Interface("fe80::1%a/64")]).count == 3)
        #expect([b, a, plain].sorted().map(\.description) == ["fe80::1/64", "fe80::1%a/64", "fe80::1%b/64"])
        #expect((a < b) != (b < a))
    }

    @Test("withScopeID sets, replaces and removes a zone, refusing text that would not parse back")
    func withScopeID() throws {
        let address = try IPv6Address("fe80::1")
        #expect(try address.withScopeID("3").description == "fe80::1%3")
        #expect(try address.withScopeID("3").withScopeID(nil) == address)
        #expect(throws: IPAddressError.invalidScopeID("fe80::1%a%b")) { try address.withScopeID("a%b") }
        #expect(throws: IPAddressError.invalidScopeID("fe80::1%")) { try address.withScopeID("") }
    }

    @Test("0.0.0.0/32 is an unspecified interface (Python 3.11 always says no for IPv4)")
    func unspecifiedInterface() throws {
        #expect(try IPv4Interface("0.0.0.0/32").isUnspecified)
        #expect(try !IPv4Interface("0.0.0.0/8").isUnspecified)
        #expect(try IPv6Interface("::/128").isUnspecified)
        #expect(try !IPv6Interface("::/0").isUnspecified)
    }

    @Test("IPv4-mapped text parses, prints in hex as Python 3.11 does, and is private by its IPv4 address")
    func mapped() throws {
        let address = try IPv6Address("::ffff:1.2.3.4")
        #expect(address.description == "::ffff:102:304")
        #expect(address.ipv4Mapped == (try IPv4Address("1.2.3.4")))
        #expect(!address.isPrivate)
        #expect(try IPv6Address("::ffff:10.0.0.1").isPrivate)
        // A network is tested against the IPv6 table: all of ::ffff:0:0/96 is private.
        #expect(try IPv6Network("::ffff:1.2.3.4/128").isPrivate)
    }

    @Test("6to4 and Teredo addresses reveal their IPv4 addresses")
    func embedded() throws {
        #expect(try IPv6Address("2002:c000:0204::1").sixToFour?.description == "192.0.2.4")
        let teredo = try #require(try IPv6Address("2001:0000:4136:e378:8000:63bf:3fff:fdd2").teredo)
        #expect(teredo.server.description == "65.54.227.120")
        #expect(teredo.client.description == "192.0.2.45")
    }

    @Test("network in network is isSupernet(of:) / isSubnet(of:); contains takes only addresses")
    func networkRelations() throws {
        // Python's `network in network` is always False, so a `contains(network)` meaning
        // supernet_of would silently change ported code; the module has only the named relations.
        let big = try IPv4Network("10.0.0.0/8")
        #expect(big.isSupernet(of: try IPv4Network("10.1.0.0/16")))
        #expect(try IPv4Network("10.1.0.0/16").isSubnet(of: big))
        #expect(big.isSupernet(of: big) && big.isSubnet(of: big))
        #expect(!big.isSupernet(of: try IPv4Network("0.0.0.0/0")))
        #expect(big.contains(try IPv4Address("10.255.255.255")))
        #expect(try AnyIPNetwork("10.0.0.0/8").contains(AnyIPAddress("::1")) == false)
    }
}
