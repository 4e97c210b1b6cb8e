internal import CLibev

/// The readiness a selector watches for and reports: readable, writable, or both.
///
/// Python: `selectors.EVENT_READ`, `selectors.EVENT_WRITE`. The raw values are libev's `EV_READ`
/// and `EV_WRITE`, so converting to and from libev costs nothing.
public struct Events: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The bits: 1 is read, 2 is write; no other bit is valid.
    public let rawValue: Int32

    /// Creates a set from raw bits; bits other than read and write make it invalid to register.
    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The descriptor has data to read, a connection to accept, or has reached end-of-file.
    ///
    /// Python: `selectors.EVENT_READ`.
    @inlinable public static var read: Events { Events(rawValue: 1) }

    /// The descriptor can accept more bytes to write without blocking.
    ///
    /// Python: `selectors.EVENT_WRITE`.
    @inlinable public static var write: Events { Events(rawValue: 2) }

    /// `read` and `write` together: every bit a selector accepts.
    @inlinable public static var all: Events { Events(rawValue: 3) }

    /// `[.read]`, `[.write]`, `[.read, .write]`, `[]`, with any unknown bits shown in hex.
    public var description: String {
        var names: [String] = []
        if contains(.read) { names.append(".read") }
        if contains(.write) { names.append(".write") }
        let unknown = rawValue & ~Events.all.rawValue
        if unknown != 0 { names.append("0x" + String(UInt32(bitPattern: unknown), radix: 16)) }
        return "[" + names.joined(separator: ", ") + "]"
    }
}

extension Events {
    /// libev's `EV_READ | EV_WRITE` bits for this set.
    @inline(__always) var libev: Int32 { rawValue }
}
