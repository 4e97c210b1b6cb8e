import Foundation  // only to find the resource: Bundle.module

/// One row of `Resources/ipaddress-cases.tsv`, written by `scripts/gen-ipaddress-cases.py`
/// from Python's `ipaddress`.
struct OracleCase: Sendable {
    let line: Int
    let op: String
    let input: String
    let fields: [(key: String, value: String)]
}

enum OracleTable {
    /// All rows of the table, in file order.
    static let cases: [OracleCase] = {
        guard
            let url = Bundle.module.url(
                forResource: "ipaddress-cases", withExtension: "tsv", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url)
        else { return [] }
        var result: [OracleCase] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated()
        where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            let fields = columns.dropFirst(2).map { field in
                let equals = field.firstIndex(of: "=")!
                return (key: String(field[..<equals]), value: unescape(field[field.index(after: equals)...]))
            }
            result.append(
                OracleCase(line: index + 1, op: String(columns[0]), input: unescape(columns[1]), fields: fields))
        }
        return result
    }()

    /// Undoes the generator's escapes: `\\`, `\t`, `\n`, `\r`, `\xHH`.
    static func unescape(_ text: Substring) -> String {
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\\", let code = scalars.next() else {
                result.append(scalar)
                continue
            }
            switch code {
            case "t": result.append("\t")
            case "n": result.append("\n")
            case "r": result.append("\r")
            case "x":
                let hex = String(String.UnicodeScalarView([scalars.next()!, scalars.next()!]))
                result.append(UnicodeScalar(UInt8(hex, radix: 16)!))
            default: result.append(code)
            }
        }
        return String(result)
    }
}
