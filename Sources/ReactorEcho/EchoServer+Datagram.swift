import Glibc
import Reactor
@_spi(Descriptors) import Sockets

extension EchoServer {
    /// How many datagrams one wake-up echoes before giving other sockets their turn.
    static let datagramBatch = 64

    /// Sends each datagram back to its sender. A datagram the kernel will not take now is dropped,
    /// as UDP allows; a sender with no address (an unbound Unix datagram client) gets no reply. A
    /// datagram longer than `buffer` cannot be echoed whole: it is dropped and reported to the
    /// logger, never echoed cut short. Nothing is counted: see ``echoAndCountDatagrams(on:sender:into:)``.
    func echoDatagrams(on socket: Socket, sender: SocketAddress, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        echoDatagrams(on: socket, sender: sender, into: buffer, counting: false)
    }

    /// ``echoDatagrams(on:sender:into:)`` counting the datagrams and their bytes, for metrics: a
    /// separate function, so that without a metrics backend the path has nothing to add.
    func echoAndCountDatagrams(on socket: Socket, sender: SocketAddress, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        echoDatagrams(on: socket, sender: sender, into: buffer, counting: true)
    }

    // `counting` is a constant in each caller: the counts vanish from the one that does not count.
    @inline(__always)
    private func echoDatagrams(
        on socket: Socket, sender: SocketAddress, into buffer: UnsafeMutableBufferPointer<UInt8>, counting: Bool
    ) {
        // The socket is open while registered: the server closes it only after unregistering it.
        let fd = socket.fileDescriptor
        let space = UnsafeMutableRawBufferPointer(buffer)
        // One address for the whole batch, filled in place by each receive (no copies per datagram).
        var sender = sender
        var counts = (datagrams: 0, bytes: 0, unechoed: 0)
        defer { if counting { addToTally(counts) } }
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
            let sent = SocketDescriptor.send(fd, UnsafeRawBufferPointer(rebasing: space[..<count]), to: &sender)
            if counting {
                counts.datagrams &+= 1
                counts.bytes &+= count
                if sent != count { counts.unechoed &+= count }
            }
        }
    }

    private func addToTally(_ counts: (datagrams: Int, bytes: Int, unechoed: Int)) {
        let tally = telemetry.tally
        tally.pointee.datagrams &+= counts.datagrams
        tally.pointee.bytesReceived &+= counts.bytes
        tally.pointee.unechoed &+= counts.unechoed
    }

    // Out of line: the closures that inline the loops above stay small.
    @inline(never)
    private func reportTruncated(size: Int, capacity: Int, from sender: SocketAddress) {
        telemetry.truncated(SocketError.truncated(operation: "recvfrom", size: size, capacity: capacity), from: sender)
    }
}
