import Glibc
import IPAddress
import Sockets
import Testing

@Suite("SocketAddress and IPAddress values", .timeLimit(.minutes(1)))
struct SocketAddressIPAddressTests {
    @Test("an IPv4Address and a port make the same socket address as the text, and come back")
    func ipv4() throws {
        let address = SocketAddress(try IPv4Address("10.9.0.6"), port: 10000)
        #expect(address == (try SocketAddress(host: "10.9.0.6", port: 10000)))
        #expect(address.description == "10.9.0.6:10000")
        #expect(address.ipAddress == .v4(try IPv4Address("10.9.0.6")))
        #expect(SocketAddress(IPv4Address(.max), port: 0).host == "255.255.255.255")
    }

    @Test("an IPv6Address and a port make the same socket address as the text, and come back")
    func ipv6() throws {
        let text = "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa"
        let address = try SocketAddress(IPv6Address(text), port: 443, flowInfo: 7)
        #expect(address == (try SocketAddress(ipv6: text, port: 443, flowInfo: 7)))
        #expect(address.ipAddress == .v6(try IPv6Address(text)))
        #expect(try SocketAddress(IPv6Address("::ffff:1.2.3.4"), port: 1).host == "::ffff:1.2.3.4")
        #expect(try SocketAddress(IPv6Address(.max), port: 1).ipAddress == .v6(IPv6Address(.max)))
    }

    @Test("a scope ID becomes the interface index: a number as is, a name through if_nametoindex")
    func scopes() throws {
        let numeric = try SocketAddress(IPv6Address("fe80::1%1"), port: 80)
        #expect(numeric.scopeID == 1)
        #expect(try SocketAddress(IPv6Address("fe80::1%lo"), port: 80) == numeric)  // lo is interface 1
        #expect(numeric == (try SocketAddress(ipv6: "fe80::1%lo", port: 80)))
        #expect(throws: SocketAddressError.unknownScope("nosuchif0")) {
            try SocketAddress(IPv6Address("fe80::1%nosuchif0"), port: 80)
        }
        // Back again, the index is named as getnameinfo (and so Python) names it.
        #expect(numeric.ipAddress == .v6(try IPv6Address("fe80::1%lo")))
        let unnamed = try SocketAddress(ipv6: "fe80::1", port: 80, scopeID: 4_000_000)
        #expect(unnamed.ipAddress == .v6(try IPv6Address("fe80::1%4000000")))
    }

    @Test("AnyIPAddress picks the family; Unix addresses have no IP address")
    func either() throws {
        #expect(try SocketAddress(AnyIPAddress("127.0.0.1"), port: 1).family == .ipv4)
        #expect(try SocketAddress(AnyIPAddress("::1"), port: 1).family == .ipv6)
        #expect(throws: SocketAddressError.unknownScope("nosuchif0")) {
            try SocketAddress(AnyIPAddress("fe80::1%nosuchif0"), port: 1)
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let unix = try SocketAddress(unixPath: directory.file("server.sock"))
        #expect(unix.ipAddress == nil)
        let everything = [try AnyIPNetwork("0.0.0.0/0"), try AnyIPNetwork("::/0")]
        #expect(!everything.contains { $0.contains(unix) })
    }

    @Test("a client accepted over TCP is checked against an allow-list", arguments: [Socket.Family.ipv4, .ipv6])
    func allowList(family: Socket.Family) throws {
        let (listener, address) = try makeListener(family)
        let client = try Socket(family: family, type: .stream)
        #expect(try client.connect(to: address))
        let (_, clientAddress) = try #require(try listener.accept())
        // What verifyRequest(_:clientAddress:) would write:
        let allowed = [try AnyIPNetwork("127.0.0.0/8"), try AnyIPNetwork("::1/128")]
        #expect(allowed.contains { $0.contains(clientAddress) })
        #expect(try !AnyIPNetwork("10.0.0.0/8").contains(clientAddress))
        #expect(try IPv4Network("127.0.0.0/8").contains(clientAddress) == (family == .ipv4))
        #expect(clientAddress.ipAddress?.isLoopback == true)
        #expect(try clientAddress.ipAddress == (family == .ipv4 ? AnyIPAddress("127.0.0.1") : AnyIPAddress("::1")))
    }

    @Test("an IPv4 client of a dual-stack IPv6 server is IPv4-mapped, and an IPv4 network still holds it")
    func dualStack() throws {
        let listener = try Socket(family: .ipv6, type: .stream)
        try listener.setOption(.ipv6Only, false)
        try listener.bind(to: SocketAddress(host: "::", port: 0))
        try listener.listen()
        let port = try #require(try listener.localAddress.port)
        let client = try Socket(family: .ipv4, type: .stream)
        #expect(try client.connect(to: SocketAddress(host: "127.0.0.1", port: port)))
        let (_, clientAddress) = try #require(try listener.accept())
        #expect(clientAddress.family == .ipv6)
        #expect(clientAddress.ipAddress == .v6(try IPv6Address("::ffff:127.0.0.1")))  // as Python reports it
        #expect(try IPv4Network("127.0.0.0/8").contains(clientAddress))  // Python's `in` says False here
        #expect(try IPv6Network("::ffff:0:0/96").contains(clientAddress))
        #expect(try !IPv6Network("::1/128").contains(clientAddress))
    }
}
