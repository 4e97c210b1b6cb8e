import IPAddress

/// Computes, for one oracle row, the Swift value of each key the row asks about, as text in
/// the generator's notation (1/0 for booleans, "-" for nil).
enum OracleEvaluation {
    /// The Swift values for row `row`, as a function from a key (and its expected text, which some
    /// keys read a parameter from) to the value; nil if the key is unknown for this op. The row's
    /// input is parsed once, here, not once per key.
    static func values(for row: OracleCase) -> (_ key: String, _ expected: String) -> String? {
        switch row.op {
        case "netpair", "netaddr", "addrpair", "ifacepair", "arith":
            let value = relation(row)
            return { key, _ in value(key) }
        default:
            return constructed(row)
        }
    }

    /// The error case name, as the generator labels Python's message.
    static func label(_ error: IPAddressError) -> String {
        Mirror(reflecting: error).children.first?.label ?? "\(error)"
    }

    private enum Parsed {
        case address(AnyIPAddress)
        case network(AnyIPNetwork)
        case interface(AnyIPInterface)
    }

    private static func parse(_ row: OracleCase) throws(IPAddressError) -> Parsed {
        let text = row.input
        switch row.op {
        case "ip_address": return .address(try AnyIPAddress(text))
        case "IPv4Address": return .address(.v4(try IPv4Address(text)))
        case "IPv6Address": return .address(.v6(try IPv6Address(text)))
        case "ip_address_int":
            return .address(
                try integerInput(text) { (v: any BinaryInteger) throws(IPAddressError) in try AnyIPAddress(integer: v) }
            )
        case "IPv4Address_int":
            return .address(
                .v4(
                    try integerInput(text) { (v: any BinaryInteger) throws(IPAddressError) in
                        try IPv4Address(integer: v)
                    }))
        case "IPv6Address_int":
            return .address(
                .v6(
                    try integerInput(text) { (v: any BinaryInteger) throws(IPAddressError) in
                        try IPv6Address(integer: v)
                    }))
        case "ip_address_packed": return .address(try AnyIPAddress(packed: bytes(text)))
        case "IPv4Address_packed": return .address(.v4(try IPv4Address(packed: bytes(text))))
        case "IPv6Address_packed": return .address(.v6(try IPv6Address(packed: bytes(text))))
        case "ip_network": return .network(try AnyIPNetwork(text))
        case "ip_network_loose": return .network(try AnyIPNetwork(text, strict: false))
        case "IPv4Network": return .network(.v4(try IPv4Network(text)))
        case "IPv4Network_loose": return .network(.v4(try IPv4Network(text, strict: false)))
        case "IPv6Network": return .network(.v6(try IPv6Network(text)))
        case "IPv6Network_loose": return .network(.v6(try IPv6Network(text, strict: false)))
        case "ip_interface": return .interface(try AnyIPInterface(text))
        case "IPv4Interface": return .interface(.v4(try IPv4Interface(text)))
        case "IPv6Interface": return .interface(.v6(try IPv6Interface(text)))
        default: fatalError("unknown op \(row.op) on line \(row.line)")
        }
    }

    /// The decimal `text` as the narrowest of UInt128 and Int128 that holds it.
    private static func integerInput<T>(
        _ text: String, _ make: (any BinaryInteger) throws(IPAddressError) -> T
    ) throws(IPAddressError) -> T {
        if let value = UInt128(text) { return try make(value) }
        return try make(Int128(text)!)
    }

    private static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }

    private static func constructed(_ row: OracleCase) -> (_ key: String, _ expected: String) -> String? {
        let parsed: Parsed
        do {
            parsed = try parse(row)
        } catch {
            return { key, _ in key == "err" ? label(error) : "threw \(error)" }
        }
        return { key, expected in
            if key == "err" { return "parsed" }
            switch parsed {
            case .address(let address): return addressAttribute(address, key)
            case .network(.v4(let network)):
                return key == "num" ? String(network.numAddresses) : networkAttribute(network, key, expected: expected)
            case .network(.v6(let network)):
                switch key {
                case "num": return network.numAddresses.map { String($0) } ?? "2**128"
                case "site_local": return flag(network.isSiteLocal)
                default: return networkAttribute(network, key, expected: expected)
                }
            case .interface(.v4(let interface)): return interfaceAttribute(interface, key)
            case .interface(.v6(let interface)):
                return key == "site_local" ? flag(interface.isSiteLocal) : interfaceAttribute(interface, key)
            }
        }
    }
}
