// Small text helpers shared by the formatters and the error messages. Internal.

/// `text` in double quotes, with `"`, `\` and control characters escaped, so that an error
/// message shows exactly what was parsed, even a tab or a NUL.
func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\t": result += "\\t"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            result += "\\u{" + String(scalar.value, radix: 16) + "}"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}

/// The bytes as Python's `repr(bytes)` writes them: `b'\x01\x02ab'`.
func pythonBytesLiteral(_ bytes: [UInt8]) -> String {
    let useDoubleQuotes = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\""))
    let quote: UInt8 = useDoubleQuotes ? UInt8(ascii: "\"") : UInt8(ascii: "'")
    var result = "b" + String(UnicodeScalar(quote))
    for byte in bytes {
        switch byte {
        case UInt8(ascii: "\\"): result += "\\\\"
        case quote: result += "\\" + String(UnicodeScalar(byte))
        case UInt8(ascii: "\t"): result += "\\t"
        case UInt8(ascii: "\n"): result += "\\n"
        case UInt8(ascii: "\r"): result += "\\r"
        case 0x20..<0x7F: result.unicodeScalars.append(UnicodeScalar(byte))
        default: result += "\\x" + hexDigits(UInt64(byte), width: 2)
        }
    }
    return result + String(UnicodeScalar(quote))
}

/// `value` in lowercase hexadecimal, zero-padded to `width` digits.
func hexDigits(_ value: UInt64, width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

extension UInt8 {
    /// The value of an ASCII decimal digit, or nil.
    @inline(__always)
    var decimalDigitValue: UInt8? {
        let value = self &- UInt8(ascii: "0")
        return value < 10 ? value : nil
    }

    /// The value of an ASCII hexadecimal digit (either case), or nil.
    @inline(__always)
    var hexDigitValue: UInt8? {
        if let value = decimalDigitValue { return value }
        let folded = (self | 0x20) &- UInt8(ascii: "a")
        return folded < 6 ? folded + 10 : nil
    }
}

/// The ASCII lowercase hex digit for `nibble` (0...15).
@inline(__always)
func hexCharacter(_ nibble: some BinaryInteger) -> UInt8 {
    let n = UInt8(truncatingIfNeeded: nibble)
    return n < 10 ? UInt8(ascii: "0") + n : UInt8(ascii: "a") + n - 10
}
