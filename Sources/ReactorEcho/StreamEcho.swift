import Glibc
import Reactor
@_spi(Descriptors) import Sockets

/// The echo of every stream connection of one ``EchoServer``: writes back what it reads, in order.
///
/// One object per server, not per connection: a connection is its descriptor and its selector key,
/// one allocation, as in the C reference server (whose connection record holds its `ev_io`). Every
/// key shares one callback; the descriptor comes from the key. The policy of the C reference servers:
/// read up to 64 KiB into the server's shared buffer and write it straight back; what the peer does
/// not take yet is held back (``HeldBytes``, by descriptor) and reading stops until it has drained,
/// so a peer that never reads costs at most one read's worth of memory. A reset, an error or
/// end-of-file closes the connection; end-of-file can only be read once all earlier bytes went out,
/// so a half-closing peer still gets its whole echo.
final class StreamEcho {
    /// The server's selector. Held strongly, so that calling it retains nothing; the keys' callbacks
    /// hold this object, and the cycle ends when the server closes (``closeAll()``, `Selector.close()`).
    private let selector: Selector
    /// The server's read buffer, shared by every connection on its loop.
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// Its start and its size, a constant: the per-message path loads one word, checks no nil.
    private let base: UnsafeMutableRawPointer
    private static var size: Int { EchoServer.readBufferSize }
    /// The server's log and counts: the echo adds the bytes it reads only when a metrics backend
    /// wants them (see ``start(_:)``), and touches nothing else per message.
    private let telemetry: EchoTelemetry
    private let tally: UnsafeMutablePointer<EchoTally>
    /// What each connection could not write yet, by descriptor; touched only under backpressure.
    // Loop-confined and never taken inout across a call that could reach them again: unchecked, or
    // closing a connection pays a dynamic exclusivity check (about 76 instructions).
    @exclusivity(unchecked) private var held = HeldBytes()
    /// The peers, for the log lines only (empty unless logging).
    @exclusivity(unchecked) private var peers: [Int32: SocketAddress] = [:]

    init(selector: Selector, buffer: UnsafeMutableBufferPointer<UInt8>, telemetry: EchoTelemetry) {
        self.selector = selector
        precondition(buffer.count == Self.size)
        self.buffer = buffer
        self.base = UnsafeMutableRawPointer(buffer.baseAddress.unsafelyUnwrapped)
        self.telemetry = telemetry
        self.tally = telemetry.tally
    }

    deinit { held.deallocate() }

    /// Starts echoing on `fd`, a connected non-blocking stream descriptor this object now owns: the
    /// key's callback holds this object (not the server: no cycle), and the descriptor is closed at
    /// end-of-file, on error, or by ``closeAll()``.
    /// - Throws: ``SelectorError`` if the selector refuses it; `fd` is then the caller's to close.
    func start(_ fd: Int32) throws(SelectorError) {
        // Dispatch on the events, not on what is held: the key watches `.read` exactly while nothing
        // is held and `.write` exactly while something is. Bytes are counted only for metrics: two
        // callbacks, so that without a backend the per-message path has no addition at all.
        if _slowPath(telemetry.countsBytes) {
            try selector.watch(fd, events: .read) { [self] key, events in
                if _fastPath(events.contains(.read)) { echo(key.fileDescriptor, counting: true) } else { flush(key.fileDescriptor) }
            }
        } else {
            try selector.watch(fd, events: .read) { [self] key, events in
                if _fastPath(events.contains(.read)) { echo(key.fileDescriptor, counting: false) } else { flush(key.fileDescriptor) }
            }
        }
        tally.pointee.accepted &+= 1
    }

    /// ``start(_:)``, and the connection's log line; `peer` is kept for the closing line.
    func start(_ fd: Int32, peer: SocketAddress?) throws(SelectorError) {
        try start(fd)
        guard telemetry.logConnections else { return }
        peers[fd] = peer
        telemetry.accepted(Self.text(peer))
    }

    // Inlined into the key's callback: one call and one frame less per message. One `read`, one
    // `send` that takes the whole message but under backpressure, and nothing else: the rest is
    // apart. `counting` is a constant in each callback.
    @inline(__always)
    private func echo(_ fd: Int32, counting: Bool) {
        let count = SocketDescriptor.receive(fd, into: UnsafeMutableRawBufferPointer(start: base, count: Self.size))
        guard _fastPath(count > 0) else {
            // 0: end-of-file; -EAGAIN: nothing after all (a spurious wake-up); any other: an error.
            if count != -Int(EAGAIN) { close(fd) }
            return
        }
        if counting { tally.pointee.bytesReceived &+= count }
        let message = UnsafeRawBufferPointer(start: base, count: count)
        let sent = SocketDescriptor.send(fd, message)
        if _slowPath(sent != count) { sendRest(fd, count: count, sent: sent) }
    }

    /// After the first `send` of the `count` bytes read returned `first`: sends the rest, holds back
    /// what the peer will not take now, closes on an error.
    @inline(never)
    private func sendRest(_ fd: Int32, count: Int, sent first: Int) {
        var sent = first
        while sent >= 0, sent < count {
            let written = SocketDescriptor.send(fd, UnsafeRawBufferPointer(start: base + sent, count: count - sent))
            if written == -Int(EAGAIN) { return holdBack(fd, buffer.extracting(sent..<count)) }
            sent = written < 0 ? written : sent + written
        }
        if sent == -Int(EAGAIN) { return holdBack(fd, buffer.extracting(0..<count)) }
        if sent < 0 { close(fd) }
    }

    @inline(never)
    private func holdBack(_ fd: Int32, _ unsent: UnsafeMutableBufferPointer<UInt8>) {
        tally.pointee.unechoed &+= unsent.count
        held.store(unsent, for: fd)
        do { try selector.modify(fd, events: .write) } catch { close(fd) }
    }

    @inline(never)
    private func flush(_ fd: Int32) {
        while let unsent = held.unsent(for: fd) {
            let written = SocketDescriptor.send(fd, UnsafeRawBufferPointer(unsent))
            if written == -Int(EAGAIN) { return }
            guard written >= 0 else { return close(fd) }
            tally.pointee.unechoed &-= written
            held.consume(written, for: fd)
        }
        do { try selector.modify(fd, events: .read) } catch { close(fd) }
    }

    /// Unregisters and closes `fd`, and forgets what it held.
    @inline(never)
    func close(_ fd: Int32) {
        tally.pointee.closed &+= 1
        if _slowPath(telemetry.logConnections) { telemetry.closed(Self.text(peers.removeValue(forKey: fd))) }
        held.clear(fd)
        selector.unwatch(fd)
        SocketDescriptor.close(fd)
    }

    /// Closes every connection (the keys registered with a bare descriptor).
    func closeAll() {
        for key in selector.keys where key.fileObject is Int32 { close(key.fileDescriptor) }
    }

    private static func text(_ peer: SocketAddress?) -> String { peer.map { "\($0)" } ?? "(unnamed peer)" }
}
