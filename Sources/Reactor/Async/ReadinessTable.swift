internal import CLibev
import Glibc

/// The direction a task waits for: readable or writable.
enum ReadinessDirection: Sendable {
    case read
    case write
}

/// One task suspended until a descriptor is ready.
struct ReadinessWaiter {
    let continuation: UnsafeContinuation<Void, any Error>
}

/// What the loop knows about one descriptor that async code waits on: its `ev_io` watcher, a
/// deadline timer per direction, and the suspended reader and writer.
///
/// `io` comes first, so a pointer to the watcher is a pointer to the slot.
struct ReadinessSlot {
    var io = ev_io()
    var readTimer = ev_timer()
    var writeTimer = ev_timer()
    var reader: ReadinessWaiter?
    var writer: ReadinessWaiter?
    /// The tasks suspended as reader and writer, to see whether they were cancelled
    /// (``ReadinessTable/sweepCancelled()``); a suspended task cannot finish, so they stay valid.
    /// Apart from the waiters: `UnsafeCurrentTask` is a resilient type, and inside them every copy
    /// of a waiter would go through its value witnesses (about 30 calls per echoed message).
    var readerTask: UnsafeCurrentTask?
    var writerTask: UnsafeCurrentTask?
    /// The last read returned less than was asked for: the next read waits for readiness first
    /// instead of spending a `recv` that would most likely find nothing (level-triggered, so data
    /// that is already there is reported at once).
    var drained = false
    /// The operation and address a deadline's error names, per direction.
    var readOperation: StaticString = "recv"
    var writeOperation: StaticString = "send"
}

/// Readiness waiters indexed by descriptor, for O(1) lookup and no allocation per connection:
/// slots live in fixed chunks (libev keeps pointers to active watchers, so they never move).
///
/// Loop thread only. A class so that sockets can tell it, as a close observer, before they close
/// a descriptor it watches.
final class ReadinessTable {
    private static let chunkShift = 8
    private static let chunkSize = 1 << chunkShift
    private var chunks: [UnsafeMutablePointer<ReadinessSlot>?] = []
    /// How many waiters are registered now.
    private(set) var waiterCount = 0
    /// Runs ``sweepCancelled()`` every ``cancellationInterval`` while anyone waits.
    private let sweeper: UnsafeMutablePointer<ev_timer>
    let loop: OpaquePointer
    /// The executor that owns the table (and outlives it).
    unowned(unsafe) var executor: LoopExecutor?
    /// Set once the loop is closed: waiting then fails at once.
    var isClosed = false

    /// How often waits are checked for a cancelled task: the longest a cancelled wait takes to end.
    ///
    /// Not `withTaskCancellationHandler` per wait: its status record, added and removed under the
    /// task's lock, cost about 2,200 instructions per echoed message (callgrind, S2), seven times the
    /// rest of the reactor's work; a check of the waiting tasks 20 times a second costs nothing per
    /// wait and a few instructions per waiter per check.
    static let cancellationInterval = 0.05

    init(loop: OpaquePointer) {
        self.loop = loop
        sweeper = .allocate(capacity: 1)
        clibev_timer_init(sweeper, { raw, _, _ in
            EventLoop.borrow(raw) { $0.executor.readiness.sweepCancelled() }
        }, Self.cancellationInterval, Self.cancellationInterval)
    }

    deinit {
        sweeper.deallocate()
        for case let base? in chunks {
            base.deinitialize(count: Self.chunkSize)
            base.deallocate()
        }
    }

    /// The slot for `fd`, or nil if none was ever made.
    @inline(__always)
    func slot(_ fd: Int32) -> UnsafeMutablePointer<ReadinessSlot>? {
        let chunk = Int(fd) >> Self.chunkShift
        guard chunk < chunks.count, let base = chunks[chunk] else { return nil }
        return base + (Int(fd) & (Self.chunkSize - 1))
    }

    /// The slot for `fd`, making its chunk if needed.
    @inline(__always)
    func makeSlot(_ fd: Int32) -> UnsafeMutablePointer<ReadinessSlot> {
        if let slot = slot(fd) { return slot }
        return makeChunk(for: fd)
    }

    @inline(never)
    private func makeChunk(for fd: Int32) -> UnsafeMutablePointer<ReadinessSlot> {
        let chunk = Int(fd) >> Self.chunkShift
        if chunk >= chunks.count { chunks += Array(repeating: nil, count: chunk + 1 - chunks.count) }
        let base = UnsafeMutablePointer<ReadinessSlot>.allocate(capacity: Self.chunkSize)
        base.initialize(repeating: ReadinessSlot(), count: Self.chunkSize)
        for index in 0..<Self.chunkSize {
            let slot = base + index
            clibev_io_init(slot.io, readinessTrampoline, Int32(index) | Int32(chunk << Self.chunkShift), 0)
            clibev_timer_init(slot.readTimer, readDeadlineTrampoline, 0, 0)
            clibev_timer_init(slot.writeTimer, writeDeadlineTrampoline, 0, 0)
        }
        chunks[chunk] = base
        return base + (Int(fd) & (Self.chunkSize - 1))
    }

    /// The slot for `socket`'s descriptor, its watcher set afresh if the table has not met this
    /// socket before: the descriptor number may have named another file when last watched, and
    /// libev's epoll backend goes silent on a reused number unless told (`ev_io_set`).
    @inline(__always)
    func slot(for socket: Socket, _ fd: Int32) -> UnsafeMutablePointer<ReadinessSlot> {
        let slot = makeSlot(fd)
        if _slowPath(socket.readinessTable != ObjectIdentifier(self)) {
            if clibev_is_active(slot.io) != 0 { ev_io_stop(loop, slot.io) }
            clibev_io_set(slot.io, fd, 0)
            socket.readinessTable = ObjectIdentifier(self)
        }
        return slot
    }

    /// Registers `waiter` for `direction` in `slot` and starts watching (and its deadline, if any).
    func register(
        _ waiter: ReadinessWaiter, task: UnsafeCurrentTask, slot: UnsafeMutablePointer<ReadinessSlot>,
        direction: ReadinessDirection, operation: StaticString, deadline: Double?
    ) {
        switch direction {
        case .read:
            slot.pointee.reader = waiter
            slot.pointee.readerTask = task
            slot.pointee.readOperation = operation
            if let deadline { startTimer(slot.readTimer, deadline) }
        case .write:
            slot.pointee.writer = waiter
            slot.pointee.writerTask = task
            slot.pointee.writeOperation = operation
            if let deadline { startTimer(slot.writeTimer, deadline) }
        }
        slot.updateWatch(loop)
        waiterCount &+= 1
        if _slowPath(clibev_is_active(sweeper) == 0) {
            ev_timer_start(loop, sweeper)
            // The sweep alone must not keep run() going (the waits it serves do not either).
            ev_unref(loop)
        }
    }

    /// Called by the slot helpers when a waiter leaves.
    @inline(__always)
    func waiterLeft() { waiterCount &-= 1 }

    /// Resumes, with `CancellationError`, every wait whose task was cancelled; stops checking once
    /// nobody waits.
    func sweepCancelled() {
        guard waiterCount > 0 else {
            ev_ref(loop)
            ev_timer_stop(loop, sweeper)
            return
        }
        for case let base? in chunks {
            for index in 0..<Self.chunkSize {
                let slot = base + index
                if slot.pointee.reader != nil, slot.pointee.readerTask?.isCancelled == true {
                    slot.takeReader(self)?.continuation.resume(throwing: CancellationError())
                    slot.updateWatch(loop)
                }
                if slot.pointee.writer != nil, slot.pointee.writerTask?.isCancelled == true {
                    slot.takeWriter(self)?.continuation.resume(throwing: CancellationError())
                    slot.updateWatch(loop)
                }
            }
        }
    }

    /// Stops the sweep timer (the loop is closing).
    func stopSweeping() {
        guard clibev_is_active(sweeper) != 0 else { return }
        ev_ref(loop)
        ev_timer_stop(loop, sweeper)
    }

    private func startTimer(_ timer: UnsafeMutablePointer<ev_timer>, _ seconds: Double) {
        ev_now_update(loop)
        clibev_timer_set(timer, seconds, 0)
        ev_timer_start(loop, timer)
    }


    /// Resumes every wait on `fd` by throwing what `error` makes of the operation each waited for,
    /// and stops watching it.
    func failAll(fd: Int32, with error: (StaticString) -> any Error) {
        guard let slot = slot(fd) else { return }
        let reader = slot.takeReader(self)
        let writer = slot.takeWriter(self)
        slot.pointee.drained = false
        slot.updateWatch(loop)
        reader?.continuation.resume(throwing: error(slot.pointee.readOperation))
        writer?.continuation.resume(throwing: error(slot.pointee.writeOperation))
    }

    /// Resumes every wait on every descriptor by throwing `error`; later waits fail at once. Called
    /// when the loop closes.
    func close(with error: EventLoopError) {
        isClosed = true
        stopSweeping()
        for case let base? in chunks {
            for index in 0..<Self.chunkSize where base[index].reader != nil || base[index].writer != nil {
                failAll(fd: base[index].io.fd) { _ in error }
            }
        }
    }
}

extension ReadinessTable: DescriptorCloseObserver {
    /// A socket that async code uses is closing: wake its waiters with `EBADF` and stop watching,
    /// before libev could see a closed (or reused) descriptor.
    ///
    /// A socket closed off the loop's thread (its last reference dropped by a task elsewhere) has no
    /// waiter, since a waiting task holds it, and so no active watcher: there is nothing to do, and
    /// the table must not be touched from that thread.
    @usableFromInline
    func descriptorWillClose(_ fd: Int32) {
        guard executor.unsafelyUnwrapped.isCurrent else { return }
        failAll(fd: fd) { SocketError(errno: EBADF, operation: $0.description) }
    }
}

extension UnsafeMutablePointer where Pointee == ReadinessSlot {
    // The watchers' addresses, computed from the slot's: libev keeps them, so they must be the real
    // fields' addresses, never a temporary that `&pointee.field` might hand a C function.
    @inline(__always) var io: UnsafeMutablePointer<ev_io> {
        UnsafeMutableRawPointer(self).assumingMemoryBound(to: ev_io.self)
    }
    @inline(__always) var readTimer: UnsafeMutablePointer<ev_timer> {
        (UnsafeMutableRawPointer(self) + MemoryLayout<ReadinessSlot>.offset(of: \.readTimer).unsafelyUnwrapped)
            .assumingMemoryBound(to: ev_timer.self)
    }
    @inline(__always) var writeTimer: UnsafeMutablePointer<ev_timer> {
        (UnsafeMutableRawPointer(self) + MemoryLayout<ReadinessSlot>.offset(of: \.writeTimer).unsafelyUnwrapped)
            .assumingMemoryBound(to: ev_timer.self)
    }

    /// Watches exactly the directions someone waits for; stops the watcher when nobody waits.
    @inline(__always)
    func updateWatch(_ loop: OpaquePointer) {
        let wanted = (pointee.reader != nil ? Int32(EV_READ) : 0) | (pointee.writer != nil ? Int32(EV_WRITE) : 0)
        let active = clibev_is_active(io) != 0
        if wanted == 0 {
            if active { ev_io_stop(loop, io) }
        } else if !active {
            clibev_io_modify(io, wanted)
            ev_io_start(loop, io)
        } else if pointee.io.events & (Int32(EV_READ) | Int32(EV_WRITE)) != wanted {
            ev_io_stop(loop, io)
            clibev_io_modify(io, wanted)
            ev_io_start(loop, io)
        }
    }

    /// Removes the reader (and stops its deadline), returning it.
    @inline(__always)
    func takeReader(_ table: ReadinessTable) -> ReadinessWaiter? {
        guard let waiter = pointee.reader else { return nil }
        pointee.reader = nil
        pointee.readerTask = nil
        table.waiterLeft()
        if _slowPath(clibev_is_active(readTimer) != 0) { ev_timer_stop(table.loop, readTimer) }
        return waiter
    }

    /// Removes the writer (and stops its deadline), returning it.
    @inline(__always)
    func takeWriter(_ table: ReadinessTable) -> ReadinessWaiter? {
        guard let waiter = pointee.writer else { return nil }
        pointee.writer = nil
        pointee.writerTask = nil
        table.waiterLeft()
        if _slowPath(clibev_is_active(writeTimer) != 0) { ev_timer_stop(table.loop, writeTimer) }
        return waiter
    }
}

/// The `ev_io` callback: resumes the reader and/or writer the readiness is for.
private let readinessTrampoline: clibev_io_cb = { loop, watcher, revents in
    let slot = UnsafeMutableRawPointer(watcher.unsafelyUnwrapped).assumingMemoryBound(to: ReadinessSlot.self)
    EventLoop.borrow(loop) { eventLoop in
        let table = eventLoop.executor.readiness
        // EV_ERROR (a descriptor libev could not watch): wake both, so their next call meets the error.
        let error = revents & Int32(EV_ERROR) != 0
        let reader = revents & Int32(EV_READ) != 0 || error ? slot.takeReader(table) : nil
        let writer = revents & Int32(EV_WRITE) != 0 || error ? slot.takeWriter(table) : nil
        if reader != nil { slot.pointee.drained = false }
        slot.updateWatch(table.loop)
        reader?.continuation.resume()
        writer?.continuation.resume()
    }
}

private let readDeadlineTrampoline: clibev_timer_cb = { loop, timer, _ in
    let offset = MemoryLayout<ReadinessSlot>.offset(of: \.readTimer).unsafelyUnwrapped
    let slot = (UnsafeMutableRawPointer(timer.unsafelyUnwrapped) - offset).assumingMemoryBound(to: ReadinessSlot.self)
    let operation = slot.pointee.readOperation
    EventLoop.borrow(loop) { eventLoop in
        let waiter = slot.takeReader(eventLoop.executor.readiness)
        slot.updateWatch(eventLoop.raw)
        waiter?.continuation.resume(throwing: SocketError.timeout(operation: operation.description))
    }
}

private let writeDeadlineTrampoline: clibev_timer_cb = { loop, timer, _ in
    let offset = MemoryLayout<ReadinessSlot>.offset(of: \.writeTimer).unsafelyUnwrapped
    let slot = (UnsafeMutableRawPointer(timer.unsafelyUnwrapped) - offset).assumingMemoryBound(to: ReadinessSlot.self)
    let operation = slot.pointee.writeOperation
    EventLoop.borrow(loop) { eventLoop in
        let waiter = slot.takeWriter(eventLoop.executor.readiness)
        slot.updateWatch(eventLoop.raw)
        waiter?.continuation.resume(throwing: SocketError.timeout(operation: operation.description))
    }
}
