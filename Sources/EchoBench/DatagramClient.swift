import Reactor

/// One connected UDP socket keeping `depth` datagrams in flight.
///
/// A datagram is a 16-byte header (the socket's number, the in-flight slot, a sequence number) and the
/// pattern from an offset derived from both, so each echo is checked whole. One not answered within
/// the datagram timeout counts as lost and is replaced; its echo, if it comes later, counts as late.
final class DatagramClient: SocketClient {
    static let headerSize = 16

    private let size: Int
    private let depth: Int
    private let id: UInt32
    private var nextSequence: UInt64 = 0
    private let sequences: UnsafeMutablePointer<UInt64>
    private let issueTimes: UnsafeMutablePointer<UInt64>
    private let used: UnsafeMutablePointer<Bool>
    private var outstanding = 0
    private let timeout: UInt64

    init(worker: Worker, number: Int) throws(BenchError) {
        let socket = try connectedSocket(to: worker.configuration.target, type: .datagram)
        size = worker.configuration.size
        depth = worker.configuration.depth
        id = UInt32(truncatingIfNeeded: number)
        sequences = .allocate(capacity: depth)
        sequences.initialize(repeating: 0, count: depth)
        issueTimes = .allocate(capacity: depth)
        issueTimes.initialize(repeating: 0, count: depth)
        used = .allocate(capacity: depth)
        used.initialize(repeating: false, count: depth)
        let (seconds, attoseconds) = worker.configuration.datagramTimeout.components
        timeout = UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
        super.init(socket: socket, worker: worker)
    }

    deinit {
        sequences.deallocate()
        issueTimes.deallocate()
        used.deallocate()
    }

    func start() {
        do {
            try worker.selector.register(socket, events: .read) { [unowned(unsafe) self] _, _ in readable() }
        } catch {
            return fail("register: \(error)")
        }
        let now = monotonicNanoseconds()
        for slot in 0..<depth { send(slot: slot, now: now) }
    }

    private func payloadOffset(_ sequence: UInt64) -> Int {
        Int((sequence &* 131 &+ UInt64(id) &* 7919) % UInt64(Pattern.period))
    }

    private func send(slot: Int, now: UInt64) {
        let sequence = nextSequence
        nextSequence &+= 1
        sequences[slot] = sequence
        issueTimes[slot] = now
        used[slot] = true
        outstanding &+= 1
        let datagram = worker.scratch
        let raw = UnsafeMutableRawPointer(datagram.baseAddress!)
        raw.storeBytes(of: id, as: UInt32.self)
        raw.storeBytes(of: UInt32(truncatingIfNeeded: slot), toByteOffset: 4, as: UInt32.self)
        raw.storeBytes(of: sequence, toByteOffset: 8, as: UInt64.self)
        let payload = worker.pattern.window(at: payloadOffset(sequence), count: size - Self.headerSize)
        (raw + Self.headerSize).copyMemory(from: payload.baseAddress!, byteCount: payload.count)
        do {
            // nil (a full send buffer) leaves the slot to time out and be replaced, like a lost datagram.
            _ = try socket.send(UnsafeBufferPointer(datagram.extracting(0..<size)).span)
        } catch {
            fail("send: \(error)")
        }
    }

    private func readable() {
        let now = monotonicNanoseconds()
        for _ in 0..<16 {
            let count: Int
            do {
                guard let received = try worker.receive(from: socket) else { return }
                count = received
            } catch {
                return fail("receive: \(error)")
            }
            let raw = UnsafeRawPointer(worker.buffer.baseAddress!)
            guard count == size, raw.loadUnaligned(as: UInt32.self) == id else {
                worker.mismatch("a datagram of \(count) bytes came back that was not sent on this socket")
                continue
            }
            let sequence = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            guard worker.pattern.matches(raw + Self.headerSize, count: size - Self.headerSize, at: payloadOffset(sequence)) else {
                worker.mismatch("datagram \(sequence) came back with different bytes")
                continue
            }
            // The slot travels in the header: no search over the slots per datagram.
            let slot = Int(raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            guard slot < depth, used[slot], sequences[slot] == sequence else {
                worker.counts.late += 1
                continue
            }
            used[slot] = false
            outstanding &-= 1
            worker.completed(latency: now &- issueTimes[slot])
            if worker.phase.issues { send(slot: slot, now: now) } else if outstanding == 0 { finish() }
        }
    }

    /// Counts datagrams unanswered for longer than the timeout as lost, and replaces them.
    func expire(now: UInt64) {
        guard !finished else { return }
        for slot in 0..<depth where used[slot] && now &- issueTimes[slot] > timeout {
            used[slot] = false
            outstanding &-= 1
            worker.counts.lost += 1
            if worker.phase.issues { send(slot: slot, now: now) }
        }
        if !worker.phase.issues, outstanding == 0 { finish() }
    }

    func drainIfIdle() {
        if !finished, outstanding == 0 { finish() }
    }

    func abandon() {
        guard !finished else { return }
        worker.counts.undrained += outstanding
        finish()
    }

}
