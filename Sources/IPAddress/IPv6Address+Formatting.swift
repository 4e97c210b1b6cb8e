// IPv6 text output: RFC 5952 compressed (Python's `str`) and exploded forms.

extension IPv6Address {
    /// The compressed text: lowercase, leading zeros dropped, the first longest run of two or
    /// more zero groups written `::` (RFC 5952), then `%scope` if there is a scope ID.
    ///
    /// Python 3.11 writes IPv4-mapped addresses in hex too: `::ffff:102:304`, not `::ffff:1.2.3.4`.
    ///
    /// Python: `str(address)`, `address.compressed`.
    public var description: String {
        var (runStart, runLength) = (-1, 0)
        var (start, length) = (-1, 0)
        for index in 0..<8 {
            if group(index) == 0 {
                if start < 0 { start = index }
                length += 1
                if length > runLength { (runStart, runLength) = (start, length) }
            } else {
                (start, length) = (-1, 0)
            }
        }
        if runLength < 2 { runStart = 8 }

        var text = ""
        text.reserveCapacity(39)
        var index = 0
        while index < 8 {
            if index == runStart {
                text += index == 0 ? "::" : ":"
                index += runLength
                continue
            }
            appendHex(group(index), minimumDigits: 1, to: &text)
            index += 1
            if index < 8 { text += ":" }
        }
        return withScope(text)
    }

    /// The long text: eight groups of four lowercase hex digits, then `%scope` if there is one.
    ///
    /// Python: `address.exploded` (Python 3.11 raises for an address with a scope ID; this keeps it).
    public var exploded: String {
        var text = ""
        text.reserveCapacity(39)
        for index in 0..<8 {
            if index > 0 { text += ":" }
            appendHex(group(index), minimumDigits: 4, to: &text)
        }
        return withScope(text)
    }

    /// The reverse DNS name: 32 nibbles in reverse order, then `.ip6.arpa` (RFC 3596 2.5).
    ///
    /// Python: `address.reverse_pointer` (Python 3.11 raises for an address with a scope ID; this ignores it).
    public var reversePointer: String {
        var text = ""
        text.reserveCapacity(72)
        for nibble in 0..<32 {
            text.unicodeScalars.append(UnicodeScalar(hexCharacter(value >> (4 * nibble) & 0xF)))
            text += "."
        }
        return text + "ip6.arpa"
    }

    /// Group `index` (0 = leftmost) of the eight 16-bit groups.
    @inline(__always)
    func group(_ index: Int) -> UInt16 {
        UInt16(truncatingIfNeeded: value >> (16 * (7 - index)))
    }

    private func withScope(_ text: String) -> String {
        guard let scopeID else { return text }
        return text + "%" + scopeID
    }
}

private func appendHex(_ group: UInt16, minimumDigits: Int, to text: inout String) {
    var started = false
    for shift in stride(from: 12, through: 0, by: -4) {
        let nibble = group >> shift & 0xF
        started = started || nibble != 0 || shift < minimumDigits * 4
        if started { text.unicodeScalars.append(UnicodeScalar(hexCharacter(nibble))) }
    }
}
