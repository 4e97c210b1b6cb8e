import IPAddress
import Testing

@Suite("Python oracle table")
struct OracleTests {
    @Test("the oracle table loads, with thousands of cases")
    func tableLoads() {
        #expect(OracleTable.cases.count > 10_000)
    }

    @Test("every row of the Python-generated table matches: values, flags, relations and errors")
    func everyRowMatches() {
        var mismatches: [String] = []
        var checked = 0
        for row in OracleTable.cases {
            let value = OracleEvaluation.values(for: row)
            for (key, expected) in row.fields {
                checked += 1
                let actual = value(key, expected)
                if actual != expected {
                    let got = String(reflecting: actual ?? "<unknown key>")
                    mismatches.append(
                        "line \(row.line): \(row.op) \(String(reflecting: row.input)): "
                            + "\(key) expected \(String(reflecting: expected)), got \(got)")
                }
            }
        }
        for mismatch in mismatches.prefix(25) {
            Issue.record(Comment(rawValue: mismatch))
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(checked) checks differ from Python")
        #expect(checked > 90_000)
    }
}
