import ArgumentParser
import CommandLineSupport
import IPAddress

// socket_address_packing.py, socket_ipv6_address_packing.py: `inet_aton`/`inet_ntoa` and
// `inet_pton`/`inet_ntop` are the IPAddress module's `packed` and `init(packed:)`.

struct AddressPacking: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_address_packing", abstract: "Packs IPv4 addresses into 4 bytes and back (inet_aton, inet_ntoa).")

    @Argument(help: "IPv4 addresses (the seed's: 192.168.1.1 127.0.0.1).")
    var addresses = ["192.168.1.1", "127.0.0.1"]

    func run() throws {
        for stringAddress in addresses {
            let packed = try IPv4Address(stringAddress).packed
            out("Original:", stringAddress)
            out("Packed  :", pythonHexlify(packed))
            out("Unpacked:", try IPv4Address(packed: packed).description)
            out()
        }
    }
}

struct IPv6AddressPacking: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_ipv6_address_packing",
        abstract: "Packs an IPv6 address into 16 bytes and back (inet_pton, inet_ntop).")

    @Argument(help: "An IPv6 address (the seed's: 2002:ac10:10a:1234:21e:52ff:fe74:40e).")
    var stringAddress = "2002:ac10:10a:1234:21e:52ff:fe74:40e"

    func run() throws {
        let packed = try IPv6Address(stringAddress).packed
        out("Original:", stringAddress)
        out("Packed  :", pythonHexlify(packed))
        out("Unpacked:", try IPv6Address(packed: packed).description)
    }
}
