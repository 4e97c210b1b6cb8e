import IPAddress

// What the Swift module answers for each key of the second oracle table (ipaddress-cases-b.tsv,
// from scripts/gen-ipaddress-cases-b.py), as text in Python's format. A function returns nil for
// a key it does not know, which the runner reports as a mismatch. Adapted from the independent
// implementation's runner (branch ipaddress2, a35302b); namespaced so it sits beside the first table's.

enum OracleBFields {
    /// The Python error kind (the script's KINDS) that an `IPAddressError` corresponds to.
    static func pythonKind(of error: IPAddressError) -> String {
        switch error {
        case .empty: "empty"
        case .unexpectedSlash: "unexpectedSlash"
        case .multipleSlashes: "multipleSlashes"
        case .invalidScopeID: "invalidScopeID"
        case .octetCount: "octetCount"
        case .emptyOctet: "emptyOctet"
        case .octetNotDecimal: "octetNotDecimal"
        case .octetTooLong: "octetTooLong"
        case .octetLeadingZeros: "octetLeadingZeros"
        case .octetOutOfRange: "octetOutOfRange"
        case .tooFewParts: "tooFewParts"
        case .tooManyColons: "tooManyColons"
        case .multipleDoubleColons: "multipleDoubleColons"
        case .leadingColon: "leadingColon"
        case .trailingColon: "trailingColon"
        case .tooManyPartsWithDoubleColon: "tooManyPartsWithDoubleColon"
        case .partCount: "partCount"
        case .hextetNotHex: "hextetNotHex"
        case .hextetTooLong: "hextetTooLong"
        case .invalidNetmask, .prefixOutOfRange: "netmask"  // both NetmaskValueError in Python
        case .hostBitsSet: "hostBitsSet"
        case .integerOutOfRange(_, nil), .packedLength(_, nil): "notAnIPAddress"  // both families refused it
        case .integerOutOfRange, .packedLength, .addressOverflow: "outOfRange"
        case .notAnIPAddress: "notAnIPAddress"
        case .notAnIPNetwork: "notAnIPNetwork"
        case .notAnIPInterface: "notAnIPInterface"
        case .invalidNewPrefix: "newPrefix"
        case .notASubnet: "notASubnet"
        }
    }

    /// `body()`, or `!kind` for the error it throws.
    static func outcome(_ body: () throws(IPAddressError) -> String) -> String {
        do {
            return try body()
        } catch {
            return "!" + pythonKind(of: error)
        }
    }

    /// The integer after `prefix` in a key such as `add@-5`, or nil.
    static func parameter(_ key: String, _ prefix: String) -> Int? {
        key.hasPrefix(prefix) ? Int(key.dropFirst(prefix.count)) : nil
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    static func joined(_ items: some Sequence<some CustomStringConvertible>) -> String {
        items.map(\.description).joined(separator: ",")
    }

    /// The names of the true flags, in the script's order.
    static func flags(_ pairs: KeyValuePairs<String, Bool>) -> String {
        pairs.filter(\.value).map(\.key).joined(separator: ",")
    }

    static func addressField<Address: IPAddressProtocol>(_ a: Address, _ key: String) -> String? {
        let v6 = a as? IPv6Address
        switch key {
        case "v": return String(a.version)
        case "str": return a.description
        case "int": return String(a.value)
        case "packed": return hex(a.packed)
        case "exploded": return a.exploded
        case "rev": return a.reversePointer
        case "flags":
            return flags([
                "private": a.isPrivate, "global": a.isGlobal, "loopback": a.isLoopback, "multicast": a.isMulticast,
                "linklocal": a.isLinkLocal, "reserved": a.isReserved, "unspecified": a.isUnspecified,
                "sitelocal": v6?.isSiteLocal ?? false,
            ])
        case "scope": return v6.map { $0.scopeID ?? "-" }
        case "mapped": return v6.map { $0.ipv4Mapped?.description ?? "-" }
        case "6to4": return v6.map { $0.sixToFour?.description ?? "-" }
        case "teredo": return v6.map { $0.teredo.map { "\($0.server),\($0.client)" } ?? "-" }
        default:
            guard let n = parameter(key, "add@") else { return nil }
            return outcome { () throws(IPAddressError) in try (a + n).description }
        }
    }

    /// The fields of one row's network, as a function from key to value; a walk over its hosts, or
    /// over its subnets for one new prefix, is made once for the row however many keys read it.
    static func networkFields<Network: IPNetworkProtocol>(_ n: Network) -> (String) -> String? {
        let walks = NetworkWalks(n)
        return { networkField(n, $0, walks) }
    }

    /// The walks made so far over one row's network: `hostslast` and `hostscount` share one, and so do
    /// `sublast@p` and `subcount@p`.
    final class NetworkWalks<Network: IPNetworkProtocol> {
        typealias Walk = (last: String, count: String)
        private let network: Network
        private var hostsWalk: Walk?
        private var subnetWalks: [Int: Result<Walk, IPAddressError>] = [:]

        init(_ network: Network) { self.network = network }

        var hosts: Walk {
            if let hostsWalk { return hostsWalk }
            let walk = OracleBFields.walked(network.hosts())
            hostsWalk = walk
            return walk
        }

        func subnets(newPrefix: Int) -> Result<Walk, IPAddressError> {
            if let walk = subnetWalks[newPrefix] { return walk }
            let walk = Result { () throws(IPAddressError) in
                OracleBFields.walked(try network.subnets(newPrefix: newPrefix))
            }
            subnetWalks[newPrefix] = walk
            return walk
        }
    }

    static func networkField<Network: IPNetworkProtocol>(
        _ n: Network, _ key: String, _ walks: NetworkWalks<Network>
    ) -> String? {
        let v6 = n as? IPv6Network
        switch key {
        case "v": return String(n.version)
        case "str": return n.description
        case "exploded": return n.exploded
        case "net": return n.networkAddress.description
        case "bcast": return n.broadcastAddress.description
        case "mask": return n.netmask.description
        case "hmask": return n.hostmask.description
        case "plen": return String(n.prefixLength)
        case "num":
            if let v4 = n as? IPv4Network { return String(v4.numAddresses) }
            return v6!.numAddresses.map { String($0) } ?? "340282366920938463463374607431768211456"
        case "wpl": return n.withPrefixlen
        case "wnm": return n.withNetmask
        case "whm": return n.withHostmask
        case "flags":
            return flags([
                "private": n.isPrivate, "global": n.isGlobal, "loopback": n.isLoopback, "multicast": n.isMulticast,
                "linklocal": n.isLinkLocal, "reserved": n.isReserved, "unspecified": n.isUnspecified,
                "sitelocal": v6?.isSiteLocal ?? false,
            ])
        case "hosts": return joined(n.hosts().prefix(3))
        case "addrs": return joined(n.addresses.prefix(3))
        case "hostslast": return walks.hosts.last
        case "hostscount": return walks.hosts.count
        case "addrslast": return walked(n.addresses).last
        case "sub": return outcome { () throws(IPAddressError) in joined(try n.subnets().prefix(3)) }
        case "super": return outcome { () throws(IPAddressError) in try n.supernet().description }
        default: break
        }
        if let p = parameter(key, "sub@") {
            return outcome { () throws(IPAddressError) in joined(try n.subnets(newPrefix: p).prefix(3)) }
        }
        if let p = parameter(key, "sublast@") {
            return outcome { () throws(IPAddressError) in try walks.subnets(newPrefix: p).get().last }
        }
        if let p = parameter(key, "subcount@") {
            return outcome { () throws(IPAddressError) in try walks.subnets(newPrefix: p).get().count }
        }
        if let d = parameter(key, "subd@") {
            return outcome { () throws(IPAddressError) in joined(try n.subnets(prefixLengthDiff: d).prefix(3)) }
        }
        if let d = parameter(key, "superd@") {
            return outcome { () throws(IPAddressError) in try n.supernet(prefixLengthDiff: d).description }
        }
        if let p = parameter(key, "super@") {
            return outcome { () throws(IPAddressError) in try n.supernet(newPrefix: p).description }
        }
        return nil
    }

    /// The last element and the count of a lazy sequence found by walking it, checked against the
    /// sequence's own O(1) `last` and `count`; a disagreement shows up in the returned text.
    static func walked<Address: IPAddressProtocol>(_ range: IPAddressRange<Address>) -> (last: String, count: String) {
        var (last, count): (Address?, Int) = (nil, 0)
        for address in range { (last, count) = (address, count + 1) }
        let stored =
            range.count.map { Int($0) } == count && range.last == last
            ? "" : " (stored: \(range.count as Any), \(range.last as Any))"
        return (last.map(\.description) ?? "-", String(count) + stored)
    }

    static func walked<Network: IPNetworkProtocol>(_ subnets: IPSubnetSequence<Network>) -> (
        last: String, count: String
    ) {
        var (last, count): (Network?, Int) = (nil, 0)
        for subnet in subnets { (last, count) = (subnet, count + 1) }
        let stored =
            subnets.count.map { Int($0) } == count && subnets.last == last ? "" : " (stored: \(subnets.count as Any))"
        return (last.map(\.description) ?? "-", String(count) + stored)
    }

    static func interfaceField<Interface: IPInterfaceProtocol>(_ i: Interface, _ key: String) -> String? {
        let v6 = i as? IPv6Interface
        switch key {
        case "v": return String(i.version)
        case "str": return i.description
        case "ip": return i.ip.description
        case "net": return i.network.description
        case "mask": return i.netmask.description
        case "hmask": return i.hostmask.description
        case "plen": return String(i.prefixLength)
        case "wpl": return i.withPrefixlen
        case "wnm": return i.withNetmask
        case "whm": return i.withHostmask
        case "exploded": return i.exploded
        case "scope": return v6.map { $0.scopeID ?? "-" }
        case "flags":
            return flags([
                "private": i.isPrivate, "global": i.isGlobal, "loopback": i.isLoopback, "multicast": i.isMulticast,
                "linklocal": i.isLinkLocal, "reserved": i.isReserved, "unspecified": i.isUnspecified,
                "sitelocal": v6?.isSiteLocal ?? false,
            ])
        default: return nil
        }
    }

    static func comparisonField<T: Comparable>(_ l: T, _ r: T, _ key: String) -> String? {
        switch key {
        case "lt": l < r ? "1" : "0"
        case "eq": l == r ? "1" : "0"
        case "gt": l > r ? "1" : "0"
        default: nil
        }
    }

    static func networkPairField<Network: IPNetworkProtocol>(_ l: Network, _ r: Network, _ key: String) -> String? {
        switch key {
        case "overlaps": l.overlaps(r) ? "1" : "0"
        case "subnet_of": l.isSubnet(of: r) ? "1" : "0"
        case "supernet_of": l.isSupernet(of: r) ? "1" : "0"
        case "exclude": outcome { () throws(IPAddressError) in joined(try l.addressExclude(r)) }
        default: comparisonField(l, r, key)
        }
    }
}
