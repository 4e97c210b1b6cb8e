// Parsing "address/mask" text, shared by networks and interfaces of both families
// (Python: `_split_addr_prefix`, `_make_netmask`, `_prefix_from_prefix_string`,
// `_prefix_from_ip_string`).

/// An address family whose text and masks this module can parse.
protocol AddressTextParsing: IPAddressProtocol {
    /// Parses address text that has already been split from any `/mask`.
    init(bytes: Substring.UTF8View, input: String) throws(IPAddressError)

    /// The prefix length written after `/`: a decimal prefix length, or for IPv4 also a
    /// netmask or hostmask in dotted form.
    static func prefixLength(mask: Substring.UTF8View, input: String) throws(IPAddressError) -> Int
}

enum NetworkText {
    /// Splits `text` at its `/` and parses both sides: the address first, then the mask.
    /// A missing mask means the longest prefix (a single address).
    static func parse<Address: AddressTextParsing>(
        _ text: String, as _: Address.Type
    ) throws(IPAddressError) -> (address: Address, prefixLength: Int) {
        let bytes = text.utf8[...]
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else {
            return (try Address(bytes: bytes, input: text), Address.maxPrefixLength)
        }
        let mask = bytes[bytes.index(after: slash)...]
        guard !mask.contains(UInt8(ascii: "/")) else { throw .multipleSlashes(text) }
        let address = try Address(bytes: bytes[..<slash], input: text)
        return (address, try Address.prefixLength(mask: mask, input: text))
    }

    /// The value of a prefix length written in decimal, as Python's `_prefix_from_prefix_string`
    /// reads it (ASCII digits only, leading zeros allowed), saturated at 1000; nil if `mask` is
    /// empty or not all digits.
    static func decimalValue(_ mask: Substring.UTF8View) -> Int? {
        guard !mask.isEmpty else { return nil }
        var value = 0
        for byte in mask {
            guard let digit = byte.decimalDigitValue else { return nil }
            value = Swift.min(value * 10 + Int(digit), 1_000)  // any longer number is out of range anyway
        }
        return value
    }

    /// The prefix length of a netmask (ones, then zeros) or, failing that, of a hostmask
    /// (zeros, then ones); nil for any other bit pattern. All zeros and all ones read as
    /// netmasks (/0 and /32), as in Python.
    static func prefixLength<Value: FixedWidthInteger>(ofMask mask: Value) -> Int? {
        let leadingOnes = (~mask).leadingZeroBitCount
        if leadingOnes == mask.nonzeroBitCount { return leadingOnes }
        if mask.leadingZeroBitCount + mask.nonzeroBitCount == Value.bitWidth { return mask.leadingZeroBitCount }
        return nil
    }

    /// The decimal prefix length in `mask` if it is all digits, checked against `max`.
    static func checkedDecimalPrefix(
        _ mask: Substring.UTF8View, max: Int, input: String
    ) throws(IPAddressError) -> Int? {
        guard let value = decimalValue(mask) else { return nil }
        guard value <= max else {
            throw .prefixOutOfRange(input, prefix: String(Substring(mask)), maxPrefixLength: max)
        }
        return value
    }
}

extension IPv4Address: AddressTextParsing {
    init(bytes: Substring.UTF8View, input: String) throws(IPAddressError) {
        self.init(try IPv4Parser.parse(bytes, input: input))
    }

    static func prefixLength(mask: Substring.UTF8View, input: String) throws(IPAddressError) -> Int {
        // Python reads a decimal prefix length first, then a dotted netmask, then a dotted hostmask.
        if let prefix = try NetworkText.checkedDecimalPrefix(mask, max: 32, input: input) { return prefix }
        if let bits = try? IPv4Parser.parse(mask, input: input), let prefix = NetworkText.prefixLength(ofMask: bits) {
            return prefix
        }
        throw .invalidNetmask(input, mask: String(Substring(mask)))
    }
}

extension IPv6Address: AddressTextParsing {
    init(bytes: Substring.UTF8View, input: String) throws(IPAddressError) {
        let (address, scopeID) = try IPv6Parser.splitScope(bytes, input: input)
        self.init(value: try IPv6Parser.parse(address, input: input), scopeID: scopeID)
    }

    static func prefixLength(mask: Substring.UTF8View, input: String) throws(IPAddressError) -> Int {
        // Python 3.11 takes no netmask form for IPv6, only a decimal prefix length.
        guard let prefix = try NetworkText.checkedDecimalPrefix(mask, max: 128, input: input) else {
            throw .invalidNetmask(input, mask: String(Substring(mask)))
        }
        return prefix
    }
}

extension IPAddressProtocol {
    /// Checks a prefix length given with `address` for a network or interface: 0...`maxPrefixLength`.
    ///
    /// - Throws: ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``, quoting `address/prefixLength`.
    static func checkPrefixLength(_ prefixLength: Int, of address: Self) throws(IPAddressError) {
        guard (0...maxPrefixLength).contains(prefixLength) else {
            throw .prefixOutOfRange(
                "\(address)/\(prefixLength)", prefix: String(prefixLength), maxPrefixLength: maxPrefixLength)
        }
    }

    /// The network address of `address/prefixLength`, as Python's network constructors find it:
    /// `address` itself (scope ID kept) when no host bits are set, else the masked value.
    ///
    /// - Throws: ``IPAddressError/prefixOutOfRange(_:prefix:maxPrefixLength:)``, or
    ///   ``IPAddressError/hostBitsSet(_:)`` if `strict` and host bits are set.
    static func networkAddress(
        of address: Self, prefixLength: Int, strict: Bool
    ) throws(IPAddressError) -> Self {
        try checkPrefixLength(prefixLength, of: address)
        let masked = address.value & maskValue(prefixLength: prefixLength)
        if masked == address.value { return address }
        guard !strict else { throw .hostBitsSet("\(address)/\(prefixLength)") }
        return Self(masked)
    }
}
