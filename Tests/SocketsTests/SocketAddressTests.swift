import Glibc
import Sockets
import Testing

@Suite("SocketAddress")
struct SocketAddressTests {
    @Test("numeric IPv4 text parses, prints as host:port and as Python's tuple")
    func ipv4() throws {
        let address = try SocketAddress(host: "127.0.0.1", port: 10000)
        #expect(address.family == .ipv4)
        #expect(address.kind == .ipv4(host: "127.0.0.1", port: 10000))
        #expect(address.host == "127.0.0.1" && address.port == 10000)
        #expect(address.path == nil && address.scopeID == nil)
        #expect(address.description == "127.0.0.1:10000")
        #expect(address.pythonDescription == "('127.0.0.1', 10000)")
        #expect(try SocketAddress(ipv4: "127.0.0.1", port: 10000) == address)
    }

    @Test("IPv6 text parses (bracketed or not, with a scope), prints compressed in brackets")
    func ipv6() throws {
        let address = try SocketAddress(host: "::1", port: 10000)
        #expect(address.family == .ipv6)
        #expect(address.description == "[::1]:10000")
        #expect(address.pythonDescription == "('::1', 10000, 0, 0)")
        #expect(try SocketAddress(host: "[::1]", port: 10000) == address)
        #expect(try SocketAddress(ipv6: "0:0:0:0:0:0:0:1", port: 10000) == address)
        let full = try SocketAddress(ipv6: "2002:AC10:10A:1234:21E:52FF:FE74:40E", port: 80, flowInfo: 5, scopeID: 0)
        #expect(full.host == "2002:ac10:10a:1234:21e:52ff:fe74:40e")
        #expect(full.flowInfo == 5)
        let scoped = try SocketAddress(ipv6: "fe80::1%1", port: 80)
        #expect(scoped.scopeID == 1)
        #expect(scoped.description == "[fe80::1%1]:80")
        #expect(try SocketAddress(ipv6: "fe80::1%lo", port: 80) == scoped)  // lo is interface 1
        #expect(scoped.kind == .ipv6(host: "fe80::1", port: 80, flowInfo: 0, scopeID: 1))
    }

    @Test("an empty host means every interface, as in Python")
    func anyAddress() throws {
        #expect(try SocketAddress(host: "", port: 10000).description == "0.0.0.0:10000")
    }

    @Test("bad text throws an error naming it; names are not looked up here")
    func invalid() throws {
        #expect(throws: SocketAddressError.notNumericHost("localhost")) { try SocketAddress(host: "localhost", port: 1) }
        #expect(SocketAddressError.notNumericHost("localhost").description
            == "not a numeric IPv4 or IPv6 address: \"localhost\" (resolve names with SocketAddress.resolve)")
        #expect(throws: SocketAddressError.notNumericHost("1.2.3.256")) { try SocketAddress(host: "1.2.3.256", port: 1) }
        #expect(throws: SocketAddressError.notNumericHost("1::2::3")) { try SocketAddress(host: "1::2::3", port: 1) }
        #expect(throws: SocketAddressError.invalidIPv4("::1")) { try SocketAddress(ipv4: "::1", port: 1) }
        #expect(SocketAddressError.invalidIPv4("::1").description == "not an IPv4 address: \"::1\"")
        #expect(throws: SocketAddressError.invalidIPv6("127.0.0.1")) { try SocketAddress(ipv6: "127.0.0.1", port: 1) }
        #expect(SocketAddressError.invalidIPv6("x").description == "not an IPv6 address: \"x\"")
        #expect(throws: SocketAddressError.unknownScope("nosuchif0")) { try SocketAddress(ipv6: "fe80::1%nosuchif0", port: 1) }
        #expect(SocketAddressError.unknownScope("nosuchif0").description == "no network interface for IPv6 scope \"nosuchif0\"")
    }

    @Test("'%' and ':' are found by byte, even when a combining mark follows them (one Character with it)")
    func separatorsBeforeCombiningMarks() throws {
        // "%\u{301}" is a single Character, so a Character search misses the "%" (found by the IPAddress fuzzer).
        #expect(throws: SocketAddressError.unknownScope("\u{301}x")) { try SocketAddress(ipv6: "fe80::1%\u{301}x", port: 1) }
        #expect(throws: SocketAddressError.unknownScope("\u{301}x")) { try SocketAddress(host: "fe80::1%\u{301}x", port: 1) }
        #expect(throws: SocketAddressError.notNumericHost("1:\u{301}")) { try SocketAddress(host: "1:\u{301}", port: 1) }
    }

    @Test("a Unix path prints as itself; an abstract name as @name, and Python's bytes form")
    func unix() throws {
        let address = try SocketAddress(unixPath: "/tmp/echo.sock")
        #expect(address.family == .unix)
        #expect(address.kind == .unix(path: "/tmp/echo.sock"))
        #expect(address.path == "/tmp/echo.sock" && address.host == nil && address.port == nil)
        #expect(address.description == "/tmp/echo.sock")
        #expect(address.pythonDescription == "'/tmp/echo.sock'")
        let abstract = try SocketAddress(unixPath: "\0name")
        #expect(abstract.path == "\0name")
        #expect(abstract.description == "@name")
        #expect(abstract.pythonDescription == "b'\\x00name'")
        #expect(abstract != (try SocketAddress(unixPath: "name")))
    }

    @Test("a Unix path longer than sun_path allows throws an error with its length")
    func unixPathTooLong() throws {
        let longest = "/" + String(repeating: "a", count: 106)  // 107 bytes: fits with its NUL
        #expect(try SocketAddress(unixPath: longest).path == longest)
        let tooLong = "/" + String(repeating: "a", count: 107)  // 108 bytes
        let error = try #require(throws: SocketAddressError.self) { try SocketAddress(unixPath: tooLong) }
        #expect(error == .unixPathTooLong(path: tooLong, byteCount: 108))
        #expect(error.description == "Unix socket path too long: 108 bytes, sun_path holds at most 107 bytes plus NUL: \(tooLong)")
        #expect(throws: SocketAddressError.unixPathContainsNUL("a\0b")) { try SocketAddress(unixPath: "a\0b") }
    }

    @Test("equal addresses are equal and hash alike; different ones differ")
    func hashable() throws {
        let a = try SocketAddress(host: "127.0.0.1", port: 80)
        let b = try SocketAddress(ipv4: "127.0.0.1", port: 80)
        let c = try SocketAddress(host: "127.0.0.1", port: 81)
        let d = try SocketAddress(host: "::1", port: 80)
        let e = try SocketAddress(unixPath: "/tmp/x")
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(a != c && a != d && a != e)
        #expect(Set([a, b, c, d, e, try SocketAddress(unixPath: "/tmp/x")]).count == 4)
    }

    @Test("an address the kernel reports equals the one built from text")
    func kernelRoundTrip() throws {
        let socket = try Socket(family: .ipv6, type: .datagram)
        try socket.bind(to: SocketAddress(host: "::1", port: 0))
        let bound = try socket.localAddress
        #expect(try SocketAddress(host: "::1", port: bound.port!) == bound)
    }
}
