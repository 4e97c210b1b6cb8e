import Reactor

/// One churn slot: connect, send one message, read it back, close; again, until the run ends.
/// Latency is the whole cycle, from `socket()` to the last echoed byte.
final class ChurnClient {
    private unowned(unsafe) let worker: Worker
    private let size: Int
    private let number: Int
    private var socket: Socket?
    private var connecting = false
    private var sent = 0
    private var received = 0
    private var seed = 0
    private var cycle = 0
    private var started: UInt64 = 0
    private var finished = false
    /// One callback for every connection of this slot, so a new connection allocates no closure.
    private var callback: ((SelectorKey, Events) -> Void)!

    init(worker: Worker, number: Int) {
        self.worker = worker
        self.number = number
        size = worker.configuration.size
        callback = { [unowned(unsafe) self] _, events in
            if connecting { connected() } else if events.contains(.read) { readable() } else { flush() }
        }
    }

    /// Starts the next cycle, or finishes once the measured period is over.
    func begin() {
        guard worker.phase.issues else { return finish() }
        cycle &+= 1
        seed = (number &* 7919 &+ cycle &* 131) % Pattern.period
        sent = 0
        received = 0
        started = monotonicNanoseconds()
        let address = worker.configuration.target.address
        let socket: Socket
        do {
            socket = try Socket(family: address.family ?? .ipv4, type: .stream)
            socket.isBlocking = false
            if case .tcp = worker.configuration.target { try socket.setOption(.noDelay, true) }
            self.socket = socket
            connecting = !(try socket.connect(to: address))
            try worker.selector.register(socket, events: .write, callback: callback)
        } catch {
            return retry("connect: \(error)")
        }
    }

    private func connected() {
        do { try socket?.finishConnect() } catch { return retry("connect: \(error)") }
        connecting = false
        flush()
    }

    private func flush() {
        guard let socket else { return }
        while sent < size {
            let written: Int?
            do { written = try socket.send(worker.pattern.window(at: seed &+ sent, count: min(size - sent, Pattern.period)).span) } catch {
                return retry("send: \(error)")
            }
            guard let written else { return }
            sent &+= written
        }
        do { try worker.selector.modify(socket, events: .read) } catch { return retry("modify: \(error)") }
    }

    private func readable() {
        guard let socket else { return }
        let count: Int
        do {
            guard let received = try worker.receive(from: socket) else { return }
            count = received
        } catch {
            return retry("receive: \(error)")
        }
        guard count > 0 else { return retry("the server closed the connection before echoing") }
        guard received &+ count <= sent,
              worker.pattern.matches(worker.buffer.baseAddress!, count: count, at: seed &+ received)
        else {
            worker.mismatch("echoed bytes differ from those sent (churn)")
            closeSocket()
            return begin()
        }
        received &+= count
        guard received == size else { return }
        worker.completed(latency: monotonicNanoseconds() &- started)
        closeSocket()
        begin()
    }

    /// Counts the error, drops this connection and starts another after a millisecond (so a
    /// refusing server is not hammered in a tight loop).
    @inline(never)
    private func retry(_ text: String) {
        worker.error(text)
        closeSocket()
        let pause = try? worker.selector.loop.schedule(after: .milliseconds(1)) { [unowned(unsafe) self] _ in begin() }
        if pause == nil { finish() }
    }

    private func closeSocket() {
        socket?.close()
        socket = nil
        connecting = false
    }

    /// The drain limit passed with this slot's echo outstanding.
    func abandon() {
        guard !finished else { return }
        if socket != nil { worker.counts.undrained += 1 }
        finish()
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        closeSocket()
        worker.clientFinished()
    }

    func close() {
        closeSocket()
        callback = nil
    }
}
