internal import CLibev

/// `ev_io` watchers indexed by descriptor number, for O(1) lookup like libev's own `anfds`.
///
/// libev keeps pointers to active watchers, so they must never move: the table grows by adding
/// fixed chunks, and only the small directory of chunk pointers is ever reallocated. A slot whose
/// `data` is nil is free; otherwise `data` holds the registered key, retained. The directory is raw
/// memory, not an `Array`: a lookup is two loads, with no bounds check beyond the one below and no
/// retain of an array buffer (registering and unregistering look up three times per connection).
struct WatcherTable {
    private static let chunkShift = 8
    private static let chunkSize = 1 << chunkShift
    private var directory: UnsafeMutablePointer<UnsafeMutablePointer<ev_io>?>?
    private var chunkCount = 0

    /// The slot for `fd`, or nil if no slot was ever made for it.
    @inline(__always)
    func slot(_ fd: Int32) -> UnsafeMutablePointer<ev_io>? {
        let chunk = Int(fd) >> Self.chunkShift
        guard chunk < chunkCount, let base = directory.unsafelyUnwrapped[chunk] else { return nil }
        return base + (Int(fd) & (Self.chunkSize - 1))
    }

    /// The key registered for `fd`, if any.
    @inline(__always)
    func key(_ fd: Int32) -> Unmanaged<SelectorKey>? {
        slot(fd)?.pointee.data.map { Unmanaged.fromOpaque($0) }
    }

    /// The slot for `fd`, making its chunk if needed.
    mutating func makeSlot(_ fd: Int32) -> UnsafeMutablePointer<ev_io> {
        if let slot = slot(fd) { return slot }
        let chunk = Int(fd) >> Self.chunkShift
        if chunk >= chunkCount { growDirectory(to: chunk + 1) }
        let base = UnsafeMutablePointer<ev_io>.allocate(capacity: Self.chunkSize)
        base.initialize(repeating: ev_io(), count: Self.chunkSize)
        directory.unsafelyUnwrapped[chunk] = base
        return base + (Int(fd) & (Self.chunkSize - 1))
    }

    private mutating func growDirectory(to count: Int) {
        let grown = UnsafeMutablePointer<UnsafeMutablePointer<ev_io>?>.allocate(capacity: count)
        grown.initialize(repeating: nil, count: count)
        if let directory {
            grown.update(from: directory, count: chunkCount)
            directory.deallocate()
        }
        directory = grown
        chunkCount = count
    }

    /// Every slot holding a key, in descriptor order.
    func occupiedSlots() -> [UnsafeMutablePointer<ev_io>] {
        var slots: [UnsafeMutablePointer<ev_io>] = []
        for chunk in 0..<chunkCount {
            guard let base = directory.unsafelyUnwrapped[chunk] else { continue }
            for index in 0..<Self.chunkSize where base[index].data != nil { slots.append(base + index) }
        }
        return slots
    }

    /// Frees every chunk. The watchers must all be stopped.
    mutating func deallocate() {
        for chunk in 0..<chunkCount { directory.unsafelyUnwrapped[chunk]?.deallocate() }
        directory?.deallocate()
        directory = nil
        chunkCount = 0
    }
}
