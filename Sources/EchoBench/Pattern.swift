import Glibc

/// The bytes every client sends: a pseudo-random sequence of period ``period``, stored twice so
/// that any window of up to `period` bytes starting anywhere is one contiguous slice. Each
/// connection starts at its own offset, so an echo that crosses or reorders streams is caught.
final class Pattern: Sendable {
    /// A prime above 65,536, so one 64 KiB read is always a single window.
    static let period = 65_537
    nonisolated(unsafe) let bytes: UnsafeMutableBufferPointer<UInt8>

    static let shared = Pattern()

    private init() {
        bytes = .allocate(capacity: 2 * Self.period)
        var state: UInt32 = 0x9E37_79B9
        for index in 0..<Self.period {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            bytes[index] = UInt8(truncatingIfNeeded: state)
            bytes[index + Self.period] = bytes[index]
        }
    }

    /// `count` (at most ``period``) bytes of the endless pattern from stream offset `offset`.
    @inline(__always)
    func window(at offset: Int, count: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes.baseAddress! + offset % Self.period, count: count)
    }

    /// Whether the `count` bytes at `received` equal the pattern from stream offset `offset`.
    @inline(__always)
    func matches(_ received: UnsafeRawPointer, count: Int, at offset: Int) -> Bool {
        memcmp(received, bytes.baseAddress! + offset % Self.period, count) == 0
    }
}
