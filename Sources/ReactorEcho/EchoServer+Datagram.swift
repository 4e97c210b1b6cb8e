import Reactor

extension EchoServer {
    /// How many datagrams one wake-up echoes before giving other sockets their turn.
    static let datagramBatch = 64

    /// Sends each datagram back to its sender. A datagram the kernel will not take now is dropped,
    /// as UDP allows; a sender with no address (an unbound Unix datagram client) gets no reply. A
    /// datagram longer than `buffer` cannot be echoed whole: it is dropped and reported to the
    /// logger, never echoed cut short. Nothing is counted: see ``echoAndCountDatagrams(on:sender:into:)``.
    func echoDatagrams(on socket: Socket, sender: SocketAddress, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        var span = buffer.mutableSpan
        // One address for the whole batch, filled in place by each receive (no copies per datagram).
        var sender = sender
        for _ in 0..<Self.datagramBatch {
            let count: Int
            do {
                guard let received = try socket.receiveFrom(into: &span, sender: &sender) else { return }
                count = received
            } catch {
                if error.isTruncated { reportTruncated(error, from: sender) }
                continue
            }
            let datagram = UnsafeBufferPointer(start: buffer.baseAddress.unsafelyUnwrapped, count: count)
            _ = try? socket.send(datagram.span, to: sender)
        }
    }

    /// ``echoDatagrams(on:sender:into:)`` counting the datagrams and their bytes, for metrics: a
    /// separate function, so that without a metrics backend the path has nothing to add.
    func echoAndCountDatagrams(on socket: Socket, sender: SocketAddress, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        var span = buffer.mutableSpan
        var sender = sender
        var counts = (datagrams: 0, bytes: 0, unechoed: 0)
        defer {
            let tally = telemetry.tally
            tally.pointee.datagrams &+= counts.datagrams
            tally.pointee.bytesReceived &+= counts.bytes
            tally.pointee.unechoed &+= counts.unechoed
        }
        for _ in 0..<Self.datagramBatch {
            let count: Int
            do {
                guard let received = try socket.receiveFrom(into: &span, sender: &sender) else { return }
                count = received
            } catch {
                if error.isTruncated { reportTruncated(error, from: sender) }
                continue
            }
            counts.datagrams &+= 1
            counts.bytes &+= count
            let datagram = UnsafeBufferPointer(start: buffer.baseAddress.unsafelyUnwrapped, count: count)
            if (try? socket.send(datagram.span, to: sender)) == nil { counts.unechoed &+= count }
        }
    }

    // Out of line: the closures that inline the loops above stay small.
    @inline(never)
    private func reportTruncated(_ error: SocketError, from sender: SocketAddress) {
        telemetry.truncated(error, from: sender)
    }
}
