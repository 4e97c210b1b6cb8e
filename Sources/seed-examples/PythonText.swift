import CommandLineSupport
import Sockets

// How Python prints the values the seed programs print: `repr(bytes)`, `repr(list of str)`,
// `binascii.hexlify`, and `print(address)`.

/// `repr(bytes)`: `b'This is the mess'`, with Python's escapes and its choice of quotes.
func pythonBytes(_ bytes: some Sequence<UInt8>) -> String {
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

/// `binascii.hexlify(bytes)` as printed: `b'0a090006'`.
func pythonHexlify(_ bytes: some Sequence<UInt8>) -> String {
    "b'" + bytes.map(hexDigits).joined() + "'"
}

/// `repr(list of str)`: `['apu', 'apu.hellfly.net']`, `[]`.
func pythonList(_ items: [String]) -> String {
    "[" + items.map(pythonString).joined(separator: ", ") + "]"
}

/// `print(address)`: the tuple `('127.0.0.1', 59850)` for IP, the bare path for Unix (`''` prints nothing).
func pythonPrinted(_ address: SocketAddress) -> String {
    if case let .unix(path) = address.kind { return path }
    return address.pythonDescription
}

private func hexDigits(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
}
