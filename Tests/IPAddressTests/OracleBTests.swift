import IPAddress
import Testing

/// The ops of the second table (see scripts/gen-ipaddress-cases-b.py).
let oracleBOps = [
    "A4", "A6", "A", "A4i", "A6i", "Ai", "A4p", "A6p", "Ap", "N4", "N4l", "N6", "N6l", "N", "Nl",
    "I4", "I6", "I", "PA", "PN", "PAN", "PI",
]

@Suite("Second oracle table (independent generator)")
struct OracleBTests {
    @Test("the table holds thousands of rows, every op, and the invalid inputs Python refuses")
    func tableShape() {
        let rows = OracleBTable.rows
        #expect(rows.count > 10_000)
        #expect(Set(rows.map(\.op)) == Set(oracleBOps))
        #expect(rows.filter { $0.error != nil }.count > 2_000)
        #expect(OracleBTable.header.contains("oracle: Python 3.11.7"))
        #expect(rows.reduce(0) { $0 + $1.fields.count } > 60_000)  // values checked, besides the errors
    }

    @Test("Swift matches Python's ipaddress row for row", arguments: oracleBOps)
    func matchesPython(op: String) {
        let rows = OracleBTable.rows.filter { $0.op == op }
        var mismatches: [String] = []
        for row in rows {
            mismatches += Self.mismatches(in: row)
        }
        #expect(!rows.isEmpty)
        if !mismatches.isEmpty {
            let first = mismatches.prefix(25).joined(separator: "\n")
            Issue.record("\(mismatches.count) mismatches in \(rows.count) \(op) rows; the first:\n\(first)")
        }
    }

    /// What differs between the row and the Swift module, one line each.
    static func mismatches(in row: OracleBRow) -> [String] {
        let place = "line \(row.line) \(row.op) \(oracleBQuoted(row.input))"
        switch subject(for: row) {
        case .failure(let error):
            let got = "!" + OracleBFields.pythonKind(of: error)
            if let expected = row.error {
                return got == expected ? [] : ["\(place): Python \(expected), Swift threw \(got) (\(error))"]
            }
            return [
                "\(place): Python accepted it (\(row.fields.first { $0.key == "str" }?.value ?? "")), Swift threw \(error)"
            ]
        case .success(let field):
            if let expected = row.error {
                return ["\(place): Python \(expected), Swift accepted it (\(field("str") ?? "?"))"]
            }
            return row.fields.compactMap { key, value in
                let got = field(key)
                return got == value
                    ? nil
                    : "\(place) \(key): Python \(oracleBQuoted(value)), Swift \(got.map(oracleBQuoted) ?? "no such key")"
            }
        }
    }

    /// The Swift object for the row's op and input, as a function from key to value.
    static func subject(for row: OracleBRow) -> Result<(String) -> String?, IPAddressError> {
        let input = row.input
        return Result { () throws(IPAddressError) -> (String) -> String? in
            switch row.op {
            case "A4":
                let a = try IPv4Address(input)
                return { OracleBFields.addressField(a, $0) }
            case "A6":
                let a = try IPv6Address(input)
                return { OracleBFields.addressField(a, $0) }
            case "A": return anyAddressFields(try AnyIPAddress(input))
            case "A4i":
                let a = try IPv4Address(integer: integer(input))
                return { OracleBFields.addressField(a, $0) }
            case "A6i":
                let a = try IPv6Address(integer: integer(input))
                return { OracleBFields.addressField(a, $0) }
            case "Ai": return anyAddressFields(try AnyIPAddress(integer: integer(input)))
            case "A4p":
                let a = try IPv4Address(packed: bytes(hex: input))
                return { OracleBFields.addressField(a, $0) }
            case "A6p":
                let a = try IPv6Address(packed: bytes(hex: input))
                return { OracleBFields.addressField(a, $0) }
            case "Ap": return anyAddressFields(try AnyIPAddress(packed: bytes(hex: input)))
            case "N4", "N4l":
                return OracleBFields.networkFields(try IPv4Network(input, strict: row.op == "N4"))
            case "N6", "N6l":
                return OracleBFields.networkFields(try IPv6Network(input, strict: row.op == "N6"))
            case "N", "Nl": return anyNetworkFields(try AnyIPNetwork(input, strict: row.op == "N"))
            case "I4":
                let i = try IPv4Interface(input)
                return { OracleBFields.interfaceField(i, $0) }
            case "I6":
                let i = try IPv6Interface(input)
                return { OracleBFields.interfaceField(i, $0) }
            case "I": return anyInterfaceFields(try AnyIPInterface(input))
            case "PA":
                let (l, r) = try pair(input, AnyIPAddress.init)
                return { OracleBFields.comparisonField(l, r, $0) }
            case "PI":
                let (l, r) = try pair(input, AnyIPInterface.init)
                return { OracleBFields.comparisonField(l, r, $0) }
            case "PN":
                switch try pair(input, { text throws(IPAddressError) in try AnyIPNetwork(text) }) {
                case (.v4(let l), .v4(let r)): return { OracleBFields.networkPairField(l, r, $0) }
                case (.v6(let l), .v6(let r)): return { OracleBFields.networkPairField(l, r, $0) }
                default: return { _ in "mixed families" }
                }
            case "PAN":
                let space = input.firstIndex(of: " ")!
                let address = try AnyIPAddress(String(input[..<space]))
                let network = try AnyIPNetwork(String(input[input.index(after: space)...]))
                return { $0 == "in" ? (network.contains(address) ? "1" : "0") : nil }
            default: return { _ in "unknown op" }
            }
        }
    }

    static func anyAddressFields(_ address: AnyIPAddress) -> (String) -> String? {
        switch address {
        case .v4(let a): { OracleBFields.addressField(a, $0) }
        case .v6(let a): { OracleBFields.addressField(a, $0) }
        }
    }

    static func anyNetworkFields(_ network: AnyIPNetwork) -> (String) -> String? {
        switch network {
        case .v4(let n): OracleBFields.networkFields(n)
        case .v6(let n): OracleBFields.networkFields(n)
        }
    }

    static func anyInterfaceFields(_ interface: AnyIPInterface) -> (String) -> String? {
        switch interface {
        case .v4(let i): { OracleBFields.interfaceField(i, $0) }
        case .v6(let i): { OracleBFields.interfaceField(i, $0) }
        }
    }

    /// The two values of a pair row, `left right`.
    static func pair<T>(_ input: String, _ make: (String) throws(IPAddressError) -> T) throws(IPAddressError) -> (T, T)
    {
        let space = input.firstIndex(of: " ")!
        return (try make(String(input[..<space])), try make(String(input[input.index(after: space)...])))
    }

    /// A decimal integer of the table: negative ones fit in Int128, the rest in UInt128.
    static func integer(_ text: String) -> any BinaryInteger {
        text.hasPrefix("-") ? Int128(text)! : UInt128(text)!
    }

    static func bytes(hex text: String) -> [UInt8] {
        let digits = Array(text.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }
}

/// `text` in double quotes with control characters escaped, for messages.
func oracleBQuoted(_ text: String) -> String {
    text.debugDescription
}
