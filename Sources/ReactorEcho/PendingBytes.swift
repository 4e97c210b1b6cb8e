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
