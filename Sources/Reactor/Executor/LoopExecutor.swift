internal import CLibev
import Synchronization
import Glibc

/// An ``EventLoop`` as a Swift concurrency executor: actors and tasks that use it run on the
/// loop's thread, between its I/O callbacks.
///
/// It is both a `SerialExecutor` (an actor returns it as its `unownedExecutor`, and its methods
/// then run on the loop thread) and a `TaskExecutor` (`withTaskExecutorPreference(loop.executor)`
/// and `Task(executorPreference: loop.executor)` run nonisolated async code there). Jobs run in the
/// order they were enqueued from each thread, a bounded batch per loop iteration after the I/O
/// callbacks, so a job that enqueues jobs never starves sockets or timers.
///
/// Enqueueing allocates nothing: the job itself goes into the loop's run queue. From the loop's own
/// thread that takes no lock and no system call; from other threads, one short lock and at most one
/// wake-up of the loop per batch.
///
/// Once its loop is closed, the executor forwards the jobs it still receives (a task that outlived
/// its loop) to one process-wide fallback loop thread, where they keep running one at a time:
/// work is never dropped. I/O on the closed loop throws ``EventLoopError/loopClosed`` there.
///
/// SwiftNIO: its event loops' `SerialExecutor` conformance. Python: none (asyncio runs coroutines
/// on its loop thread by construction).
public final class LoopExecutor: SerialExecutor, TaskExecutor {
    /// `pthread_self()` of the thread that runs the loop, ``Self/noThread`` before one claims it,
    /// ``Self/closedMark`` once the loop is closed.
    private let owner: Atomic<UInt>
    let mailbox: LoopMailbox
    /// The loop-thread side: touched only by the owner thread.
    nonisolated(unsafe) let local: UnsafeMutablePointer<LocalJobs>
    /// The loop, unretained (it owns this executor). Read only on the owner thread, which the
    /// loop stops being once it is closed, before it is freed.
    nonisolated(unsafe) var loop: Unmanaged<EventLoop>?
    /// Async readiness waiters. Loop thread only.
    nonisolated(unsafe) let readiness: ReadinessTable
    /// Receives the jobs of actors bound to this loop (``asUnownedSerialExecutor()``).
    private let serialSide: LoopSerialExecutor

    static let noThread: UInt = 0
    static let closedMark = UInt.max
    /// The most jobs one loop iteration runs before the loop polls for I/O again.
    public static let batchLimit = 1024

    init(loop raw: OpaquePointer, mailbox: LoopMailbox) {
        self.mailbox = mailbox
        owner = Atomic(pthread_self())
        local = .allocate(capacity: 1)
        local.initialize(to: LocalJobs(loop: raw))
        readiness = ReadinessTable(loop: raw)
        serialSide = LoopSerialExecutor()
        local.pointee.start(runner: Unmanaged.passUnretained(self).toOpaque())
        readiness.executor = self
        serialSide.owner = self
    }

    deinit {
        local.pointee.deallocate()
        local.deinitialize(count: 1)
        local.deallocate()
    }

    /// Whether the caller runs on the loop's thread.
    public var isCurrent: Bool {
        owner.load(ordering: .relaxed) == pthread_self()
    }

    /// Queues `job` to run on the loop's thread as nonisolated code: the job of a task that prefers
    /// this executor. (Actors' jobs arrive through ``asUnownedSerialExecutor()``.)
    public func enqueue(_ job: consuming ExecutorJob) {
        enqueue(QueuedJob(job: UnownedJob(job), preferred: true))
    }

    /// Queues a job to run on the loop's thread, from either side of the executor.
    @inline(__always)
    func enqueue(_ job: QueuedJob) {
        if _fastPath(isCurrent) {
            local.pointee.push(job)
        } else if !mailbox.post(job) {
            ClosedLoopFallback.executor.enqueue(job)
        }
    }

    /// The executor's serial side, for actors: their jobs arrive there, apart from the jobs of tasks
    /// that prefer this executor, and run isolated to it. Running a task's jobs isolated too would
    /// make every nonisolated async call of the task switch executors, a trip through the run queue
    /// each (measured: about 11 per echoed message); running an actor's jobs nonisolated would do
    /// the same to every call between its methods. (The task side must be this object itself:
    /// tasks retain their preferred executor, and the runtime releases what this returns.)
    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: serialSide)
    }

    /// Traps unless the caller runs on the loop's thread (or, once the loop is closed, on the
    /// fallback thread that runs its late jobs).
    public func checkIsolated() {
        precondition(
            isIsolatingCurrentContext() == true,
            "Reactor: code isolated to an event loop's executor is running off the loop's thread")
    }

    /// True on the loop's thread (or, once the loop is closed, on the fallback thread), else false.
    public func isIsolatingCurrentContext() -> Bool? {
        if isCurrent { return true }
        return isClosed && ClosedLoopFallback.isCurrent
    }

    /// How many jobs the loop has run so far (tasks' and actors' jobs): read on the loop's thread,
    /// for a metrics timer. Counted once per batch, not per job.
    ///
    /// - Precondition: The caller runs on the loop's thread.
    public var jobsRun: Int {
        precondition(isCurrent, "Reactor: LoopExecutor.jobsRun read off its loop's thread")
        return local.pointee.jobsRun
    }

    /// Whether the loop has been closed.
    var isClosed: Bool { owner.load(ordering: .relaxed) == Self.closedMark }

    /// Makes the calling thread the loop's thread. Called when a thread starts running the loop.
    func claim() {
        let current = owner.load(ordering: .relaxed)
        guard current != Self.closedMark else { return }
        owner.store(pthread_self(), ordering: .relaxed)
    }

    /// No thread owns the loop until one claims it: every enqueue goes through the mailbox.
    func relinquish() {
        if owner.load(ordering: .relaxed) != Self.closedMark { owner.store(Self.noThread, ordering: .relaxed) }
    }

    /// Runs queued jobs, at most ``batchLimit`` of them. Loop thread only.
    func runBatch() {
        let serial = asUnownedSerialExecutor()
        let task = asUnownedTaskExecutor()
        local.pointee.inBatch = true
        var budget = Self.batchLimit
        while budget > 0, let queued = local.pointee.queue.pop() {
            if queued.preferred {
                queued.job.runSynchronously(on: task)
            } else {
                queued.job.runSynchronously(on: serial)
            }
            budget &-= 1
        }
        local.pointee.jobsRun &+= Self.batchLimit &- budget
        local.pointee.inBatch = false
        local.pointee.updateIdle()
    }

    /// Runs what is queued until nothing is left (or a generous bound is reached, for jobs that
    /// requeue themselves forever), then marks the loop closed and hands any job still queued to
    /// the fallback thread. Loop thread only; the mailbox must already refuse new work.
    func close() {
        var rounds = 64
        while !local.pointee.queue.isEmpty, rounds > 0 {
            runBatch()
            rounds -= 1
        }
        owner.store(Self.closedMark, ordering: .relaxed)
        local.pointee.stop()
        while let job = local.pointee.queue.pop() { ClosedLoopFallback.executor.enqueue(job) }
    }
}

/// The `SerialExecutor` side of a ``LoopExecutor``, for actors: the same run queue, with jobs
/// marked to run isolated to it. Kept alive by its ``LoopExecutor``, which an actor bound to the
/// loop holds (as every actor with a custom executor must hold its executor).
final class LoopSerialExecutor: SerialExecutor {
    nonisolated(unsafe) unowned(unsafe) var owner: LoopExecutor?

    func enqueue(_ job: consuming ExecutorJob) {
        owner.unsafelyUnwrapped.enqueue(QueuedJob(job: UnownedJob(job), preferred: false))
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    func checkIsolated() { owner.unsafelyUnwrapped.checkIsolated() }

    func isIsolatingCurrentContext() -> Bool? { owner.unsafelyUnwrapped.isIsolatingCurrentContext() }
}

/// The loop-thread side of a ``LoopExecutor``: its run queue, and the libev watchers that run it.
///
/// An `ev_check` watcher at the lowest priority runs a batch after the iteration's I/O callbacks;
/// while jobs remain queued, an `ev_idle` watcher keeps libev from blocking in its poll (and keeps
/// `run()` going). Both live at fixed addresses, as libev requires.
struct LocalJobs: ~Copyable {
    var queue = RunQueue()
    let loop: OpaquePointer
    /// The buffer `AsyncConnection.read(_:)` lends: one per loop, as in a callback server.
    private var lendingBuffer: UnsafeMutableBufferPointer<UInt8>?
    private let check: UnsafeMutablePointer<ev_check>
    private let idle: UnsafeMutablePointer<ev_idle>
    var inBatch = false
    /// Jobs run so far (``LoopExecutor/jobsRun``).
    var jobsRun = 0

    init(loop: OpaquePointer) {
        self.loop = loop
        check = .allocate(capacity: 1)
        idle = .allocate(capacity: 1)
    }

    /// Sets the watchers up; `runner` is the unretained ``LoopExecutor``.
    mutating func start(runner: UnsafeMutableRawPointer) {
        clibev_check_init(check) { _, watcher, _ in
            Unmanaged<LoopExecutor>.fromOpaque(watcher.unsafelyUnwrapped.pointee.data)
                ._withUnsafeGuaranteedRef { $0.runBatch() }
        }
        clibev_set_priority(check, clibevMinimumPriority)
        check.pointee.data = runner
        // The idle watcher only keeps the poll from blocking: the check watcher runs the jobs.
        clibev_idle_init(idle) { _, _, _ in }
        clibev_set_priority(idle, clibevMinimumPriority)
        ev_check_start(loop, check)
        // The check watcher alone must not keep `run()` from returning; queued jobs do (the idle one).
        ev_unref(loop)
    }

    /// Stops both watchers. After this, nothing runs the queue.
    mutating func stop() {
        if clibev_is_active(idle) != 0 { ev_idle_stop(loop, idle) }
        if clibev_is_active(check) != 0 {
            ev_ref(loop)
            ev_check_stop(loop, check)
        }
    }

    /// Adds a job from the loop's thread; makes sure an iteration will run it without blocking.
    @inline(__always)
    mutating func push(_ job: QueuedJob) {
        queue.push(job)
        ensureRun()
    }

    /// Makes sure the next batch runs without the loop blocking first: after the poll the check
    /// watcher is already pending (or running the batch), otherwise the idle watcher is started.
    @inline(__always)
    mutating func ensureRun() {
        if !inBatch, clibev_is_pending(check) == 0, clibev_is_active(idle) == 0 { ev_idle_start(loop, idle) }
    }

    /// Keeps the idle watcher running exactly while jobs are queued.
    mutating func updateIdle() {
        let spinning = clibev_is_active(idle) != 0
        if queue.isEmpty {
            if spinning { ev_idle_stop(loop, idle) }
        } else if !spinning, clibev_is_active(check) != 0 {
            ev_idle_start(loop, idle)
        }
    }

    /// The loop's read buffer for async reads that lend their bytes (64 KiB, made on first use).
    var readBuffer: UnsafeMutableBufferPointer<UInt8> {
        mutating get {
            if let buffer = lendingBuffer { return buffer }
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 65536)
            buffer.initialize(repeating: 0)
            lendingBuffer = buffer
            return buffer
        }
    }

    /// Frees the watchers (they must be stopped) and the read buffer.
    func deallocate() {
        check.deallocate()
        idle.deallocate()
        lendingBuffer?.deallocate()
    }
}

/// libev's `EV_MINPRI` (a conditional macro Swift does not import; shim.c asserts the value).
private let clibevMinimumPriority: Int32 = -2
