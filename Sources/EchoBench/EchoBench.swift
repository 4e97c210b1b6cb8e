import Glibc
import Reactor
import Synchronization

/// The load generator behind `echo-bench`: drives any echo server with ``BenchConfiguration``'s
/// load from one or more threads, each running its own `Selector`, and verifies every byte.
public enum EchoBench {
    /// A once-a-second snapshot for a live display.
    public struct Progress: Sendable {
        /// Seconds since the load started.
        public let elapsed: Double
        /// Whether the load is still warming up (not measured yet).
        public let isWarmup: Bool
        /// Messages (churn: connections) per second over the last interval, all phases.
        public let messagesPerSecond: Double
        /// The highest p99 latency of any thread over the last interval, in microseconds; nil when
        /// no message completed in it.
        public let p99: Double?
        /// Errors and mismatches so far.
        public let errors: Int
    }

    /// Runs the load and returns what it measured; `progress`, if given, is called on the calling
    /// thread about once a second while the load runs. ``BenchStop/stop()`` on `stop` ends the
    /// measured period early (the result then says ``BenchResult/interrupted``).
    ///
    /// - Parameters:
    ///   - configuration: The load.
    ///   - progress: Called about once a second with the last second's figures.
    ///   - stop: Ends the run early when stopped.
    ///   - reached: Called once the server has taken a first connection (for datagrams: at once),
    ///     before the load threads start: a command starts its Ctrl-C handling there.
    /// - Throws: ``BenchError`` when the load cannot start at all: the server refuses the first
    ///   connection, or a thread or loop cannot be created. Errors during the run are counted.
    public static func run(
        _ configuration: BenchConfiguration, progress: ((Progress) -> Void)? = nil, stop: BenchStop? = nil,
        reached: (() -> Void)? = nil
    ) throws(BenchError) -> BenchResult {
        if configuration.mode != .datagram {
            // Fail early, with one clear line, when nothing listens there.
            try connectedSocket(to: configuration.target, type: .stream).close()
        }
        reached?()
        // The workers registered with `stop` are let go with the run.
        defer { stop?.forgetRun() }
        let slots = (0..<configuration.threads).map { index in
            WorkerSlot(configuration: configuration, index: index, live: progress == nil ? nil : LiveCounters(), stop: stop)
        }
        var threads: [pthread_t] = []
        for slot in slots {
            do { threads.append(try startThread { slot.run() }) } catch {
                for thread in threads { pthread_join(thread, nil) }
                throw .thread(error.errno)
            }
        }
        if let progress { report(slots, warmup: configuration.warmup, to: progress) }
        for thread in threads { pthread_join(thread, nil) }
        for slot in slots { if let failure = slot.failure { throw failure } }

        var counts = Counts()
        var histogram = Histogram()
        var rate = 0.0
        var measured = 0.0
        var interrupted = false
        for slot in slots {
            guard let worker = slot.worker else { continue }
            counts.add(worker.counts)
            histogram.add(worker.histogram)
            let window = Double(worker.measureEnd &- worker.measureStart) / 1e9
            if window > 0 { rate += Double(worker.counts.messages) / window }
            measured = max(measured, window)
            interrupted = interrupted || worker.interrupted
        }
        var result = BenchResult(configuration: configuration, counts: counts, rate: rate, histogram: histogram)
        result.clientWaitSeconds = runQueueWaitSeconds()
        result.interrupted = interrupted
        result.measuredSeconds = measured
        return result
    }

    /// The time this process's threads spent ready to run but waiting for a CPU, from
    /// `/proc/self/task/*/schedstat` (its second field, in nanoseconds); 0 where that is unavailable.
    static func runQueueWaitSeconds() -> Double {
        guard let tasks = opendir("/proc/self/task") else { return 0 }
        defer { closedir(tasks) }
        var total = 0.0
        while let entry = readdir(tasks) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.first?.isNumber == true else { continue }
            let fd = open("/proc/self/task/\(name)/schedstat", O_RDONLY)
            guard fd >= 0 else { continue }
            var bytes = [UInt8](repeating: 0, count: 128)
            let count = read(fd, &bytes, bytes.count)
            close(fd)
            guard count > 0 else { continue }
            let fields = String(decoding: bytes[0..<count], as: UTF8.self).split(separator: " ")
            if fields.count > 1, let waited = Double(fields[1]) { total += waited / 1e9 }
        }
        return total
    }

    /// Reports each second of the load once every worker has published it (a worker publishes its
    /// counts and the p99 of its last second on its own loop's timer), so that a line never shows a
    /// second a worker has not finished.
    private static func report(_ slots: [WorkerSlot], warmup: Duration, to progress: (Progress) -> Void) {
        var last = monotonicNanoseconds()
        var lastMessages = 0
        var reported = 0
        while !slots.allSatisfy({ $0.done.load(ordering: .acquiring) }) {
            usleep(20_000)
            let lives = slots.filter { !$0.done.load(ordering: .acquiring) }.compactMap(\.live)
            guard let ready = lives.map({ $0.seconds.load(ordering: .acquiring) }).min(), ready > reported else { continue }
            reported = ready
            let now = monotonicNanoseconds()
            let all = slots.compactMap(\.live)
            let messages = all.reduce(0) { $0 + $1.messages.load(ordering: .relaxed) }
            let errors = all.reduce(0) { $0 + $1.errors.load(ordering: .relaxed) }
            let p99 = lives.map { $0.intervalP99.load(ordering: .relaxed) }.filter { $0 != LiveCounters.noSamples }.max()
            // Second `reported` began at `reported - 1`: marked when that was still in the warm-up.
            progress(Progress(
                elapsed: Double(reported), isWarmup: Double(reported - 1) < warmup / .seconds(1),
                messagesPerSecond: Double(messages - lastMessages) / (Double(now &- last) / 1e9),
                p99: p99.map { Double($0) / 1000 }, errors: errors))
            last = now
            lastMessages = messages
        }
    }
}

/// One worker's thread: creates the worker on that thread, runs it, and keeps it for the merge.
/// Written by its thread, read by the main thread only after `pthread_join` (or through `done`).
private final class WorkerSlot: @unchecked Sendable {
    let configuration: BenchConfiguration
    let index: Int
    let live: LiveCounters?
    let stop: BenchStop?
    let done = Atomic<Bool>(false)
    var worker: Worker?
    var failure: BenchError?

    init(configuration: BenchConfiguration, index: Int, live: LiveCounters?, stop: BenchStop?) {
        self.configuration = configuration
        self.index = index
        self.live = live
        self.stop = stop
    }

    func run() {
        defer { done.store(true, ordering: .releasing) }
        do {
            let worker = try Worker(configuration: configuration, index: index, live: live)
            self.worker = worker
            if let stop {
                // The worker's loop is the only way in: its handle runs the interruption there.
                let handle = worker.selector.loop.handle
                let box = UncheckedWorker(worker: worker)
                stop.onStop { try? handle.execute { box.worker.interrupt() } }
            }
            try worker.run()
        } catch {
            failure = error
        }
    }
}

/// A worker carried to its own loop's thread by a job: only that thread touches it.
private struct UncheckedWorker: @unchecked Sendable {
    let worker: Worker
}

/// Ends a running ``EchoBench/run(_:progress:stop:reached:)`` early, from any thread (a signal handler's
/// thread, for Ctrl-C): the measured period ends now, the clients drain as after a full run, and
/// the result covers what was measured.
public final class BenchStop: Sendable {
    private let state = Mutex<(stopped: Bool, actions: [@Sendable () -> Void])>((false, []))

    /// A stop not requested yet.
    public init() {}

    /// Ends the run's measured period now. Idempotent.
    public func stop() {
        let actions = state.withLock { state in
            guard !state.stopped else { return [@Sendable () -> Void]() }
            state.stopped = true
            defer { state.actions = [] }
            return state.actions
        }
        for action in actions { action() }
    }

    /// Whether ``stop()`` has been called.
    public var isStopped: Bool { state.withLock { $0.stopped } }

    /// Drops the actions of a run that has ended (they hold its workers).
    func forgetRun() {
        state.withLock { $0.actions = [] }
    }

    /// Runs `action` on ``stop()``, or now if that has happened.
    func onStop(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { state in
            if !state.stopped { state.actions.append(action) }
            return state.stopped
        }
        if now { action() }
    }
}
