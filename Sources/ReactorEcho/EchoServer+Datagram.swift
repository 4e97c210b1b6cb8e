import ConsoleOutput
import Glibc
import Reactor
@_spi(Descriptors) import Sockets

extension EchoServer {
    /// How many datagrams one wake-up echoes before giving other sockets their turn.
    static let datagramBatch = 64

    /// Sends each datagram back to its sender. A datagram the kernel will not take now is dropped,
    /// as UDP allows; a sender with no address (an unbound Unix datagram client) gets no reply. A
    /// datagram longer than `buffer` cannot be echoed whole: it is dropped and reported on standard
    /// error, never echoed cut short.
    func echoDatagrams(on socket: Socket, sender: SocketAddress, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        // The socket is open while registered: the server closes it only after unregistering it.
        let fd = socket.fileDescriptor
        let space = UnsafeMutableRawBufferPointer(buffer)
        // One address for the whole batch, filled in place by each receive (no copies per datagram).
        var sender = sender
        for _ in 0..<Self.datagramBatch {
            let count = SocketDescriptor.receiveFrom(fd, into: space, sender: &sender)
            // An unsigned comparison: a failure (negative) and a cut datagram (longer) both go apart.
            if _slowPath(UInt(bitPattern: count) > UInt(space.count)) {
                if count == -Int(EAGAIN) { return }
                // Another failure (an ICMP error reported on a UDP socket, say) drops nothing: go on.
                if count > 0 { reportTruncated(size: count, capacity: space.count, from: sender) }
                continue
            }
            // A datagram the kernel will not take now is dropped, as UDP allows.
            _ = SocketDescriptor.send(fd, UnsafeRawBufferPointer(rebasing: space[..<count]), to: &sender)
        }
    }

    @inline(never)
    private func reportTruncated(size: Int, capacity: Int, from sender: SocketAddress) {
        let error = SocketError.truncated(operation: "recvfrom", size: size, capacity: capacity)
        BackgroundLog.standardError.line("reactor-echo: from \(sender): \(error); dropped")
    }
}
