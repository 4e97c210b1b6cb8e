import Glibc
import Sockets
import Testing

@Suite("Resolver", .timeLimit(.minutes(1)))
struct ResolverTests {
    @Test("localhost resolves to the IPv4 loopback for TCP")
    func localhost() throws {
        let results = try Resolver.addressInfo(host: "localhost", port: 10000, family: .ipv4, type: .stream)
        let first = try #require(results.first)
        #expect(first.family == .ipv4 && first.type == .stream && first.protocol == Int32(IPPROTO_TCP))
        #expect(first.address == (try SocketAddress(host: "127.0.0.1", port: 10000)))
        #expect(try SocketAddress.resolve(host: "localhost", port: 10000, family: .ipv4).description == "127.0.0.1:10000")
    }

    @Test("a service name resolves to its port, and the canonical name is reported when asked for")
    func serviceAndCanonicalName() throws {
        let results = try Resolver.addressInfo(
            host: "127.0.0.1", service: "http", family: .ipv4, type: .stream, flags: [.canonicalName, .numericHost])
        let first = try #require(results.first)
        #expect(first.address.port == 80)
        #expect(first.canonicalName == "127.0.0.1")
        let both = try Resolver.addressInfo(host: "::1", service: "80", flags: .numericHost)
        #expect(Set(both.map(\.type)).isSuperset(of: [.stream, .datagram]))
        #expect(both.allSatisfy { $0.family == .ipv6 && $0.address.description == "[::1]:80" })
    }

    @Test("passive with no host gives the wildcard address to bind to")
    func passive() throws {
        let results = try Resolver.addressInfo(host: nil, port: 10000, family: .ipv4, type: .datagram, flags: .passive)
        #expect(results.first?.address.description == "0.0.0.0:10000")
        #expect(results.first?.protocol == Int32(IPPROTO_UDP))
    }

    @Test("an unknown name throws ResolverError with the C library's message")
    func unknownName() throws {
        let error = try #require(throws: ResolverError.self) {
            try Resolver.addressInfo(host: "nosuchname.invalid", service: nil)
        }
        // EAI_NONAME where a name server answers; EAI_AGAIN on a machine that has none reachable.
        #expect(error.code == EAI_NONAME || error.code == EAI_AGAIN)
        #expect(error.description == "resolve nosuchname.invalid: \(error.message) (EAI \(error.code))")
        if error.code == EAI_NONAME {
            #expect(error.description == "resolve nosuchname.invalid: Name or service not known (EAI -2)")
            #expect(error.isUnknownName)
        }
    }

    @Test("a non-numeric host with numericHost fails the same way on every machine")
    func numericHostRequired() throws {
        let expected = ResolverError(code: EAI_NONAME, operation: "resolve", subject: "nosuchname")
        #expect(throws: expected) { try Resolver.addressInfo(host: "nosuchname", service: nil, flags: .numericHost) }
        #expect(expected.description == "resolve nosuchname: Name or service not known (EAI -2)")
        #expect(throws: ResolverError(code: EAI_NONAME, operation: "resolve", subject: "nosuchname:10000")) {
            try SocketAddress.resolve(host: "nosuchname", port: 10000, family: .ipv4).description
        }
    }

    @Test("nameInfo turns an address back into host and service names")
    func nameInfo() throws {
        let address = try SocketAddress(host: "127.0.0.1", port: 80)
        let numeric = try Resolver.nameInfo(address: address, flags: [.numericHost, .numericService])
        #expect(numeric.host == "127.0.0.1" && numeric.service == "80")
        let named = try Resolver.nameInfo(address: address, flags: .numericHost)
        #expect(named.service == "http")
        // glibc answers for Unix addresses too: this host's name and the path.
        let unix = try Resolver.nameInfo(address: SocketAddress(unixPath: "/tmp/x.sock"))
        #expect(unix.host == Resolver.hostname() && unix.service == "/tmp/x.sock")
    }

    @Test("hostname is gethostname's answer")
    func hostname() throws {
        var buffer = [CChar](repeating: 0, count: 256)
        #expect(gethostname(&buffer, 255) == 0)
        #expect(Resolver.hostname() == buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        #expect(!Resolver.hostname().isEmpty)
    }

    @Test("services and protocols are looked up in /etc/services and /etc/protocols, as in the seed")
    func servicesAndProtocols() throws {
        #expect(try Resolver.port(forService: "http") == 80)
        #expect(try Resolver.port(forService: "https", protocol: "tcp") == 443)
        #expect(try Resolver.port(forService: "ssh") == 22)
        #expect(try Resolver.serviceName(forPort: 443) == "https")
        #expect(try Resolver.serviceName(forPort: 25, protocol: "tcp") == "smtp")
        #expect(try Resolver.protocolNumber(forName: "icmp") == 1)
        #expect(try Resolver.protocolNumber(forName: "udp") == 17)
        #expect(try Resolver.protocolNumber(forName: "tcp") == 6)
    }

    @Test("an unknown service, port or protocol is a ResolverError with Python's words")
    func unknownServices() throws {
        let service = try #require(throws: ResolverError.self) { try Resolver.port(forService: "no-such-service") }
        #expect(service == ResolverError(code: 0, operation: "getservbyname", subject: "no-such-service/any", source: .serviceDatabase))
        #expect(service.description == "getservbyname no-such-service/any: service/proto not found")
        #expect(service.pythonDescription == "service/proto not found")
        #expect(service.pythonException == "OSError: service/proto not found")
        #expect(service.isUnknownName)
        let port = try #require(throws: ResolverError.self) { try Resolver.serviceName(forPort: 1, protocol: "udp") }
        #expect(port.description == "getservbyport 1/udp: port/proto not found")
        #expect(port.pythonDescription == "port/proto not found")
        let proto = try #require(throws: ResolverError.self) { try Resolver.protocolNumber(forName: "nope") }
        #expect(proto.description == "getprotobyname nope: protocol not found")
        #expect(proto.pythonDescription == "protocol not found")
    }
}
