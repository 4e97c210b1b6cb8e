// IPv6 text parsing over UTF-8 bytes, with Python 3.11's checks in Python's order (see
// `_BaseV6._ip_int_from_string`): empty, fewer than 3 parts, an IPv4 tail, more than 8 colons,
// more than one `::`, stray leading/trailing `:`, the group count, then each group from left
// to right. Python splits the text into a list first; here two passes over the bytes find the
// same answers without allocating.

enum IPv6Parser {
    static let colon = UInt8(ascii: ":")

    /// Splits `text` at its first `%` into the address bytes and the scope ID.
    ///
    /// - Throws: ``IPAddressError/invalidScopeID(_:)`` if the scope ID is empty or holds another `%`.
    static func splitScope(
        _ bytes: Substring.UTF8View, input: String
    ) throws(IPAddressError) -> (address: Substring.UTF8View, scopeID: String?) {
        guard let percent = bytes.firstIndex(of: UInt8(ascii: "%")) else { return (bytes, nil) }
        let scope = bytes[bytes.index(after: percent)...]
        guard !scope.isEmpty, !scope.contains(UInt8(ascii: "%")) else { throw .invalidScopeID(input) }
        return (bytes[..<percent], String(Substring(scope)))
    }

    /// The 128-bit value of the IPv6 text `bytes` (without a scope ID).
    static func parse(_ bytes: Substring.UTF8View, input: String) throws(IPAddressError) -> UInt128 {
        guard !bytes.isEmpty else { throw .empty(input) }

        // Pass 1: the shape. `originalCount` parts as written; an IPv4 tail counts as two.
        var colons = 0
        var lastColon = bytes.startIndex
        for index in bytes.indices where bytes[index] == colon {
            colons += 1
            lastColon = index
        }
        guard colons >= 2 else { throw .tooFewParts(input) }
        let tail = bytes[bytes.index(after: lastColon)...]
        let ipv4Tail: UInt32? =
            tail.contains(IPv4Parser.dot) ? try IPv4Parser.parse(tail, input: input) : nil
        let originalCount = colons + 1
        let partCount = originalCount + (ipv4Tail == nil ? 0 : 1)
        guard partCount <= 9 else { throw .tooManyColons(input) }

        var skipIndex: Int?
        var parts = ColonSeparatedParts(bytes)
        var index = 0
        while let part = parts.next() {
            if part.isEmpty, index > 0, index < originalCount - 1 {
                guard skipIndex == nil else { throw .multipleDoubleColons(input) }
                skipIndex = index
            }
            index += 1
        }
        let leadingEmpty = bytes.first == colon
        let trailingEmpty = bytes.last == colon

        // How many groups come before (`high`) and after (`low`) the `::`.
        var highCount = partCount
        var lowCount = 0
        var skipped = 0
        if let skipIndex {
            highCount = skipIndex
            lowCount = partCount - skipIndex - 1
            if leadingEmpty {
                highCount -= 1
                guard highCount == 0 else { throw .leadingColon(input) }
            }
            if trailingEmpty {
                lowCount -= 1
                guard lowCount == 0 else { throw .trailingColon(input) }
            }
            skipped = 8 - (highCount + lowCount)
            guard skipped >= 1 else { throw .tooManyPartsWithDoubleColon(input) }
        } else {
            guard partCount == 8 else { throw .partCount(input, found: partCount) }
            guard !leadingEmpty else { throw .leadingColon(input) }
            guard !trailingEmpty else { throw .trailingColon(input) }
        }

        // Pass 2: the groups, left to right. Only the `::` and the ends next to it are empty.
        var high: UInt128 = 0
        var low: UInt128 = 0
        parts = ColonSeparatedParts(bytes)
        index = 0
        while let part = parts.next() {
            defer { index += 1 }
            guard !part.isEmpty else { continue }
            if let ipv4Tail, index == originalCount - 1 {
                if lowCount == 0 { high = high << 32 | UInt128(ipv4Tail) } else { low = low << 32 | UInt128(ipv4Tail) }
                continue
            }
            let group = UInt128(try parseHextet(part, input: input))
            if index < highCount { high = high << 16 | group } else { low = low << 16 | group }
        }
        return skipIndex == nil ? high : high << (16 * (skipped + lowCount)) | low
    }

    private static func parseHextet(_ part: Substring.UTF8View, input: String) throws(IPAddressError) -> UInt16 {
        var value: UInt16 = 0
        var count = 0
        for byte in part {
            guard let digit = byte.hexDigitValue else {
                throw .hextetNotHex(input, hextet: String(Substring(part)))
            }
            value = value &<< 4 | UInt16(digit)  // only read when count <= 4
            count += 1
        }
        guard count <= 4 else { throw .hextetTooLong(input, hextet: String(Substring(part))) }
        return value
    }
}

/// The colon-separated parts of a text, empty ones included, like Python's `text.split(':')`.
struct ColonSeparatedParts: IteratorProtocol {
    private let bytes: Substring.UTF8View
    private var start: Substring.UTF8View.Index?

    init(_ bytes: Substring.UTF8View) {
        self.bytes = bytes
        self.start = bytes.startIndex
    }

    mutating func next() -> Substring.UTF8View? {
        guard let from = start else { return nil }
        let end = bytes[from...].firstIndex(of: IPv6Parser.colon) ?? bytes.endIndex
        start = end == bytes.endIndex ? nil : bytes.index(after: end)
        return bytes[from..<end]
    }
}
