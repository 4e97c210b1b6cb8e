import Glibc
import Sockets
import Testing

// Only names this machine answers from /etc/hosts (localhost, 127.0.0.1): never the network.
@Suite("Host lookups", .timeLimit(.minutes(1)))
struct HostLookupTests {
    @Test("ipv4Address(ofHost:) is gethostbyname: localhost is 127.0.0.1, numeric text comes back as it is")
    func ipv4AddressOfHost() throws {
        #expect(try Resolver.ipv4Address(ofHost: "localhost") == "127.0.0.1")
        #expect(try Resolver.ipv4Address(ofHost: "10.9.0.6") == "10.9.0.6")
    }

    @Test("hostEntry(named:) is gethostbyname_ex: the official name, aliases and addresses")
    func hostEntryNamed() throws {
        let entry = try Resolver.hostEntry(named: "localhost")
        #expect(entry.name == "localhost")
        #expect(entry.addresses.contains("127.0.0.1"))
        #expect(entry.addresses.allSatisfy { $0.split(separator: ".").count == 4 })
        let numeric = try Resolver.hostEntry(named: "127.0.0.1")
        #expect(numeric == HostEntry(name: "127.0.0.1", aliases: [], addresses: ["127.0.0.1"]))
    }

    @Test("hostEntry(forAddress:) is gethostbyaddr: 127.0.0.1 is localhost; a name is resolved first")
    func hostEntryForAddress() throws {
        let entry = try Resolver.hostEntry(forAddress: "127.0.0.1")
        #expect(entry.name == "localhost" || entry.aliases.contains("localhost"))
        #expect(entry.addresses == ["127.0.0.1"])
        #expect(try Resolver.hostEntry(forAddress: "localhost").addresses == ["127.0.0.1"])
    }

    @Test("an unknown host name fails as Python's gaierror does, with the resolver's text")
    func unknownHost() throws {
        let error = try #require(throws: ResolverError.self) { try Resolver.hostEntry(named: "nosuchname.invalid") }
        // EAI_NONAME where a name server answers; EAI_AGAIN on a machine that has none reachable.
        #expect(error.source == .addressInfo && (error.code == EAI_NONAME || error.code == EAI_AGAIN))
        #expect(error.pythonDescription == "[Errno \(error.code)] \(error.message)")
        let byName = try #require(throws: ResolverError.self) { try Resolver.ipv4Address(ofHost: "nosuchname.invalid") }
        #expect(byName.code == error.code && byName.subject == "nosuchname.invalid")
    }

    @Test("resolver errors print as Python prints them and end as its tracebacks do: gaierror, herror, EAI_SYSTEM")
    func pythonTexts() {
        let noName = ResolverError(code: EAI_NONAME, operation: "resolve", subject: "nosuchname")
        #expect(noName.pythonDescription == "[Errno -2] Name or service not known")
        #expect(noName.pythonException == "socket.gaierror: [Errno -2] Name or service not known")
        let unknownHost = ResolverError(code: 1, operation: "gethostbyaddr", subject: "10.9.0.10", source: .hostDatabase)
        #expect(unknownHost.description == "gethostbyaddr 10.9.0.10: Unknown host (h_errno 1)")
        #expect(unknownHost.pythonDescription == "[Errno 1] Unknown host")
        #expect(unknownHost.pythonException == "socket.herror: [Errno 1] Unknown host")
        #expect(unknownHost.isUnknownName && !unknownHost.isTemporary)
        let again = ResolverError(code: 2, operation: "gethostbyname", subject: "x", source: .hostDatabase)
        #expect(again.message == "Host name lookup failure" && again.isTemporary)
        let system = ResolverError(code: EAI_SYSTEM, operation: "resolve", subject: "x", systemErrno: EMFILE)
        #expect(system.description == "resolve x: Too many open files (EAI -11, errno 24)")
        #expect(system.pythonDescription == "[Errno 24] Too many open files")
        #expect(system.pythonException == "OSError: [Errno 24] Too many open files")
    }

    @Test("fullyQualifiedName is getfqdn: the reverse entry's first dotted name, else its name, else the input")
    func fullyQualifiedName() throws {
        let entry = try Resolver.hostEntry(forAddress: "127.0.0.1")
        let expected = ([entry.name] + entry.aliases).first { $0.contains(".") } ?? entry.name
        #expect(Resolver.fullyQualifiedName(" 127.0.0.1 ") == expected)
        #expect(Resolver.fullyQualifiedName("localhost") == expected)
        #expect(Resolver.fullyQualifiedName("nosuchname.invalid") == "nosuchname.invalid")
        #expect(!Resolver.fullyQualifiedName().isEmpty)
    }
}
