/// The bytes a connection read but could not write yet, in one buffer allocated on first use and
/// kept for the connection's life: a peer that is slow now and then costs no allocation per message.
///
/// It never holds more than one read's worth (the server stops reading while it is not empty),
/// so its size is bounded by the read buffer's.
struct PendingBytes {
    private var storage: UnsafeMutableBufferPointer<UInt8>?
    private var start = 0
    private var end = 0

    var isEmpty: Bool { start == end }

    /// Stores `bytes`; only called when empty.
    mutating func store(_ bytes: UnsafeMutableBufferPointer<UInt8>) {
        if storage == nil || storage!.count < bytes.count {
            storage?.deallocate()
            storage = .allocate(capacity: bytes.count)
        }
        _ = storage!.initialize(fromContentsOf: bytes)
        start = 0
        end = bytes.count
    }

    /// The bytes still to send.
    var unsent: UnsafeMutableBufferPointer<UInt8> {
        guard let storage else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        return storage.extracting(start..<end)
    }

    /// Drops the first `count` bytes, which were sent.
    mutating func consume(_ count: Int) {
        start &+= count
        if start == end { start = 0; end = 0 }
    }

    /// Frees the buffer.
    mutating func deallocate() {
        storage?.deallocate()
        storage = nil
        start = 0
        end = 0
    }
}

/// ``PendingBytes`` by descriptor, for ``StreamEcho``'s connections: fixed chunks of 256 entries made
/// on first use, so only descriptors near one that was held back ever cost memory here, and a lookup
/// is two loads (as libev's own `anfds`).
struct HeldBytes {
    private static let chunkShift = 8
    private static let chunkSize = 1 << chunkShift
    private var chunks: [UnsafeMutablePointer<PendingBytes>?] = []

    private func entry(_ fd: Int32) -> UnsafeMutablePointer<PendingBytes>? {
        let chunk = Int(fd) >> Self.chunkShift
        guard chunk < chunks.count, let base = chunks[chunk] else { return nil }
        return base + (Int(fd) & (Self.chunkSize - 1))
    }

    /// Holds `bytes` back for `fd`, which holds nothing now.
    mutating func store(_ bytes: UnsafeMutableBufferPointer<UInt8>, for fd: Int32) {
        let chunk = Int(fd) >> Self.chunkShift
        if chunk >= chunks.count { chunks += Array(repeating: nil, count: chunk + 1 - chunks.count) }
        if chunks[chunk] == nil {
            let base = UnsafeMutablePointer<PendingBytes>.allocate(capacity: Self.chunkSize)
            base.initialize(repeating: PendingBytes(), count: Self.chunkSize)
            chunks[chunk] = base
        }
        entry(fd).unsafelyUnwrapped.pointee.store(bytes)
    }

    /// What `fd` still has to send, or nil when nothing.
    func unsent(for fd: Int32) -> UnsafeMutableBufferPointer<UInt8>? {
        guard let entry = entry(fd), !entry.pointee.isEmpty else { return nil }
        return entry.pointee.unsent
    }

    /// `count` of `fd`'s bytes were sent.
    func consume(_ count: Int, for fd: Int32) {
        entry(fd)?.pointee.consume(count)
    }

    /// Frees what `fd` held: its descriptor number may name another connection next.
    func clear(_ fd: Int32) {
        entry(fd)?.pointee.deallocate()
    }

    /// Frees everything.
    mutating func deallocate() {
        for case let base? in chunks {
            for index in 0..<Self.chunkSize { base[index].deallocate() }
            base.deinitialize(count: Self.chunkSize)
            base.deallocate()
        }
        chunks = []
    }
}
