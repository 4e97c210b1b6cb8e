/// What is wrong with a text, integer or byte string that was meant to be an IP address,
/// network or interface, or with an operation on one.
///
/// Each case carries the input, so ``description`` can quote it, in the form
/// `"10.9.0.256": octet 256 (> 255) not permitted`. The cases follow the checks of
/// Python's `ipaddress`, in the same order, so the same input fails for the same reason.
///
/// Python: `ipaddress.AddressValueError`, `ipaddress.NetmaskValueError` and `ValueError`.
public enum IPAddressError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The address text is empty (or only a scope ID, as in `"%eth0"`).
    ///
    /// Python: `AddressValueError("Address cannot be empty")`.
    case empty(String)
    /// An address text contains `/`; networks and interfaces take a prefix, addresses do not.
    ///
    /// Python: `AddressValueError("Unexpected '/' in ...")`.
    case unexpectedSlash(String)
    /// A network or interface text contains more than one `/`.
    ///
    /// Python: `AddressValueError("Only one '/' permitted in ...")`.
    case multipleSlashes(String)

    /// An IPv4 text does not have exactly four dot-separated octets; `found` is how many it has.
    ///
    /// Python: `AddressValueError("Expected 4 octets in ...")`.
    case octetCount(String, found: Int)
    /// An IPv4 octet is empty, as in `"1..2.3"`.
    ///
    /// Python: `AddressValueError("Empty octet not permitted in ...")`.
    case emptyOctet(String)
    /// An IPv4 octet holds something other than the ASCII digits 0–9.
    ///
    /// Python: `AddressValueError("Only decimal digits permitted in ...")`.
    case octetNotDecimal(String, octet: String)
    /// An IPv4 octet has more than three digits.
    ///
    /// Python: `AddressValueError("At most 3 characters permitted in ...")`.
    case octetTooLong(String, octet: String)
    /// An IPv4 octet has a leading zero, as in `"10.09.0.1"` (glibc's `inet_pton` rejects these too).
    ///
    /// Python: `AddressValueError("Leading zeros are not permitted in ...")` (Python 3.9.5 and later).
    case octetLeadingZeros(String, octet: String)
    /// An IPv4 octet is larger than 255.
    ///
    /// Python: `AddressValueError("Octet 256 (> 255) not permitted in ...")`.
    case octetOutOfRange(String, octet: Int)

    /// An IPv6 text has fewer than three colon-separated parts (two colons).
    ///
    /// Python: `AddressValueError("At least 3 parts expected in ...")`.
    case tooFewParts(String)
    /// An IPv6 text has more than eight colons.
    ///
    /// Python: `AddressValueError("At most 8 colons permitted in ...")`.
    case tooManyColons(String)
    /// An IPv6 text has more than one `::`.
    ///
    /// Python: `AddressValueError("At most one '::' permitted in ...")`.
    case multipleDoubleColons(String)
    /// An IPv6 text starts with a single `:`.
    ///
    /// Python: `AddressValueError("Leading ':' only permitted as part of '::' in ...")`.
    case leadingColon(String)
    /// An IPv6 text ends with a single `:`.
    ///
    /// Python: `AddressValueError("Trailing ':' only permitted as part of '::' in ...")`.
    case trailingColon(String)
    /// An IPv6 text has a `::` but already eight (or more) other groups, so `::` stands for nothing.
    ///
    /// Python: `AddressValueError("Expected at most 7 other parts with '::' in ...")`.
    case tooManyPartsWithDoubleColon(String)
    /// An IPv6 text without `::` does not have exactly eight groups; `found` is how many it has.
    ///
    /// Python: `AddressValueError("Exactly 8 parts expected without '::' in ...")`.
    case partCount(String, found: Int)
    /// An IPv6 group holds something other than hexadecimal digits.
    ///
    /// Python: `AddressValueError("Only hex digits permitted in ...")`.
    case hextetNotHex(String, hextet: String)
    /// An IPv6 group has more than four hexadecimal digits.
    ///
    /// Python: `AddressValueError("At most 4 characters permitted in ...")`.
    case hextetTooLong(String, hextet: String)
    /// The scope ID after `%` is empty or contains another `%`.
    ///
    /// Python: `AddressValueError('Invalid IPv6 address: ...')`.
    case invalidScopeID(String)

    /// The text after `/` is neither a prefix length nor (IPv4 only) a netmask or hostmask.
    ///
    /// Python: `NetmaskValueError("'...' is not a valid netmask")`.
    case invalidNetmask(String, mask: String)
    /// The prefix length is a number, but larger than the family allows (32 or 128).
    ///
    /// Python: `NetmaskValueError("'33' is not a valid netmask")`.
    case prefixOutOfRange(String, prefix: String, maxPrefixLength: Int)
    /// A strict network has bits set to the right of its prefix, as in `"10.9.0.1/24"`.
    ///
    /// Python: `ValueError("10.9.0.1/24 has host bits set")`.
    case hostBitsSet(String)

    /// An integer is negative or too large for the family; `version` is `nil` when both families were tried.
    ///
    /// Python: `AddressValueError("-1 (< 0) is not permitted as an IPv4 address")`.
    case integerOutOfRange(String, version: Int?)
    /// A packed address has the wrong number of bytes; `version` is `nil` when both families were tried.
    ///
    /// Python: `AddressValueError("b'\x01' (len 1 != 4) is not permitted as an IPv4 address")`.
    case packedLength([UInt8], version: Int?)

    /// The text is neither an IPv4 nor an IPv6 address; the two errors say why.
    ///
    /// Python: `ValueError("'x' does not appear to be an IPv4 or IPv6 address")`.
    indirect case notAnIPAddress(String, ipv4: IPAddressError, ipv6: IPAddressError)
    /// The text is neither an IPv4 nor an IPv6 network; the two errors say why.
    ///
    /// Python: `ValueError("'x' does not appear to be an IPv4 or IPv6 network")`.
    indirect case notAnIPNetwork(String, ipv4: IPAddressError, ipv6: IPAddressError)
    /// The text is neither an IPv4 nor an IPv6 interface; the two errors say why.
    ///
    /// Python: `ValueError("'x' does not appear to be an IPv4 or IPv6 interface")`.
    indirect case notAnIPInterface(String, ipv4: IPAddressError, ipv6: IPAddressError)

    /// `subnets` or `supernet` was asked for a prefix length outside `allowed`.
    ///
    /// Python: `ValueError('new prefix must be longer')`, `'new prefix must be shorter'`,
    /// `'prefix length diff 33 is invalid for netblock ...'`.
    case invalidNewPrefix(String, newPrefix: Int, allowed: ClosedRange<Int>)
    /// `addressExclude` was given a network that is not inside this one.
    ///
    /// Python: `ValueError('10.1.0.0/16 not contained in 10.0.0.0/16')`.
    case notASubnet(String, of: String)
    /// Adding `offset` to the address leaves the IPv`version` address space. `offset` is the
    /// signed amount added, exactly: `x - Int.min` adds 2^63, which only `Int128` holds.
    ///
    /// Python: `AddressValueError("4294967296 (>= 2**32) is not permitted as an IPv4 address")`.
    case addressOverflow(String, offset: Int128, version: Int)

    /// The error in plain words, quoting the input.
    ///
    /// Python: `str(exc)`.
    public var description: String {
        switch self {
        case .integerOutOfRange, .packedLength:
            return reason  // the reason quotes the integer or bytes itself
        case .notASubnet(let input, _), .addressOverflow(let input, _, _):
            return input + reason
        case .empty(let input), .unexpectedSlash(let input), .multipleSlashes(let input), .octetCount(let input, _),
            .emptyOctet(let input), .octetNotDecimal(let input, _), .octetTooLong(let input, _),
            .octetLeadingZeros(let input, _), .octetOutOfRange(let input, _), .tooFewParts(let input),
            .tooManyColons(let input), .multipleDoubleColons(let input), .leadingColon(let input),
            .trailingColon(let input), .tooManyPartsWithDoubleColon(let input), .partCount(let input, _),
            .hextetNotHex(let input, _), .hextetTooLong(let input, _), .invalidScopeID(let input),
            .invalidNetmask(let input, _), .prefixOutOfRange(let input, _, _), .hostBitsSet(let input),
            .notAnIPAddress(let input, _, _), .notAnIPNetwork(let input, _, _), .notAnIPInterface(let input, _, _),
            .invalidNewPrefix(let input, _, _):
            return quoted(input) + ": " + reason
        }
    }

    /// What is wrong, without the input it concerns.
    var reason: String {
        switch self {
        case .empty: "address cannot be empty"
        case .unexpectedSlash: "unexpected '/' in an address (a prefix belongs to a network or interface)"
        case .multipleSlashes: "only one '/' permitted"
        case .octetCount(_, let found): "expected 4 octets, found \(found)"
        case .emptyOctet: "empty octet not permitted"
        case .octetNotDecimal(_, let octet): "only decimal digits permitted in octet \(quoted(octet))"
        case .octetTooLong(_, let octet): "at most 3 characters permitted in octet \(quoted(octet))"
        case .octetLeadingZeros(_, let octet): "leading zeros are not permitted in octet \(quoted(octet))"
        case .octetOutOfRange(_, let octet): "octet \(octet) (> 255) not permitted"
        case .tooFewParts: "at least 3 parts (2 colons) expected"
        case .tooManyColons: "at most 8 colons permitted"
        case .multipleDoubleColons: "at most one '::' permitted"
        case .leadingColon: "leading ':' only permitted as part of '::'"
        case .trailingColon: "trailing ':' only permitted as part of '::'"
        case .tooManyPartsWithDoubleColon: "expected at most 7 other parts with '::'"
        case .partCount(_, let found): "exactly 8 parts expected without '::', found \(found)"
        case .hextetNotHex(_, let hextet): "only hex digits permitted in group \(quoted(hextet))"
        case .hextetTooLong(_, let hextet): "at most 4 characters permitted in group \(quoted(hextet))"
        case .invalidScopeID: "invalid scope ID (it must follow a single '%' and not be empty)"
        case .invalidNetmask(_, let mask): "\(quoted(mask)) is not a valid prefix length or netmask"
        case .prefixOutOfRange(_, let prefix, let max): "prefix length \(prefix) out of range (0...\(max))"
        case .hostBitsSet: "host bits set (pass strict: false to clear them)"
        case .integerOutOfRange(let value, let version):
            "\(value) (\(value.hasPrefix("-") ? "< 0" : ">= 2**\(version == 4 ? 32 : 128)")) "
                + (version.map { "is not permitted as an IPv\($0) address" }
                    ?? "does not appear to be an IPv4 or IPv6 address")
        case .packedLength(let bytes, let version):
            if let version {
                "\(pythonBytesLiteral(bytes)) (len \(bytes.count) != \(version == 4 ? 4 : 16)) "
                    + "is not permitted as an IPv\(version) address"
            } else {
                "\(pythonBytesLiteral(bytes)) (len \(bytes.count), neither 4 nor 16) "
                    + "does not appear to be an IPv4 or IPv6 address"
            }
        case .notAnIPAddress(_, let v4, let v6): Self.neither("address", v4, v6)
        case .notAnIPNetwork(_, let v4, let v6): Self.neither("network", v4, v6)
        case .notAnIPInterface(_, let v4, let v6): Self.neither("interface", v4, v6)
        case .invalidNewPrefix(_, let newPrefix, let allowed):
            "new prefix length \(newPrefix) must be in \(allowed.lowerBound)...\(allowed.upperBound)"
        case .notASubnet(_, let network): " not contained in \(network)"
        case .addressOverflow(_, let offset, let version):
            " \(offset < 0 ? "-" : "+") \(offset.magnitude) is outside the IPv\(version) address space"
        }
    }

    private static func neither(_ kind: String, _ v4: IPAddressError, _ v6: IPAddressError) -> String {
        "does not appear to be an IPv4 or IPv6 \(kind) (as IPv4: \(v4.reason); as IPv6: \(v6.reason))"
    }
}
