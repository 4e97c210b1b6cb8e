import Glibc
import Logging
import Reactor
import Synchronization

/// The monotonic clock in nanoseconds (vDSO `clock_gettime`, no allocation).
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}

/// Where a worker is in its run.
enum Phase {
    /// Loading, not counting.
    case warmup
    /// Loading and counting.
    case measuring
    /// No new messages; waiting for the outstanding echoes.
    case draining

    var issues: Bool { self != .draining }
}

/// Counters a worker thread publishes for the live line, read by the main thread.
final class LiveCounters: Sendable {
    let messages = Atomic<Int>(0)
    let errors = Atomic<Int>(0)
    /// The p99 of the last interval; ``noSamples`` when no message completed in it.
    let intervalP99 = Atomic<UInt64>(LiveCounters.noSamples)
    /// How many seconds of figures the worker has published.
    let seconds = Atomic<Int>(0)

    static let noSamples = UInt64.max
}

/// What a worker counted; summed over workers for the result.
struct Counts {
    /// Messages completed in the measured period (churn: connections).
    var messages = 0
    /// Messages completed in all phases.
    var allMessages = 0
    /// Connection and I/O errors.
    var errors = 0
    /// Echoed bytes that differ from what was sent (or extra bytes, or wrong-sized datagrams).
    var mismatches = 0
    /// Messages still unanswered when the drain limit passed.
    var undrained = 0
    /// Datagrams unanswered within the datagram timeout (UDP only; reported, not an error).
    var lost = 0
    /// Datagrams answered after they were counted lost.
    var late = 0

    mutating func add(_ other: Counts) {
        messages += other.messages
        allMessages += other.allMessages
        errors += other.errors
        mismatches += other.mismatches
        undrained += other.undrained
        lost += other.lost
        late += other.late
    }
}

/// One load thread: its own selector and loop, and its share of the clients.
final class Worker {
    let configuration: BenchConfiguration
    let index: Int
    let selector: Selector
    /// The read buffer every client of this worker receives into.
    let buffer: UnsafeMutableBufferPointer<UInt8>
    /// A scratch buffer for building datagrams.
    let scratch: UnsafeMutableBufferPointer<UInt8>
    let pattern = Pattern.shared
    let live: LiveCounters?
    var phase = Phase.warmup
    var counts = Counts()
    var histogram = Histogram()
    var interval = Histogram()
    /// Clients not yet finished (closed, or drained once the measured period is over).
    var running = 0
    /// Whether the run was cut short by ``interrupt()``.
    private(set) var interrupted = false
    var measureStart: UInt64 = 0
    var measureEnd: UInt64 = 0
    private var reported = 0
    private var timers: [LoopTimer] = []
    private var streams: [StreamClient] = []
    private var churns: [ChurnClient] = []
    private var datagrams: [DatagramClient] = []

    init(configuration: BenchConfiguration, index: Int, live: LiveCounters?) throws(BenchError) {
        self.configuration = configuration
        self.index = index
        self.live = live
        do { selector = try Selector() } catch { throw .loop("\(error)") }
        buffer = .allocate(capacity: 65_536)
        scratch = .allocate(capacity: 65_536)
    }

    deinit {
        buffer.deallocate()
        scratch.deallocate()
    }

    /// The connection numbers this worker owns: every `threads`-th, starting at its index.
    var connectionNumbers: StrideTo<Int> {
        stride(from: index, to: configuration.connections, by: configuration.threads)
    }

    /// Connects, loads for warm-up + duration, drains, and closes everything.
    func run() throws(BenchError) {
        defer { closeAll() }
        switch configuration.mode {
        case .stream:
            for number in connectionNumbers {
                streams.append(try StreamClient(worker: self, number: number))
            }
        case .datagram:
            for number in connectionNumbers {
                datagrams.append(try DatagramClient(worker: self, number: number))
            }
        case .churn:
            for number in connectionNumbers { churns.append(ChurnClient(worker: self, number: number)) }
        }
        try schedulePhases()
        running = streams.count + datagrams.count + churns.count
        for client in streams { client.start() }
        for client in datagrams { client.start() }
        for client in churns { client.begin() }
        if running > 0 { selector.run() }
        if phase != .draining { measureEnd = monotonicNanoseconds() }
        publish()
    }

    private func schedulePhases() throws(BenchError) {
        do {
            if configuration.warmup > .zero {
                timers.append(try selector.loop.schedule(after: configuration.warmup) { [unowned self] _ in beginMeasuring() })
            } else {
                beginMeasuring()
            }
            timers.append(try selector.loop.schedule(after: configuration.warmup + configuration.duration) { [unowned self] _ in
                endMeasuring()
            })
            if live != nil {
                timers.append(try selector.loop.schedule(after: .seconds(1), repeating: .seconds(1)) { [unowned self] _ in
                    publish()
                })
            }
            if configuration.mode == .datagram {
                timers.append(try selector.loop.schedule(after: .milliseconds(5), repeating: .milliseconds(5)) {
                    [unowned self] _ in
                    let now = monotonicNanoseconds()
                    for client in datagrams { client.expire(now: now) }
                })
            }
        } catch {
            throw .loop("\(error)")
        }
    }

    private func beginMeasuring() {
        guard phase == .warmup else { return }
        phase = .measuring
        measureStart = monotonicNanoseconds()
    }

    /// Ends the run early (Ctrl-C): what was measured so far is the result; the clients drain.
    func interrupt() {
        interrupted = true
        if phase == .warmup {
            measureStart = monotonicNanoseconds()  // nothing measured: an empty window
        }
        endMeasuring()
    }

    private func endMeasuring() {
        guard phase != .draining else { return }
        phase = .draining
        measureEnd = monotonicNanoseconds()
        for client in streams { client.drainIfIdle() }
        for client in datagrams { client.drainIfIdle() }
        if running == 0 { return selector.stop() }
        let limit = try? selector.loop.schedule(after: configuration.drainLimit) { [unowned self] _ in
            for client in streams { client.abandon() }
            for client in datagrams { client.abandon() }
            for client in churns { client.abandon() }
            selector.stop()
        }
        if let limit { timers.append(limit) }
    }

    /// Receives what `socket` has into the shared read buffer: its byte count, or nil on would-block.
    @inline(__always)
    func receive(from socket: Socket) throws(SocketError) -> Int? {
        let buffer = self.buffer  // a local copy: a span of a property of an unowned(unsafe) reference crashes the 6.3.1 optimizer
        var span = buffer.mutableSpan
        return try socket.receive(into: &span)
    }

    /// A message (churn: a connection) completed after `latency` nanoseconds.
    @inline(__always)
    func completed(latency: UInt64) {
        counts.allMessages &+= 1
        if phase == .measuring {
            counts.messages &+= 1
            histogram.record(latency)
        }
        // The live line shows the warm-up too (marked as such).
        if live != nil { interval.record(latency) }
    }

    /// A client is done: closed after an error, or drained.
    func clientFinished() {
        running -= 1
        if running == 0, phase == .draining { selector.stop() }
    }

    /// Counts an error and reports the first few to the configuration's logger.
    func error(_ text: @autoclosure () -> String) {
        counts.errors += 1
        report(text(), kind: "error")
    }

    /// Counts a mismatch and reports the first few to the configuration's logger.
    func mismatch(_ text: @autoclosure () -> String) {
        counts.mismatches += 1
        report(text(), kind: "mismatch")
    }

    private func report(_ text: String, kind: String) {
        reported += 1
        guard reported <= 5 else { return }
        let logger = configuration.logger
        logger.error("\(text)", metadata: ["kind": "\(kind)", "thread": "\(index)"])
        if reported == 5 { logger.error("(further errors are counted, not shown)", metadata: ["thread": "\(index)"]) }
    }

    private func publish() {
        guard let live else { return }
        live.messages.store(counts.allMessages, ordering: .relaxed)
        live.errors.store(counts.errors + counts.mismatches, ordering: .relaxed)
        live.intervalP99.store(interval.count == 0 ? LiveCounters.noSamples : interval.percentile(0.99), ordering: .relaxed)
        interval.reset()
        live.seconds.add(1, ordering: .releasing)
    }

    private func closeAll() {
        for timer in timers { timer.cancel() }
        timers = []
        for client in streams { client.close() }
        for client in datagrams { client.close() }
        for client in churns { client.close() }
        selector.close()
    }
}
