// How Python prints the values the seed programs print: `repr(bytes)`, `repr(str)`, `repr(list of
// str)` and `binascii.hexlify`.

/// `repr(bytes)`: `b'This is the mess'`, with Python's escapes and its choice of quotes.
public func pythonBytes(_ bytes: some Sequence<UInt8>) -> String {
    let bytes = Array(bytes)
    let quote: UInt8 = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
    var text = "b" + String(UnicodeScalar(quote))
    for byte in bytes {
        switch byte {
        case quote, UInt8(ascii: "\\"): text += "\\" + String(UnicodeScalar(byte))
        case UInt8(ascii: "\t"): text += "\\t"
        case UInt8(ascii: "\n"): text += "\\n"
        case UInt8(ascii: "\r"): text += "\\r"
        case 0x20..<0x7f: text += String(UnicodeScalar(byte))
        default: text += "\\x" + hexDigits(byte)
        }
    }
    return text + String(UnicodeScalar(quote))
}

/// `repr(str)`: `'apu'` (double quotes when the text holds a single quote and no double quote).
public func pythonString(_ text: String) -> String {
    let quote = text.contains("'") && !text.contains("\"") ? "\"" : "'"
    var result = quote
    for character in text {
        switch character {
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case "\r": result += "\\r"
        case Character(quote): result += "\\" + quote
        default: result.append(character)
        }
    }
    return result + quote
}

/// `repr(list of str)`: `['apu', 'apu.hellfly.net']`, `[]`.
public func pythonList(_ items: [String]) -> String {
    "[" + items.map(pythonString).joined(separator: ", ") + "]"
}

/// `binascii.hexlify(bytes)` as printed: `b'0a090006'`.
public func pythonHexlify(_ bytes: some Sequence<UInt8>) -> String {
    "b'" + bytes.map(hexDigits).joined() + "'"
}

private func hexDigits(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
}
