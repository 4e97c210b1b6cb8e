import IPAddress
import Testing

/// The `ipaddress_*.py` programs of the seed and the values they print.
@Suite("Seed programs")
struct SeedExampleTests {
    @Test("ipaddress_addresses.py: version, is_private, packed form and integer of each address")
    func addresses() throws {
        let v4 = try AnyIPAddress("10.9.0.6")
        #expect(v4 == .v4(IPv4Address(168_361_990)))
        #expect(v4.version == 4)
        #expect(v4.isPrivate)
        #expect(hex(v4.packed) == "0a090006")
        guard case .v4(let address) = v4 else {
            Issue.record("not IPv4")
            return
        }
        #expect(address.value == 168_361_990)

        let v6 = try AnyIPAddress("fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa")
        #expect(v6.version == 6)
        #expect(v6.isPrivate)
        #expect(hex(v6.packed) == "fdfd87b5b4755e3eb1bce121a8eb14aa")
        guard case .v6(let address6) = v6 else {
            Issue.record("not IPv6")
            return
        }
        #expect(address6.value == 337_611_086_560_236_126_439_725_644_408_160_982_186)
        #expect(v6.description == "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa")
    }

    @Test("ipaddress_networks.py: is_private, broadcast, compressed, with_netmask, with_hostmask, num_addresses")
    func networks() throws {
        let v4 = try IPv4Network("10.9.0.0/24")
        #expect(v4.isPrivate)
        #expect(v4.broadcastAddress.description == "10.9.0.255")
        #expect(v4.description == "10.9.0.0/24")
        #expect(v4.withNetmask == "10.9.0.0/255.255.255.0")
        #expect(v4.withHostmask == "10.9.0.0/0.0.0.255")
        #expect(v4.numAddresses == 256)

        let v6 = try IPv6Network("fdfd:87b5:b475:5e3e::/64")
        #expect(v6.isPrivate)
        #expect(v6.broadcastAddress.description == "fdfd:87b5:b475:5e3e:ffff:ffff:ffff:ffff")
        #expect(v6.description == "fdfd:87b5:b475:5e3e::/64")
        #expect(v6.withNetmask == "fdfd:87b5:b475:5e3e::/ffff:ffff:ffff:ffff::")
        #expect(v6.withHostmask == "fdfd:87b5:b475:5e3e::/::ffff:ffff:ffff:ffff")
        #expect(v6.numAddresses == 18_446_744_073_709_551_616)
        #expect(try AnyIPNetwork("fdfd:87b5:b475:5e3e::/64") == .v6(v6))
    }

    @Test("ipaddress_network_iterate.py: the first three addresses of each network")
    func iterate() throws {
        #expect(
            try IPv4Network("10.9.0.0/24").addresses.prefix(3).map(\.description)
                == ["10.9.0.0", "10.9.0.1", "10.9.0.2"])
        #expect(
            try IPv6Network("fdfd:87b5:b475:5e3e::/64").addresses.prefix(3).map(\.description)
                == ["fdfd:87b5:b475:5e3e::", "fdfd:87b5:b475:5e3e::1", "fdfd:87b5:b475:5e3e::2"])
    }

    @Test("ipaddress_network_iterate_hosts.py: the first three hosts skip the network address")
    func iterateHosts() throws {
        #expect(
            try IPv4Network("10.9.0.0/24").hosts().prefix(3).map(\.description)
                == ["10.9.0.1", "10.9.0.2", "10.9.0.3"])
        #expect(
            try IPv6Network("fdfd:87b5:b475:5e3e::/64").hosts().prefix(3).map(\.description)
                == ["fdfd:87b5:b475:5e3e::1", "fdfd:87b5:b475:5e3e::2", "fdfd:87b5:b475:5e3e::3"])
    }

    @Test("ipaddress_network_membership.py: which known network each address is on")
    func membership() throws {
        let networks = [try AnyIPNetwork("10.9.0.0/24"), try AnyIPNetwork("fdfd:87b5:b475:5e3e::/64")]
        func home(_ text: String) throws -> String {
            let address = try AnyIPAddress(text)
            return networks.first { $0.contains(address) }.map { "is on \($0)" } ?? "is not on a known network"
        }
        #expect(try home("10.9.0.6") == "is on 10.9.0.0/24")
        #expect(try home("10.7.0.31") == "is not on a known network")
        #expect(try home("fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa") == "is on fdfd:87b5:b475:5e3e::/64")
        #expect(try home("fe80::3840:c439:b25e:63b0") == "is not on a known network")
    }

    @Test("ipaddress_interfaces.py: network, ip, with_prefixlen, with_netmask, with_hostmask")
    func interfaces() throws {
        let v4 = try AnyIPInterface("10.9.0.6/24")
        #expect(v4.network.description == "10.9.0.0/24")
        #expect(v4.ip.description == "10.9.0.6")
        #expect(v4.withPrefixlen == "10.9.0.6/24")
        #expect(v4.withNetmask == "10.9.0.6/255.255.255.0")
        #expect(v4.withHostmask == "10.9.0.6/0.0.0.255")

        let v6 = try AnyIPInterface("fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa/64")
        #expect(v6.network.description == "fdfd:87b5:b475:5e3e::/64")
        #expect(v6.ip.description == "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa")
        #expect(v6.withPrefixlen == "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa/64")
        #expect(v6.withNetmask == "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa/ffff:ffff:ffff:ffff::")
        #expect(v6.withHostmask == "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa/::ffff:ffff:ffff:ffff")
    }
}
