import ArgumentParser
import CommandLineSupport
import IPAddress

// ipaddress_addresses.py, ipaddress_networks.py, ipaddress_network_iterate.py,
// ipaddress_network_iterate_hosts.py, ipaddress_network_membership.py, ipaddress_interfaces.py.
// The addresses are arguments, the seed's by default.

private let seedAddresses = ["10.9.0.6", "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa"]
private let seedNetworks = ["10.9.0.0/24", "fdfd:87b5:b475:5e3e::/64"]

struct IPAddressAddresses: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipaddress_addresses", abstract: "Prints the version, privacy, packed form and integer of addresses.")

    @Argument(help: "Addresses (the seed's: 10.9.0.6 fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa).")
    var addresses = seedAddresses

    func run() throws {
        for text in addresses {
            let address = try AnyIPAddress(text)
            out(pythonRepr(address))
            out("   IP version:", String(address.version))
            out("   is private:", pythonBool(address.isPrivate))
            out("  packed form:", pythonHexlify(address.packed))
            out("      integer:", address.integerText)
            out()
        }
    }
}

struct IPAddressNetworks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipaddress_networks", abstract: "Prints the broadcast address, masks and size of networks.")

    @Argument(help: "Networks (the seed's: 10.9.0.0/24 fdfd:87b5:b475:5e3e::/64).")
    var networks = seedNetworks

    func run() throws {
        for text in networks {
            let network = try AnyIPNetwork(text)
            out(pythonRepr(network))
            out("     is private:", pythonBool(network.isPrivate))
            out("      broadcast:", network.broadcastAddress.description)
            out("     compressed:", network.description)
            out("   with netmask:", network.withNetmask)
            out("  with hostmask:", network.withHostmask)
            out("  num addresses:", network.numAddressesText)
            out()
        }
    }
}

struct IPAddressNetworkIterate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipaddress_network_iterate", abstract: "Prints the first three addresses of networks.")

    @Argument(help: "Networks (the seed's: 10.9.0.0/24 fdfd:87b5:b475:5e3e::/64).")
    var networks = seedNetworks

    func run() throws {
        try printFirstAddresses(networks, hostsOnly: false)
    }
}

struct IPAddressNetworkIterateHosts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipaddress_network_iterate_hosts", abstract: "Prints the first three host addresses of networks.")

    @Argument(help: "Networks (the seed's: 10.9.0.0/24 fdfd:87b5:b475:5e3e::/64).")
    var networks = seedNetworks

    func run() throws {
        try printFirstAddresses(networks, hostsOnly: true)
    }
}

struct IPAddressNetworkMembership: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipaddress_network_membership", abstract: "Prints which known network each address is on.")

    func run() throws {
        let networks = [try AnyIPNetwork("10.9.0.0/24"), try AnyIPNetwork("fdfd:87b5:b475:5e3e::/64")]
        let addresses = try ["10.9.0.6", "10.7.0.31", "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa", "fe80::3840:c439:b25e:63b0"]
            .map { text throws(IPAddressError) in try AnyIPAddress(text) }
        for address in addresses {
            if let network = networks.first(where: { $0.contains(address) }) {
                out("\(address)\nis on \(network)")
            } else {
                out("\(address)\nis not on a known network")
            }
            out()
        }
    }
}

struct IPAddressInterfaces: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipaddress_interfaces", abstract: "Prints the network, address and masks of interfaces.")

    @Argument(help: "Interfaces (the seed's: 10.9.0.6/24 fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa/64).")
    var interfaces = ["10.9.0.6/24", "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa/64"]

    func run() throws {
        for text in interfaces {
            let interface = try AnyIPInterface(text)
            out(pythonRepr(interface))
            out("network:\n  ", interface.network.description)
            out("ip:\n  ", interface.ip.description)
            out("IP with prefixlen:\n  ", interface.withPrefixlen)
            out("netmask:\n  ", interface.withNetmask)
            out("hostmask:\n  ", interface.withHostmask)
            out()
        }
    }
}

/// The loop of ipaddress_network_iterate.py (all addresses) and ipaddress_network_iterate_hosts.py (hosts).
private func printFirstAddresses(_ networks: [String], hostsOnly: Bool) throws {
    for text in networks {
        let network = try AnyIPNetwork(text)
        out(pythonRepr(network))
        for address in network.firstAddresses(3, hostsOnly: hostsOnly) { out(address) }
        out()
    }
}

/// Python's `repr` of the `ipaddress` types: `IPv4Address('10.9.0.6')`.
private func pythonRepr(_ address: AnyIPAddress) -> String { "IPv\(address.version)Address('\(address)')" }
private func pythonRepr(_ network: AnyIPNetwork) -> String { "IPv\(network.version)Network('\(network)')" }
private func pythonRepr(_ interface: AnyIPInterface) -> String { "IPv\(interface.version)Interface('\(interface)')" }

/// Python's `str(bool)`.
func pythonBool(_ value: Bool) -> String { value ? "True" : "False" }

extension AnyIPAddress {
    /// Python: `int(address)`.
    fileprivate var integerText: String {
        switch self {
        case .v4(let address): String(address.value)
        case .v6(let address): String(address.value)
        }
    }
}

extension AnyIPNetwork {
    /// Python: `net.num_addresses` (2**128 for `::/0`, which no 128-bit integer holds).
    fileprivate var numAddressesText: String {
        switch self {
        case .v4(let network): String(network.numAddresses)
        case .v6(let network): network.numAddresses.map { String($0) } ?? "340282366920938463463374607431768211456"
        }
    }

    /// Python: `zip(range(count), net)` or `zip(range(count), net.hosts())`, as text; lazily, so a /8
    /// or a /64 costs no more than a /24.
    fileprivate func firstAddresses(_ count: Int, hostsOnly: Bool) -> [String] {
        switch self {
        case .v4(let network): (hostsOnly ? network.hosts() : network.addresses).prefix(count).map(\.description)
        case .v6(let network): (hostsOnly ? network.hosts() : network.addresses).prefix(count).map(\.description)
        }
    }
}
