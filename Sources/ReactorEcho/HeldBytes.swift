import Sockets

/// The bytes each of ``StreamEcho``'s connections could not send yet (a `ByteQueue`), by
/// descriptor: fixed chunks of 256 entries made on first use, so only descriptors near one that was
/// held back ever cost memory here, and a lookup is two loads (as libev's own `anfds`). The chunk directory is raw memory, not an `Array`, whose
/// buffer every lookup would retain and release (closing a connection looks up once).
struct HeldBytes {
    private static let chunkShift = 8
    private static let chunkSize = 1 << chunkShift
    private var directory: UnsafeMutablePointer<UnsafeMutablePointer<ByteQueue>?>?
    private var chunkCount = 0

    private func entry(_ fd: Int32) -> UnsafeMutablePointer<ByteQueue>? {
        let chunk = Int(fd) >> Self.chunkShift
        guard chunk < chunkCount, let base = directory.unsafelyUnwrapped[chunk] else { return nil }
        return base + (Int(fd) & (Self.chunkSize - 1))
    }

    /// Holds `bytes` back for `fd`, which holds nothing now.
    mutating func store(_ bytes: UnsafeMutableBufferPointer<UInt8>, for fd: Int32) {
        let chunk = Int(fd) >> Self.chunkShift
        if chunk >= chunkCount {
            let grown = UnsafeMutablePointer<UnsafeMutablePointer<ByteQueue>?>.allocate(capacity: chunk + 1)
            grown.initialize(repeating: nil, count: chunk + 1)
            if let directory {
                grown.update(from: directory, count: chunkCount)
                directory.deallocate()
            }
            directory = grown
            chunkCount = chunk + 1
        }
        if directory.unsafelyUnwrapped[chunk] == nil {
            let base = UnsafeMutablePointer<ByteQueue>.allocate(capacity: Self.chunkSize)
            base.initialize(repeating: ByteQueue(), count: Self.chunkSize)
            directory.unsafelyUnwrapped[chunk] = base
        }
        entry(fd).unsafelyUnwrapped.pointee.append(UnsafeRawBufferPointer(bytes))
    }

    /// What `fd` still has to send, or nil when nothing.
    func unsent(for fd: Int32) -> UnsafeMutableBufferPointer<UInt8>? {
        guard let entry = entry(fd), !entry.pointee.isEmpty else { return nil }
        return entry.pointee.readable
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
        for chunk in 0..<chunkCount {
            guard let base = directory.unsafelyUnwrapped[chunk] else { continue }
            for index in 0..<Self.chunkSize { base[index].deallocate() }
            base.deinitialize(count: Self.chunkSize)
            base.deallocate()
        }
        directory?.deallocate()
        directory = nil
        chunkCount = 0
    }
}
