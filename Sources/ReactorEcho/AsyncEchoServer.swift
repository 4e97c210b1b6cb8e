import Glibc
import ConsoleOutput
import Reactor
import Synchronization

/// ``EchoServer`` written with async/await: the same listeners, policy and output, with each
/// connection served by a task on its loop's executor through ``AsyncConnection``.
///
/// A connection reads into the loop's shared buffer (``AsyncConnection/read(_:)``) and writes the
/// bytes straight back; what the peer does not take yet is copied aside and written with
/// ``AsyncConnection/write(_:)-(Span<UInt8>)``, which suspends until the kernel takes it, so reading
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
    private let unixPaths: [String]
    private let logConnections: Bool
    private let closed = Atomic(false)

    /// Opens every listener of `configuration`, to be served on the loop behind `handle`.
    ///
    /// - Throws: ``EchoServerError``: a bad address, a port in use, an unusable Unix path. Nothing
    ///   stays open when it throws.
    public init(configuration: EchoConfiguration, handle: EventLoopHandle) throws(EchoServerError) {
        let bound = try BoundSockets(configuration: configuration)
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
                listener.onOutOfDescriptors = { error in Console.error("reactor-echo: \(error); pausing accepts for \(pause)") }
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
        unixPaths = bound.unixPaths
        self.streams = streams
        self.datagrams = datagrams
        self.handle = handle
        logConnections = configuration.logConnections
    }

    /// Closes the listeners and removes the Unix socket files, for a server that will not serve (or
    /// has served). Idempotent.
    public func closeWithoutServing() {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        for (listener, _) in streams { listener.close() }
        for (socket, _) in datagrams { socket.close() }
        for path in unixPaths { unlink(path) }
    }

    /// Serves until the task is cancelled; then closes every connection and listener and removes
    /// the Unix socket files. Run it on the loop's executor
    /// (`Task(executorPreference: server.handle.executor) { await server.serve() }`).
    public func serve() async {
        await withDiscardingTaskGroup { group in
            for (listener, tcp) in streams {
                group.addTask { await self.accept(on: listener, tcp: tcp) }
            }
            for (socket, capacity) in datagrams {
                group.addTask { await self.echoDatagrams(on: socket, capacity: capacity) }
            }
        }
        closeWithoutServing()
    }

    private func accept(on listener: AsyncListener, tcp: Bool) async {
        await withDiscardingTaskGroup { connections in
            while true {
                let accepted: (connection: AsyncConnection, address: SocketAddress)
                do { accepted = try await listener.accept() } catch is CancellationError {
                    return
                } catch {
                    Console.error("reactor-echo: \(error)")
                    return
                }
                let connection = accepted.connection
                if tcp { try? connection.socket.setOption(.noDelay, true) }
                let peer = logConnections ? "\(accepted.address)" : nil
                connections.addTask { await self.echo(connection, peer: peer) }
            }
        }
    }

    /// Writes back what `connection` sends until it ends, fails or the task is cancelled.
    private func echo(_ connection: AsyncConnection, peer: String?) async {
        if let peer { Console.line("accept \(peer)") }
        var unsent: [UInt8] = []
        do {
            while true {
                let ended = try await connection.read { bytes in
                    guard !bytes.isEmpty else { return true }
                    let sent = try connection.writeNow(bytes)
                    // Not taken now: keep a copy, since the loop's buffer is lent only until we return.
                    if _slowPath(sent < bytes.count) { unsent = bytes.extracting(sent...).withUnsafeBufferPointer { Array($0) } }
                    return false
                }
                if ended { break }
                if _slowPath(!unsent.isEmpty) {
                    try await connection.write(unsent)
                    unsent = []
                }
            }
        } catch {}
        if let peer { Console.line("close \(peer)") }
        connection.close()
    }

    /// Sends each datagram back to its sender; one the kernel will not take now waits until it can.
    /// A sender with no address (an unbound Unix datagram client) gets no reply. A datagram longer
    /// than `capacity` cannot be echoed whole: it is dropped and reported, never echoed cut short.
    private func echoDatagrams(on socket: AsyncDatagramSocket, capacity: Int) async {
        // Not zero-filled: memory is touched only as far as the longest datagram (8 MiB for Unix ones).
        var buffer = [UInt8](unsafeUninitializedCapacity: capacity) { _, count in count = capacity }
        while !Task.isCancelled {
            do {
                let (count, sender, truncated) = try await socket.receive(into: &buffer)
                guard !truncated else {
                    BackgroundLog.standardError.line("reactor-echo: from \(sender): datagram longer than \(capacity) bytes; dropped")
                    continue
                }
                try? await socket.send(buffer[..<count], to: sender)
            } catch is CancellationError {
                return
            } catch {
                continue
            }
        }
    }
}
