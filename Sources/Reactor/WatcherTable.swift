internal import CLibev

/// `ev_io` watchers indexed by descriptor number, for O(1) lookup like libev's own `anfds`.
///
/// libev keeps pointers to active watchers, so they must never move: the table grows by adding
/// fixed chunks, and only the small array of chunk pointers is ever reallocated. A slot whose
/// `data` is nil is free; otherwise `data` holds the registered key, retained.
struct WatcherTable {
    private static let chunkShift = 8
    private static let chunkSize = 1 << chunkShift
    private var chunks: [UnsafeMutablePointer<ev_io>?] = []

    /// The slot for `fd`, or nil if no slot was ever made for it.
    @inline(__always)
    func slot(_ fd: Int32) -> UnsafeMutablePointer<ev_io>? {
        let chunk = Int(fd) >> Self.chunkShift
        guard chunk < chunks.count, let base = chunks[chunk] else { return nil }
        return base + (Int(fd) & (Self.chunkSize - 1))
    }

    /// The key registered for `fd`, if any.
    func key(_ fd: Int32) -> Unmanaged<SelectorKey>? {
        slot(fd)?.pointee.data.map { Unmanaged.fromOpaque($0) }
    }

    /// The slot for `fd`, making its chunk if needed.
    mutating func makeSlot(_ fd: Int32) -> UnsafeMutablePointer<ev_io> {
        if let slot = slot(fd) { return slot }
        let chunk = Int(fd) >> Self.chunkShift
        if chunk >= chunks.count { chunks += Array(repeating: nil, count: chunk + 1 - chunks.count) }
        let base = UnsafeMutablePointer<ev_io>.allocate(capacity: Self.chunkSize)
        base.initialize(repeating: ev_io(), count: Self.chunkSize)
        chunks[chunk] = base
        return base + (Int(fd) & (Self.chunkSize - 1))
    }

    /// Every slot holding a key, in descriptor order.
    func occupiedSlots() -> [UnsafeMutablePointer<ev_io>] {
        var slots: [UnsafeMutablePointer<ev_io>] = []
        for case let base? in chunks {
            for index in 0..<Self.chunkSize where base[index].data != nil { slots.append(base + index) }
        }
        return slots
    }

    /// Frees every chunk. The watchers must all be stopped.
    mutating func deallocate() {
        for case let base? in chunks { base.deallocate() }
        chunks = []
    }
}
