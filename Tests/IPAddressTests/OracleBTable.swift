import Foundation

// Reads Resources/ipaddress-cases-b.tsv, the second oracle table, which
// scripts/gen-ipaddress-cases-b.py writes from Python's `ipaddress`. The format is described in
// the script's docstring.

/// One row of the table: an operation on an input, and what Python made of it.
struct OracleBRow: Sendable {
    /// The line number in the file, for messages.
    let line: Int
    /// What to do with the input: `A4`, `N6l`, `PN`, … (see the script).
    let op: String
    /// The input, unescaped.
    let input: String
    /// `!kind` when Python raised, else nil.
    let error: String?
    /// The expected values, in the file's order.
    let fields: [(key: String, value: String)]
}

enum OracleBTable {
    /// Every row of the table.
    static var rows: [OracleBRow] { table.rows }

    /// The first comment lines: generator, seed, Python version.
    static var header: String { table.header }

    /// The rows and the header, from one read of the file.
    private static let table: (rows: [OracleBRow], header: String) = {
        guard
            let url = Bundle.module.url(
                forResource: "ipaddress-cases-b", withExtension: "tsv", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url)
        else { fatalError("ipaddress-cases-b.tsv is missing from the test bundle") }
        let bytes = Array(data)
        return (parse(bytes), headerLines(bytes))
    }()

    /// The leading `#` lines, joined with newlines (blank lines skipped).
    static func headerLines(_ bytes: [UInt8]) -> String {
        bytes.split(separator: UInt8(ascii: "\n")).prefix { $0.first == UInt8(ascii: "#") }
            .map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    }

    /// Splits on bytes, not Characters: a tab or newline next to a combining mark stays a separator.
    static func parse(_ bytes: [UInt8]) -> [OracleBRow] {
        var rows: [OracleBRow] = []
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where !line.isEmpty && line.first != UInt8(ascii: "#") {
            let cells = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map(unescape)
            var fields: [(key: String, value: String)] = []
            var error: String?
            for cell in cells.dropFirst(2) {
                if cell.hasPrefix("!") {
                    error = cell
                } else if let equals = cell.firstIndex(of: "=") {
                    let key = String(cell[..<equals])
                    let value = String(cell[cell.index(after: equals)...])
                    switch key {
                    // Python's message, and the keys where Swift deliberately differs: for people reading the table.
                    case "py", "dev": break
                    default: fields.append((key, value))
                    }
                }
            }
            rows.append(OracleBRow(line: index + 1, op: cells[0], input: cells[1], error: error, fields: fields))
        }
        return rows
    }

    /// Undoes the script's `esc`: `\\`, `\t`, `\n`, `\r`, `\xHH`.
    static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < bytes.endIndex else {
                out.append(byte)
                continue
            }
            let code = bytes[index]
            index += 1
            switch code {
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "x"):
                out.append(UInt8(String(decoding: bytes[index..<index + 2], as: UTF8.self), radix: 16)!)
                index += 2
            default: out.append(code)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
