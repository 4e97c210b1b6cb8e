import ArgumentParser
import Glibc
import Sockets

// socket_getservbyname.py, socket_getservbyport.py, socket_getprotobyname.py, socket_getaddrinfo.py,
// socket_getaddrinfo_extra_args.py. None of the seed's programs catches a failed lookup: each ends as
// Python's does on the exception, after what it printed before.

struct GetServByName: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_getservbyname", abstract: "Prints the port of each URL's scheme (socket.getservbyname).")

    @Argument(help: "URLs (the seed's nine: http://www.python.org ... pop3s://pop.example.com).")
    var urls = [
        "http://www.python.org", "https://www.mybank.com", "ftp://prep.ai.mit.edu", "gopher://gopher.micro.umn.edu",
        "smtp://mail.example.com", "imap://mail.example.com", "imaps://mail.example.com", "pop3://pop.example.com",
        "pop3s://pop.example.com",
    ]

    func run() throws {
        for url in urls {
            // urlparse(url).scheme: what precedes "://", or nothing.
            let scheme = url.firstRange(of: "://").map { String(url[..<$0.lowerBound]) } ?? ""
            out("\(padLeft(scheme, 6)) : \(try Resolver.port(forService: scheme))")
        }
    }
}

struct GetServByPort: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_getservbyport", abstract: "Prints a URL for each port's service (socket.getservbyport).")

    @Argument(help: "Ports (the seed's: 80 443 21 70 25 143 993 110 995).")
    var ports: [UInt16] = [80, 443, 21, 70, 25, 143, 993, 110, 995]

    func run() throws {
        for port in ports {
            out("\(try Resolver.serviceName(forPort: port))://example.com/")
        }
    }
}

struct GetProtoByName: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_getprotobyname", abstract: "Prints each protocol's number and constant (socket.getprotobyname).")

    @Argument(help: "Protocol names (the seed's: icmp udp tcp).")
    var names = ["icmp", "udp", "tcp"]

    func run() throws {
        for name in names {
            let number = try Resolver.protocolNumber(forName: name)
            let constant = protocolConstantName(number)
            let column = padLeft(String(number), 2)
            out("\(padLeft(name, 4)) -> \(column) (socket.\(padRight(constant, 12)) = \(column))")
        }
    }
}

struct GetAddrInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_getaddrinfo", abstract: "Prints every way to reach a host and service (socket.getaddrinfo).")

    @Argument(help: "The host (the seed's: www.python.org).")
    var host = "www.python.org"

    @Argument(help: "The service (the seed's: http).")
    var service = "http"

    func run() throws {
        printAddressInfo(try Resolver.addressInfo(host: host, service: service))
    }
}

struct GetAddrInfoExtraArgs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_getaddrinfo_extra_args",
        abstract: "getaddrinfo for IPv4 TCP only, with the canonical name (family, type, proto, AI_CANONNAME).")

    @Argument(help: "The host (the seed's: www.python.org).")
    var host = "www.python.org"

    @Argument(help: "The service (the seed's: http).")
    var service = "http"

    func run() throws {
        printAddressInfo(try Resolver.addressInfo(
            host: host, service: service, family: .ipv4, type: .stream, protocol: Int32(IPPROTO_TCP), flags: .canonicalName))
    }
}

/// The seed's loop over `getaddrinfo`'s tuples.
private func printAddressInfo(_ responses: [AddressInfo]) {
    for response in responses {
        out("Family        :", response.family.description)
        out("Type          :", response.type.description)
        out("Protocol      :", protocolConstantName(response.protocol))
        out("Canonical name:", response.canonicalName ?? "")
        out("Socket address:", response.address.pythonDescription)
        out()
    }
}

/// The seed's `get_constants('IPPROTO_')[number]`: Python's `IPPROTO_` names on Linux, the last name
/// in alphabetical order winning where two share a number (0 is `IPPROTO_IP`, not `IPPROTO_HOPOPTS`).
func protocolConstantName(_ number: Int32) -> String {
    let names: [Int32: String] = [
        0: "IP", 1: "ICMP", 2: "IGMP", 4: "IPIP", 6: "TCP", 8: "EGP", 12: "PUP", 17: "UDP", 22: "IDP", 29: "TP",
        41: "IPV6", 43: "ROUTING", 44: "FRAGMENT", 46: "RSVP", 47: "GRE", 50: "ESP", 51: "AH", 58: "ICMPV6",
        59: "NONE", 60: "DSTOPTS", 103: "PIM", 132: "SCTP", 136: "UDPLITE", 255: "RAW", 262: "MPTCP",
    ]
    return names[number].map { "IPPROTO_" + $0 } ?? String(number)
}
