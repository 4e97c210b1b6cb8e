// Dotted-decimal parsing over UTF-8 bytes, with Python 3.11's checks in Python's order:
// empty text, then the number of octets, then each octet from left to right (non-digit,
// more than 3 characters, leading zero, > 255). No allocation unless an error is thrown.

enum IPv4Parser {
    static let dot = UInt8(ascii: ".")

    /// The 32-bit value of the dotted-decimal `bytes`; `input` is the user's text, for errors.
    static func parse(_ bytes: Substring.UTF8View, input: String) throws(IPAddressError) -> UInt32 {
        guard !bytes.isEmpty else { throw .empty(input) }
        var dots = 0
        for byte in bytes where byte == dot { dots += 1 }
        guard dots == 3 else { throw .octetCount(input, found: dots + 1) }

        var value: UInt32 = 0
        var start = bytes.startIndex
        for _ in 0..<4 {
            let end = bytes[start...].firstIndex(of: dot) ?? bytes.endIndex
            value = value << 8 | UInt32(try parseOctet(bytes[start..<end], input: input))
            start = end == bytes.endIndex ? end : bytes.index(after: end)
        }
        return value
    }

    private static func parseOctet(_ octet: Substring.UTF8View, input: String) throws(IPAddressError) -> UInt8 {
        guard let first = octet.first else { throw .emptyOctet(input) }
        var value = 0
        var count = 0
        for byte in octet {
            guard let digit = byte.decimalDigitValue else {
                throw .octetNotDecimal(input, octet: String(Substring(octet)))
            }
            value = value &* 10 &+ Int(digit)  // only read when count <= 3
            count += 1
        }
        guard count <= 3 else { throw .octetTooLong(input, octet: String(Substring(octet))) }
        guard count == 1 || first != UInt8(ascii: "0") else {
            throw .octetLeadingZeros(input, octet: String(Substring(octet)))
        }
        guard value <= 255 else { throw .octetOutOfRange(input, octet: value) }
        return UInt8(value)
    }
}
