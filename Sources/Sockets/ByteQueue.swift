import Glibc

/// Bytes waiting in a connection (input the handler left, or output the peer has not taken), in
/// one buffer allocated on first use and kept for the connection's life, so that steady traffic
/// allocates nothing per message. It grows by doubling and compacts instead of growing when the
/// free room is at the front.
///
/// SocketServer's reactor connections and the echo servers' held-back bytes both keep their bytes
/// here. Inlinable: SocketServer's per-message path reads and writes it from another module.
@usableFromInline
package struct ByteQueue {
    @usableFromInline package private(set) var base: UnsafeMutablePointer<UInt8>?
    @usableFromInline package private(set) var capacity = 0
    @usableFromInline package private(set) var start = 0
    @usableFromInline package private(set) var end = 0

    /// An empty queue; nothing is allocated until bytes arrive.
    @inlinable package init() {}

    @inlinable package var count: Int { end &- start }
    @inlinable package var isEmpty: Bool { start == end }

    /// The bytes held.
    @inlinable package var readable: UnsafeMutableBufferPointer<UInt8> {
        UnsafeMutableBufferPointer(start: base.map { $0 + start }, count: count)
    }

    /// Room for at least `wanted` more bytes at the end (up to `limit` in all), compacting or
    /// growing: the free tail, possibly empty when `limit` is reached.
    @inlinable package mutating func freeTail(wanted: Int, limit: Int = .max) -> UnsafeMutableBufferPointer<UInt8> {
        if capacity - end < wanted, start > 0 { compact() }
        if capacity - end < wanted, capacity < limit {
            grow(to: min(max(capacity * 2, count + wanted, 4096), max(limit, count)))
        }
        return UnsafeMutableBufferPointer(start: base.map { $0 + end }, count: capacity - end)
    }

    /// Records that `count` bytes were written into the free tail.
    @inlinable package mutating func commit(_ count: Int) { end &+= count }

    /// Appends `bytes`.
    @inlinable package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        let tail = freeTail(wanted: bytes.count)
        UnsafeMutableRawBufferPointer(tail).copyMemory(from: bytes)
        end &+= bytes.count
    }

    /// Drops the first `count` bytes.
    @inlinable package mutating func consume(_ count: Int) {
        start &+= count
        if start == end { start = 0; end = 0 }
    }

    /// Frees the buffer.
    @inlinable package mutating func deallocate() {
        base?.deallocate()
        base = nil
        capacity = 0
        start = 0
        end = 0
    }

    @usableFromInline mutating func compact() {
        guard let base else { return }
        if count > 0 { memmove(base, base + start, count) }
        end = count
        start = 0
    }

    @usableFromInline mutating func grow(to newCapacity: Int) {
        guard newCapacity > capacity else { return }
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        if let base {
            if count > 0 { new.update(from: base + start, count: count) }
            base.deallocate()
        }
        end = count
        start = 0
        base = new
        capacity = newCapacity
    }
}
