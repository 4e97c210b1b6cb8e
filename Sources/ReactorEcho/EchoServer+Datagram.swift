import ConsoleOutput
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

    @inline(never)
    private func reportTruncated(_ error: SocketError, from sender: SocketAddress) {
        BackgroundLog.standardError.line("reactor-echo: from \(sender): \(error); dropped")
    }
}
