internal import CLibev

/// Slots indexed by descriptor number, for O(1) lookup like libev's own `anfds`: the selector's
/// `ev_io` watchers (``WatcherTable``) and the keys it keeps aside (``SpareKeys``).
///
/// libev keeps pointers to active watchers, so they must never move: the table grows by adding
/// fixed chunks, and only the small directory of chunk pointers is ever reallocated. The directory is
/// raw memory, not an `Array`: a lookup is two loads, with no bounds check beyond the one below and no
/// retain of an array buffer (registering and unregistering look up three times per connection).
struct DescriptorTable<Slot> {
    private static var chunkShift: Int { 8 }
    private static var chunkSize: Int { 1 << chunkShift }
    private var directory: UnsafeMutablePointer<UnsafeMutablePointer<Slot>?>?
    private var chunkCount = 0
    /// What a slot holds before it is used.
    private let blank: Slot

    init(blank: Slot) { self.blank = blank }

    /// The slot for `fd`, or nil if no slot was ever made for it.
    @inline(__always)
    func slot(_ fd: Int32) -> UnsafeMutablePointer<Slot>? {
        let chunk = Int(fd) >> Self.chunkShift
        guard chunk < chunkCount, let base = directory.unsafelyUnwrapped[chunk] else { return nil }
        return base + (Int(fd) & (Self.chunkSize - 1))
    }

    /// The slot for `fd`, making its chunk if needed.
    mutating func makeSlot(_ fd: Int32) -> UnsafeMutablePointer<Slot> {
        if let slot = slot(fd) { return slot }
        let chunk = Int(fd) >> Self.chunkShift
        if chunk >= chunkCount { growDirectory(to: chunk + 1) }
        let base = UnsafeMutablePointer<Slot>.allocate(capacity: Self.chunkSize)
        base.initialize(repeating: blank, count: Self.chunkSize)
        directory.unsafelyUnwrapped[chunk] = base
        return base + (Int(fd) & (Self.chunkSize - 1))
    }

    private mutating func growDirectory(to count: Int) {
        let grown = UnsafeMutablePointer<UnsafeMutablePointer<Slot>?>.allocate(capacity: count)
        grown.initialize(repeating: nil, count: count)
        if let directory {
            grown.update(from: directory, count: chunkCount)
            directory.deallocate()
        }
        directory = grown
        chunkCount = count
    }

    /// Every slot for which `isUsed` holds, in descriptor order.
    func slots(where isUsed: (Slot) -> Bool) -> [UnsafeMutablePointer<Slot>] {
        var slots: [UnsafeMutablePointer<Slot>] = []
        for chunk in 0..<chunkCount {
            guard let base = directory.unsafelyUnwrapped[chunk] else { continue }
            for index in 0..<Self.chunkSize where isUsed(base[index]) { slots.append(base + index) }
        }
        return slots
    }

    /// Frees every chunk (the slots hold trivial values: watchers must all be stopped, keys released).
    mutating func deallocate() {
        for chunk in 0..<chunkCount { directory.unsafelyUnwrapped[chunk]?.deallocate() }
        directory?.deallocate()
        directory = nil
        chunkCount = 0
    }
}

/// The selector's `ev_io` watchers by descriptor. A slot whose `data` is nil is free; otherwise
/// `data` holds the registered key, retained.
typealias WatcherTable = DescriptorTable<ev_io>

extension DescriptorTable<ev_io> {
    init() { self.init(blank: ev_io()) }

    /// The key registered for `fd`, if any.
    @inline(__always)
    func key(_ fd: Int32) -> Unmanaged<SelectorKey>? {
        slot(fd)?.pointee.data.map { Unmanaged.fromOpaque($0) }
    }

    /// Every slot holding a key, in descriptor order.
    func occupiedSlots() -> [UnsafeMutablePointer<ev_io>] {
        slots { $0.data != nil }
    }
}

/// Per descriptor, the key that the current one replaced in a `modify` that kept the callback,
/// retained: switching back to its events reuses it instead of allocating (a stream under
/// backpressure toggles between `.read` and `.write` twice per episode). Keys stay immutable: the
/// selector, not the key, remembers the spare. No chunk is made until a `modify` keeps a spare, so
/// unregistering a descriptor that never had one costs a failed lookup.
typealias SpareKeys = DescriptorTable<Unmanaged<SelectorKey>?>

extension DescriptorTable<Unmanaged<SelectorKey>?> {
    init() { self.init(blank: nil) }

    /// Takes `fd`'s spare out of the table.
    @inline(__always)
    func take(_ fd: Int32) -> Unmanaged<SelectorKey>? {
        guard let slot = slot(fd), let spare = slot.pointee else { return nil }
        slot.pointee = nil
        return spare
    }

    /// Every spare still held, taken out of the table.
    func takeAll() -> [Unmanaged<SelectorKey>] {
        slots { $0 != nil }.map { slot in
            defer { slot.pointee = nil }
            return slot.pointee.unsafelyUnwrapped
        }
    }
}
