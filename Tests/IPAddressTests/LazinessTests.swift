import IPAddress
import Testing

@Suite("Lazy sequences", .timeLimit(.minutes(1)))
struct LazinessTests {
    @Test("the first hosts of 10.0.0.0/8 come without building its 16 M addresses")
    func slashEight() throws {
        let hosts = try IPv4Network("10.0.0.0/8").hosts()
        #expect(hosts.prefix(3).map(\.description) == ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
        #expect(hosts.count == 16_777_214)
        #expect(hosts.last?.description == "10.255.255.254")
        #expect(hosts.underestimatedCount == 0)  // Array(hosts) must not reserve 16 M slots up front
    }

    @Test("an IPv6 /64 and the whole IPv6 space are iterable lazily, stored in two addresses")
    func ipv6() throws {
        let hosts = try IPv6Network("2001:db8::/64").hosts()
        var iterator = hosts.makeIterator()
        #expect(iterator.next()?.description == "2001:db8::1")
        #expect(iterator.next()?.description == "2001:db8::2")
        #expect(hosts.count == UInt128(UInt64.max))
        let everything = try IPv6Network("::/0").addresses
        #expect(everything.count == nil)  // 2^128 does not fit
        #expect(everything.prefix(2).map(\.description) == ["::", "::1"])
        #expect(MemoryLayout<IPAddressRange<IPv6Address>>.size <= 2 * MemoryLayout<IPv6Address?>.size)
    }

    @Test("contains on an address range is O(1): asking a /0 does not iterate it")
    func rangeContains() throws {
        let everything = try IPv6Network("::/0").addresses
        #expect(everything.contains(try IPv6Address("ffff::1")))
        let hosts = try IPv4Network("10.0.0.0/8").hosts()
        #expect(!hosts.contains(try IPv4Address("10.255.255.255")))  // broadcast
        #expect(hosts.contains(try IPv4Address("10.1.2.3")))
    }

    @Test("iteration stops at the top of the address space without wrapping")
    func topOfSpace() throws {
        #expect(
            try IPv4Network("255.255.255.252/30").addresses.map(\.description)
                == ["255.255.255.252", "255.255.255.253", "255.255.255.254", "255.255.255.255"])
        #expect(try IPv6Network("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127").hosts().count == 2)
        let subnets = try IPv4Network("255.255.255.0/24").subnets(newPrefix: 32)
        #expect(Array(subnets).count == 256)
        #expect(subnets.last.description == "255.255.255.255/32")
    }

    @Test("subnets of a /8 into /32 and of an IPv6 /0 into /64 are lazy")
    func lazySubnets() throws {
        let small = try IPv4Network("10.0.0.0/8").subnets(newPrefix: 32)
        #expect(small.count == 16_777_216)
        #expect(small.prefix(2).map(\.description) == ["10.0.0.0/32", "10.0.0.1/32"])
        let huge = try IPv6Network("::/0").subnets(newPrefix: 64)
        #expect(huge.count == UInt128(UInt64.max) + 1)
        #expect(huge.prefix(2).map(\.description) == ["::/64", "0:0:0:1::/64"])
        #expect(try IPv6Network("::/0").subnets(newPrefix: 128).count == nil)
    }

    @Test("hosts() special cases: /31 and /127 give both addresses, /32 and /128 their one")
    func hostSpecialCases() throws {
        #expect(try IPv4Network("10.0.0.0/31").hosts().map(\.description) == ["10.0.0.0", "10.0.0.1"])
        #expect(try IPv4Network("10.0.0.7/32").hosts().map(\.description) == ["10.0.0.7"])
        #expect(try IPv4Network("10.0.0.0/30").hosts().map(\.description) == ["10.0.0.1", "10.0.0.2"])
        #expect(try IPv6Network("2001:db8::/127").hosts().map(\.description) == ["2001:db8::", "2001:db8::1"])
        #expect(try IPv6Network("2001:db8::7/128").hosts().map(\.description) == ["2001:db8::7"])
        // IPv6 keeps the last address: there is no broadcast, only the Subnet-Router anycast is left out.
        #expect(
            try IPv6Network("2001:db8::/126").hosts().map(\.description) == [
                "2001:db8::1", "2001:db8::2", "2001:db8::3",
            ])
    }

    @Test("map and filter on hosts() of 10.0.0.0/8 stay lazy: first touches one address, not 16 M")
    func lazyMapAndFilter() throws {
        let network = try IPv4Network("10.0.0.0/8")
        // Without a lazy `first`, this expression type-checks through the eager Array `map`.
        #expect(network.hosts().map { $0 }.first == (try IPv4Address("10.0.0.1")))
        var mapped = 0
        let firstHost = network.hosts().map { address in
            mapped += 1
            return address
        }.first
        #expect(firstHost?.description == "10.0.0.1")
        #expect(mapped == 1)
        var tested = 0
        let firstMatch = network.hosts().filter { address in
            tested += 1
            return address.value & 0xFF == 0x10
        }.map(\.value).first
        #expect(firstMatch == 0x0A00_0010)
        #expect(tested == 16)
        let lazyMap = network.hosts().map(\.value)
        #expect(type(of: lazyMap) == LazyMapSequence<IPAddressRange<IPv4Address>, UInt32>.self)
        // A /16 in /32s: were this eager it would visit 65,536 subnets, not hang on 2^64 of them.
        var subnetsSeen = 0
        let firstSubnet = try IPv4Network("10.1.0.0/16").subnets(newPrefix: 32).map { subnet in
            subnetsSeen += 1
            return subnet
        }.first
        #expect(firstSubnet?.description == "10.1.0.0/32")
        #expect(subnetsSeen == 1)
    }
}
