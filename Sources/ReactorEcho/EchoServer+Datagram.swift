import Reactor

extension EchoServer {
    /// How many datagrams one wake-up echoes before giving other sockets their turn.
    static let datagramBatch = 64

    /// Sends each datagram back to its sender. A datagram the kernel will not take now is dropped,
    /// as UDP allows; a sender with no address (an unbound Unix datagram client) gets no reply. A
    /// datagram longer than `buffer` cannot be echoed whole: it is dropped and reported on standard
    /// error, never echoed cut short.
    func echoDatagrams(on socket: Socket, sender: SocketAddress, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        var span = buffer.mutableSpan
        // One address for the whole batch, filled in place by each receive (no copies per datagram).
        var sender = sender
        // Counted in locals, added to the server's counts once per batch.
        var datagrams = 0
        var bytes = 0
        var unechoed = 0
        defer {
            let tally = telemetry.tally
            tally.pointee.datagrams &+= datagrams
            tally.pointee.bytesReceived &+= bytes
            tally.pointee.unechoed &+= unechoed
        }
        for _ in 0..<Self.datagramBatch {
            let count: Int
            do {
                guard let received = try socket.receiveFrom(into: &span, sender: &sender) else { return }
                count = received
            } catch {
                if error.isTruncated { telemetry.truncated(error, from: sender) }
                continue
            }
            datagrams &+= 1
            bytes &+= count
            let datagram = UnsafeBufferPointer(start: buffer.baseAddress.unsafelyUnwrapped, count: count)
            if _slowPath((try? socket.send(datagram.span, to: sender)) == nil) { unechoed &+= count }
        }
    }
}
