import Reactor

/// One long-lived stream connection keeping `depth` messages of `size` bytes in flight.
///
/// The bytes are the shared ``Pattern`` from this connection's own offset; every byte that comes
/// back is compared with what was sent at that stream position. Message `m` is complete when
/// `(m + 1) * size` bytes have come back; its latency is measured from when it was issued.
final class StreamClient: SocketClient {
    private let size: Int
    private let depth: Int
    /// This connection's offset into the pattern.
    private let seed: Int
    /// Bytes issued (whole messages), handed to the kernel, and echoed back and verified.
    private var issued = 0
    private var sent = 0
    private var received = 0
    /// When each in-flight message was issued, indexed by message number modulo `depth`.
    private let issueTimes: UnsafeMutablePointer<UInt64>
    private var watchingWrite = false

    init(worker: Worker, number: Int) throws(BenchError) {
        let socket = try connectedSocket(to: worker.configuration.target, type: .stream)
        size = worker.configuration.size
        depth = worker.configuration.depth
        seed = (number &* 7919) % Pattern.period
        issueTimes = .allocate(capacity: depth)
        issueTimes.initialize(repeating: 0, count: depth)
        super.init(socket: socket, worker: worker)
    }

    deinit { issueTimes.deallocate() }

    func start() {
        do {
            try worker.selector.register(socket, events: .read) { [unowned(unsafe) self] _, events in
                if events.contains(.read) { readable() }
                if events.contains(.write), !finished { flush() }
            }
        } catch {
            return fail("register: \(error)")
        }
        let now = monotonicNanoseconds()
        for slot in 0..<depth { issueTimes[slot] = now }
        issued = depth &* size
        flush()
    }

    private func readable() {
        let count: Int
        do {
            guard let received = try worker.receive(from: socket) else { return }
            count = received
        } catch {
            return fail("receive: \(error)")
        }
        guard count > 0 else { return fail("the server closed the connection with \((sent - received + size - 1) / size) messages outstanding") }
        guard _fastPath(received &+ count <= sent) else {
            worker.mismatch("the server echoed \(received + count - sent) bytes more than were sent")
            return finish()
        }
        guard _fastPath(worker.pattern.matches(worker.buffer.baseAddress!, count: count, at: seed &+ received)) else {
            worker.mismatch("echoed bytes differ from those sent, at stream offset \(received)")
            return finish()
        }
        let before = received / size
        received &+= count
        let after = received / size
        guard after > before else { return }
        let now = monotonicNanoseconds()
        for message in before..<after {
            worker.completed(latency: now &- issueTimes[message % depth])
        }
        if _fastPath(worker.phase.issues) {
            for message in before..<after { issueTimes[message % depth] = now }
            issued &+= (after &- before) &* size
            flush()
        } else if received == issued {
            finish()
        }
    }

    private func flush() {
        while sent < issued {
            let chunk = min(issued &- sent, Pattern.period)
            let written: Int?
            do {
                written = try socket.send(worker.pattern.window(at: seed &+ sent, count: chunk).span)
            } catch {
                return fail("send: \(error)")
            }
            guard let written else { break }
            sent &+= written
        }
        let needsWrite = sent < issued
        if _slowPath(needsWrite != watchingWrite) {
            watchingWrite = needsWrite
            do { try worker.selector.modify(socket, events: needsWrite ? [.read, .write] : .read) } catch {
                fail("modify: \(error)")
            }
        }
    }

    /// After the measured period: finished at once if nothing is outstanding.
    func drainIfIdle() {
        if !finished, received == issued { finish() }
    }

    /// The drain limit passed: whatever is still outstanding is undrained.
    func abandon() {
        guard !finished else { return }
        worker.counts.undrained += (issued - received + size - 1) / size
        finish()
    }

}

/// A connected, non-blocking socket to `target` (TCP_NODELAY on TCP); the connect itself blocks.
func connectedSocket(to target: BenchConfiguration.Target, type: Socket.Kind) throws(BenchError) -> Socket {
    let address = target.address
    do throws(SocketError) {
        let socket = try Socket(family: address.family ?? .ipv4, type: type)
        do throws(SocketError) {
            try socket.connect(to: address)
            if case .tcp = target { try socket.setOption(.noDelay, true) }
            socket.isBlocking = false
            return socket
        } catch {
            socket.close()
            throw error
        }
    } catch {
        throw .connect(error)
    }
}
