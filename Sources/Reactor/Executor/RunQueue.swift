/// One job in a ``RunQueue``: the job itself, and the side of the executor it was enqueued on.
struct QueuedJob {
    let job: UnownedJob
    /// Enqueued on the executor as a `TaskExecutor` (a task's executor preference), not as the
    /// `SerialExecutor` of an actor: it runs as nonisolated code.
    let preferred: Bool
}

/// A first-in, first-out queue of executor jobs in one growable ring buffer.
///
/// It stores the job itself (`UnownedJob` is one pointer), not a closure around it, so enqueueing
/// allocates nothing once the ring has grown to the loop's working size; growth doubles it.
/// Not thread-safe: the loop keeps one for its own thread and one behind its mailbox's lock.
// Sendable: it is the sole owner of its storage (non-copyable) and holds only Sendable jobs.
struct RunQueue: ~Copyable, @unchecked Sendable {
    private var storage: UnsafeMutablePointer<QueuedJob>
    private var capacity: Int
    private var head = 0
    /// How many jobs are queued.
    private(set) var count = 0

    init(capacity: Int = 64) {
        precondition(capacity > 0 && capacity & (capacity - 1) == 0, "RunQueue capacity must be a power of two")
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// Adds `job` at the back.
    @inline(__always)
    mutating func push(_ job: QueuedJob) {
        if _slowPath(count == capacity) { grow() }
        (storage + ((head &+ count) & (capacity &- 1))).initialize(to: job)
        count &+= 1
    }

    /// Takes the job at the front, if any.
    @inline(__always)
    mutating func pop() -> QueuedJob? {
        guard count > 0 else { return nil }
        let job = (storage + head).move()
        head = (head &+ 1) & (capacity &- 1)
        count &-= 1
        return job
    }

    /// Moves every job of `other` to the back of this queue, in order.
    mutating func takeAll(from other: inout RunQueue) {
        while let job = other.pop() { push(job) }
    }

    @inline(never)
    private mutating func grow() {
        let larger = UnsafeMutablePointer<QueuedJob>.allocate(capacity: capacity * 2)
        for index in 0..<count {
            (larger + index).initialize(to: (storage + ((head + index) & (capacity - 1))).move())
        }
        storage.deallocate()
        storage = larger
        capacity *= 2
        head = 0
    }
}
