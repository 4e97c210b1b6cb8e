import Glibc
import Reactor
import ReactorObservability
import Synchronization

/// ``EchoServer`` written with async/await: the same listeners, policy and output, with each
/// connection served by a task on its loop's executor through `AsyncConnection`.
///
/// A connection reads into the loop's shared buffer (`AsyncConnection.read(_:)`) and writes the
/// bytes straight back; what the peer does not take yet is copied aside and written with
/// `AsyncConnection.write(_:)`, which suspends until the kernel takes it, so reading
/// stops meanwhile and a peer that never reads costs one read's worth of memory. Datagrams are
/// echoed by one task per datagram socket. Running out of descriptors pauses accepting.
public final class AsyncEchoServer: Sendable {
    /// What the server listens on, with the ports the kernel picked.
    public let listeners: [Listener]
    /// The loop that serves it.
    public let handle: EventLoopHandle
    private let streams: [(listener: AsyncListener, tcp: Bool)]
    /// Datagram sockets, each with the size of the longest datagram it can echo whole.
    private let datagrams: [(socket: AsyncDatagramSocket, capacity: Int)]
    private let unixFiles: [UnixSocketFile]
    /// Loop-confined: touched only by tasks on the server's loop.
    private let telemetry: EchoTelemetry
    private let accepting = Atomic(true)
    private let closed = Atomic(false)

    /// Opens every listener of `configuration`, to be served on the loop behind `handle`.
    ///
    /// - Throws: ``EchoServerError``: a bad address, a port in use, an unusable Unix path. Nothing
    ///   stays open when it throws.
    public init(configuration: EchoConfiguration, handle: EventLoopHandle) throws(EchoServerError) {
        let bound = try BoundSockets(configuration: configuration)
        let telemetry = EchoTelemetry(configuration: configuration, listeners: bound.entries.map(\.listener))
        var streams: [(AsyncListener, Bool)] = []
        var datagrams: [(AsyncDatagramSocket, Int)] = []
        for entry in bound.entries {
            if entry.isStream {
                var listener: AsyncListener
                do { listener = try AsyncListener(adopting: entry.socket, handle: handle) } catch {
                    bound.close()
                    throw .socket(error)
                }
                let pause = listener.outOfDescriptorsPause
                listener.onOutOfDescriptors = { error in telemetry.pausingAccepts(error, for: pause) }
                streams.append((listener, entry.listener.transport == .tcp))
            } else {
                var capacity = 65536  // a UDP payload is at most 65,527 bytes
                if entry.listener.transport == .unixDatagram {
                    do { capacity = max(capacity, try BoundSockets.largestUnixDatagram(on: entry.socket)) } catch {
                        bound.close()
                        throw error
                    }
                }
                datagrams.append((AsyncDatagramSocket(adopting: entry.socket, handle: handle), capacity))
            }
        }
        listeners = bound.entries.map(\.listener)
        unixFiles = bound.unixFiles
        self.streams = streams
        self.datagrams = datagrams
        self.handle = handle
        self.telemetry = telemetry
    }

    /// Stops accepting: closes the listeners and datagram sockets and removes the Unix socket
    /// files; the connections open go on being served by ``serve()``, which returns once they have
    /// all ended. From any thread. Idempotent.
    public func stopAccepting() {
        guard accepting.exchange(false, ordering: .relaxed) else { return }
        for (listener, _) in streams { listener.close() }
        for (socket, _) in datagrams { socket.close() }
        for file in unixFiles { file.remove() }
    }

    /// Closes the listeners and removes the Unix socket files, for a server that will not serve (or
    /// has served). Idempotent.
    public func closeWithoutServing() {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        stopAccepting()
    }

    /// What the server has counted so far (see ``EchoServer/statistics``). On the loop's thread.
    ///
    /// - Precondition: The caller runs on the loop's thread.
    public var statistics: ServerCounts {
        handle.assumeIsolated { _ in telemetry.statistics }
    }

    /// Serves until ``stopAccepting()`` has been called and every connection has ended, or until
    /// the task is cancelled (which ends every connection); then closes every listener and removes
    /// the Unix socket files. Run it on the loop's executor
    /// (`Task(executorPreference: server.handle.executor) { await server.serve() }`).
    public func serve() async {
        handle.assumeIsolated { loop in telemetry.startPublishing(on: loop) }
        await withDiscardingTaskGroup { group in
            for (listener, tcp) in streams {
                group.addTask { await self.accept(on: listener, tcp: tcp) }
            }
            for (socket, capacity) in datagrams {
                group.addTask { await self.echoDatagrams(on: socket, capacity: capacity) }
            }
        }
        closeWithoutServing()
        handle.assumeIsolated { loop in telemetry.stopPublishing(on: loop) }
    }

    private func accept(on listener: AsyncListener, tcp: Bool) async {
        await withDiscardingTaskGroup { connections in
            while true {
                let accepted: (connection: AsyncConnection, address: SocketAddress)
                do { accepted = try await listener.accept() } catch is CancellationError {
                    return
                } catch let error as SocketError where error.errno == EBADF && !accepting.load(ordering: .relaxed) {
                    return  // stopAccepting() closed the listener: a graceful stop
                } catch {
                    telemetry.acceptFailed(error)
                    return
                }
                let connection = accepted.connection
                if tcp { try? connection.socket.setOption(.noDelay, true) }
                telemetry.tally.pointee.accepted &+= 1
                let peer = telemetry.logConnections ? "\(accepted.address)" : nil
                connections.addTask { await self.echo(connection, peer: peer) }
            }
        }
    }

    /// Writes back what `connection` sends until it ends, fails or the task is cancelled.
    private func echo(_ connection: AsyncConnection, peer: String?) async {
        if let peer { telemetry.accepted(peer) }
        let tally = telemetry.tally
        // Bytes are counted only for metrics (a branch on a constant, outside the read closure).
        let counting = telemetry.countsBytes
        var unsent: [UInt8] = []
        do {
            while true {
                let count = try await connection.read { bytes in
                    guard !bytes.isEmpty else { return 0 }
                    let sent = try connection.writeNow(bytes)
                    // Not taken now: keep a copy, since the loop's buffer is lent only until we return.
                    if _slowPath(sent < bytes.count) { unsent = bytes.extracting(sent...).withUnsafeBufferPointer { Array($0) } }
                    return bytes.count
                }
                if count == 0 { break }
                if counting { tally.pointee.bytesReceived &+= count }
                if _slowPath(!unsent.isEmpty) {
                    tally.pointee.unechoed &+= unsent.count
                    try await connection.write(unsent)
                    tally.pointee.unechoed &-= unsent.count
                    unsent = []
                }
            }
        } catch {}
        tally.pointee.closed &+= 1
        if let peer { telemetry.closed(peer) }
        connection.close()
    }

    /// Sends each datagram back to its sender; one the kernel will not take now waits until it can.
    /// A sender with no address (an unbound Unix datagram client) gets no reply. A datagram longer
    /// than `capacity` cannot be echoed whole: it is dropped and reported, never echoed cut short.
    private func echoDatagrams(on socket: AsyncDatagramSocket, capacity: Int) async {
        // Not zero-filled: memory is touched only as far as the longest datagram (8 MiB for Unix ones).
        var buffer = [UInt8](unsafeUninitializedCapacity: capacity) { _, count in count = capacity }
        let tally = telemetry.tally
        let counting = telemetry.countsBytes
        while !Task.isCancelled {
            do {
                let (count, sender, isTruncated) = try await socket.receive(into: &buffer)
                if counting {
                    tally.pointee.datagrams &+= 1
                    tally.pointee.bytesReceived &+= count
                }
                if _slowPath(isTruncated) {
                    if counting { tally.pointee.unechoed &+= count }
                    telemetry.truncated(.truncated(operation: "recvfrom", size: count, capacity: capacity), from: sender)
                    continue
                }
                do { try await socket.send(buffer[..<count], to: sender) } catch { if counting { tally.pointee.unechoed &+= count } }
            } catch is CancellationError {
                return
            } catch let error as SocketError where error.errno == EBADF {
                return  // closed by stopAccepting()
            } catch {
                continue
            }
        }
    }
}
