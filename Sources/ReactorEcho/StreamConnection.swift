import Reactor

/// One echoed stream connection: writes back what it reads, in order.
///
/// The policy of the C reference servers: read up to 64 KiB into the server's shared buffer and
/// write it straight back; what the peer does not take yet stays in ``PendingBytes``, and reading
/// stops until it has drained. So a peer that never reads costs at most one read's worth of memory.
/// A reset, an error or end-of-file closes the connection; end-of-file can only be read once all
/// earlier bytes went out, so a half-closing peer still gets its whole echo.
final class StreamConnection {
    private let socket: Socket
    /// For the log lines only.
    private let peer: SocketAddress?
    private unowned(unsafe) let server: EchoServer
    /// The server's read buffer, shared by every connection on its loop.
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// The server's counts: the echo adds the bytes it reads, and nothing else per message.
    private let tally: UnsafeMutablePointer<EchoTally>
    private var pending = PendingBytes()

    init(socket: Socket, peer: SocketAddress?, server: EchoServer) {
        self.socket = socket
        self.peer = peer
        self.server = server
        self.buffer = server.buffer
        self.tally = server.telemetry.tally
    }

    deinit { pending.deallocate() }

    /// Starts echoing; the selector's key keeps the connection alive until its socket closes.
    func start() throws(SelectorError) {
        // Dispatch on the events, not on `pending`: the key watches `.read` exactly while nothing is
        // pending and `.write` exactly while something is, and reading a `var` of this class from the
        // escaping closure costs a dynamic exclusivity check per event (about 76 instructions).
        // Bytes are counted only for metrics: a backend decides, per connection, which of two
        // callbacks runs, so that without one the per-message path has no addition at all.
        if server.telemetry.countsBytes {
            try server.selector.register(socket, events: .read) { [self] _, events in
                if _fastPath(events.contains(.read)) { echo(counting: true) } else { flush() }
            }
        } else {
            try server.selector.register(socket, events: .read) { [self] _, events in
                if _fastPath(events.contains(.read)) { echo(counting: false) } else { flush() }
            }
        }
        tally.pointee.accepted &+= 1
        server.telemetry.accepted(peerText)
    }

    private var peerText: String { peer.map { "\($0)" } ?? "(unnamed peer)" }

    // Inlined into the key's callback: one call and one frame less per message; `counting` is a
    // constant there.
    @inline(__always)
    private func echo(counting: Bool) {
        var span = buffer.mutableSpan
        let count: Int
        do {
            guard let received = try socket.receive(into: &span) else { return }
            count = received
        } catch {
            return close()
        }
        guard count > 0 else { return close() }
        if counting { tally.pointee.bytesReceived &+= count }
        var sent = 0
        while sent < count {
            let written: Int?
            // `sent < count <= buffer.count`: no range checks needed to address the rest.
            let rest = UnsafeBufferPointer(start: buffer.baseAddress.unsafelyUnwrapped + sent, count: count &- sent)
            do { written = try socket.send(rest.span) } catch { return close() }
            guard let written else { break }
            sent &+= written
        }
        if _slowPath(sent < count) { holdBack(buffer.extracting(sent..<count)) }
    }

    @inline(never)
    private func holdBack(_ unsent: UnsafeMutableBufferPointer<UInt8>) {
        tally.pointee.unechoed &+= unsent.count
        pending.store(unsent)
        do { try server.selector.modify(socket, events: .write) } catch { close() }
    }

    @inline(never)
    private func flush() {
        while !pending.isEmpty {
            let written: Int?
            do { written = try socket.send(UnsafeBufferPointer(pending.unsent).span) } catch { return close() }
            guard let written else { return }
            tally.pointee.unechoed &-= written
            pending.consume(written)
        }
        do { try server.selector.modify(socket, events: .read) } catch { close() }
    }

    /// Closes the socket, which unregisters it; the key then releases this connection.
    @inline(never)
    func close() {
        guard socket.isOpen else { return }
        tally.pointee.closed &+= 1
        server.telemetry.closed(peerText)
        socket.close()
    }
}
