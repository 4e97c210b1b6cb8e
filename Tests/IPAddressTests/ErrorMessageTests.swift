import IPAddress
import Testing

/// The text of `body`'s error, or a note that it did not throw.
private func message<T>(_ body: () throws(IPAddressError) -> T) -> String {
    do {
        let value = try body()
        return "no error: \(value)"
    } catch {
        return error.description
    }
}

@Suite("Error messages")
struct ErrorMessageTests {
    @Test(
        "IPv4 text errors quote the input and name the fault",
        arguments: [
            ("10.9.0.256", #""10.9.0.256": octet 256 (> 255) not permitted"#),
            ("", #""": address cannot be empty"#),
            ("1.2.3", #""1.2.3": expected 4 octets, found 3"#),
            ("1.2.3.4.5", #""1.2.3.4.5": expected 4 octets, found 5"#),
            ("1..2.3", #""1..2.3": empty octet not permitted"#),
            ("1.a.2.3", #""1.a.2.3": only decimal digits permitted in octet "a""#),
            ("1.2345.3.4", #""1.2345.3.4": at most 3 characters permitted in octet "2345""#),
            ("10.09.0.1", #""10.09.0.1": leading zeros are not permitted in octet "09""#),
            ("1.2.3.\t", #""1.2.3.\t": only decimal digits permitted in octet "\t""#),
            ("1.2.3.4/24", #""1.2.3.4/24": unexpected '/' in an address (a prefix belongs to a network or interface)"#),
        ])
    func ipv4Text(input: String, expected: String) {
        #expect(message { () throws(IPAddressError) in try IPv4Address(input) } == expected)
    }

    @Test(
        "IPv6 text errors quote the input and name the fault",
        arguments: [
            ("1:2", #""1:2": at least 3 parts (2 colons) expected"#),
            ("1:2:3:4:5:6:7:8:9", #""1:2:3:4:5:6:7:8:9": exactly 8 parts expected without '::', found 9"#),
            ("1:2:3:4:5:6:7:8:9:0", #""1:2:3:4:5:6:7:8:9:0": at most 8 colons permitted"#),
            ("1::2::3", #""1::2::3": at most one '::' permitted"#),
            (":1::2", #"":1::2": leading ':' only permitted as part of '::'"#),
            ("1::2:", #""1::2:": trailing ':' only permitted as part of '::'"#),
            ("1:2:3:4::5:6:7:8", #""1:2:3:4::5:6:7:8": expected at most 7 other parts with '::'"#),
            ("1:2:3:4:5:6:7", #""1:2:3:4:5:6:7": exactly 8 parts expected without '::', found 7"#),
            ("12345::", #""12345::": at most 4 characters permitted in group "12345""#),
            ("::g", #""::g": only hex digits permitted in group "g""#),
            ("fe80::1%", #""fe80::1%": invalid scope ID (it must follow a single '%' and not be empty)"#),
            ("::1.2.3.256", #""::1.2.3.256": octet 256 (> 255) not permitted"#),
            ("%eth0", #""%eth0": address cannot be empty"#),
        ])
    func ipv6Text(input: String, expected: String) {
        #expect(message { () throws(IPAddressError) in try IPv6Address(input) } == expected)
    }

    @Test("network errors: prefix out of range, bad netmask, host bits, extra slash")
    func networkText() {
        #expect(
            message { () throws(IPAddressError) in try IPv4Network("10.0.0.0/33") }
                == #""10.0.0.0/33": prefix length 33 out of range (0...32)"#)
        #expect(
            message { () throws(IPAddressError) in try IPv6Network("::/129") }
                == #""::/129": prefix length 129 out of range (0...128)"#)
        #expect(
            message { () throws(IPAddressError) in try IPv4Network("10.0.0.0/255.0.255.0") }
                == #""10.0.0.0/255.0.255.0": "255.0.255.0" is not a valid prefix length or netmask"#)
        #expect(
            message { () throws(IPAddressError) in try IPv6Network("::/ffff::") }
                == #""::/ffff::": "ffff::" is not a valid prefix length or netmask"#)
        #expect(
            message { () throws(IPAddressError) in try IPv4Network("10.9.0.1/24") }
                == #""10.9.0.1/24": host bits set (pass strict: false to clear them)"#)
        #expect(
            message { () throws(IPAddressError) in try IPv4Network("10.9.0.1/255.255.255.0") }
                == #""10.9.0.1/24": host bits set (pass strict: false to clear them)"#)
        #expect(
            message { () throws(IPAddressError) in try IPv4Network("1.2.3.0/24/3") }
                == #""1.2.3.0/24/3": only one '/' permitted"#)
        #expect(
            message { () throws(IPAddressError) in try IPv4Interface(address: IPv4Address(0), prefixLength: -1) }
                == #""0.0.0.0/-1": prefix length -1 out of range (0...32)"#)
    }

    @Test("integer and packed errors read like Python's")
    func integerAndPacked() {
        #expect(
            message { () throws(IPAddressError) in try IPv4Address(integer: -1) }
                == "-1 (< 0) is not permitted as an IPv4 address")
        #expect(
            message { () throws(IPAddressError) in try IPv4Address(integer: 1 << 32) }
                == "4294967296 (>= 2**32) is not permitted as an IPv4 address")
        #expect(
            message { () throws(IPAddressError) in try IPv6Address(integer: Int128.min) }
                == "-170141183460469231731687303715884105728 (< 0) is not permitted as an IPv6 address")
        #expect(
            message { () throws(IPAddressError) in try AnyIPAddress(integer: -1) }
                == "-1 (< 0) does not appear to be an IPv4 or IPv6 address")
        #expect(
            message { () throws(IPAddressError) in try IPv4Address(packed: [1, 2, 3]) }
                == #"b'\x01\x02\x03' (len 3 != 4) is not permitted as an IPv4 address"#)
        #expect(
            message { () throws(IPAddressError) in try AnyIPAddress(packed: [0x41, 0x27, 0x5C]) }
                == #"b"A'\\" (len 3, neither 4 nor 16) does not appear to be an IPv4 or IPv6 address"#)
    }

    @Test("parse-either errors say why each family refused the text")
    func either() {
        #expect(
            message { () throws(IPAddressError) in try AnyIPAddress("x") }
                == #""x": does not appear to be an IPv4 or IPv6 address "#
                + "(as IPv4: expected 4 octets, found 1; as IPv6: at least 3 parts (2 colons) expected)")
        #expect(
            message { () throws(IPAddressError) in try AnyIPNetwork("::/200") }
                == #""::/200": does not appear to be an IPv4 or IPv6 network "#
                + "(as IPv4: expected 4 octets, found 1; as IPv6: prefix length 200 out of range (0...128))")
        #expect(
            message { () throws(IPAddressError) in try AnyIPInterface("1.2.3.4/33") }
                == #""1.2.3.4/33": does not appear to be an IPv4 or IPv6 interface "#
                + "(as IPv4: prefix length 33 out of range (0...32); as IPv6: at least 3 parts (2 colons) expected)")
    }

    @Test("a host-bits error ends the parse-either search, as Python's ValueError does")
    func hostBitsPassThrough() {
        #expect(throws: IPAddressError.hostBitsSet("10.9.0.1/24")) { try AnyIPNetwork("10.9.0.1/24") }
        #expect(throws: IPAddressError.hostBitsSet("2001:db8::1/32")) { try AnyIPNetwork("2001:db8::1/32") }
    }

    @Test("the thrown case carries the input and the detail")
    func exactCases() {
        #expect(throws: IPAddressError.octetOutOfRange("10.9.0.256", octet: 256)) { try IPv4Address("10.9.0.256") }
        #expect(throws: IPAddressError.octetLeadingZeros("01.2.3.4", octet: "01")) { try IPv4Address("01.2.3.4") }
        #expect(throws: IPAddressError.partCount("1:2:3", found: 3)) { try IPv6Address("1:2:3") }
        #expect(throws: IPAddressError.invalidScopeID("fe80::1%a%b")) { try IPv6Address("fe80::1%a%b") }
        #expect(throws: IPAddressError.invalidNetmask("1.2.3.0/", mask: "")) { try IPv4Network("1.2.3.0/") }
    }

    @Test("operation errors: subnets, supernet, address_exclude, arithmetic")
    func operations() throws {
        let network = try IPv4Network("10.0.0.0/24")
        #expect(
            message { () throws(IPAddressError) in try network.subnets(newPrefix: 20) }
                == #""10.0.0.0/24": new prefix length 20 must be in 24...32"#)
        #expect(
            message { () throws(IPAddressError) in try network.subnets(prefixLengthDiff: 9) }
                == #""10.0.0.0/24": new prefix length 33 must be in 24...32"#)
        #expect(
            message { () throws(IPAddressError) in try network.supernet(newPrefix: 25) }
                == #""10.0.0.0/24": new prefix length 25 must be in 0...24"#)
        #expect(
            message { () throws(IPAddressError) in
                try IPv4Network("10.0.0.0/16").addressExclude(IPv4Network("10.1.0.0/16"))
            }
                == "10.1.0.0/16 not contained in 10.0.0.0/16")
        #expect(
            message { () throws(IPAddressError) in try IPv4Address("255.255.255.255") + 1 }
                == "255.255.255.255 + 1 is outside the IPv4 address space")
        #expect(
            message { () throws(IPAddressError) in try IPv6Address("::") - 1 }
                == ":: - 1 is outside the IPv6 address space")
        // Subtracting Int.min adds 2**63, one more than Int.max: the message says so exactly.
        #expect(
            message { () throws(IPAddressError) in try IPv4Address("0.0.0.1") - Int.min }
                == "0.0.0.1 + 9223372036854775808 is outside the IPv4 address space")
        #expect(
            message { () throws(IPAddressError) in try IPv6Address(.max) - Int.min }
                == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff + 9223372036854775808 is outside the IPv6 address space")
    }
}
