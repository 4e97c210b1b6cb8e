import Reactor

extension EchoServer {
    /// How many datagrams one wake-up echoes before giving other sockets their turn.
    static let datagramBatch = 64

    /// Sends each datagram back to its sender. A datagram the kernel will not take now is dropped,
    /// as UDP allows; a sender with no address (an unbound Unix datagram client) gets no reply.
    func echoDatagrams(on socket: Socket) {
        var span = buffer.mutableSpan
        for _ in 0..<Self.datagramBatch {
            let received: (count: Int, from: SocketAddress)?
            do { received = try socket.receiveFrom(into: &span) } catch { continue }
            guard let (count, sender) = received else { return }
            _ = try? socket.send(UnsafeBufferPointer(buffer.extracting(0..<count)).span, to: sender)
        }
    }
}
