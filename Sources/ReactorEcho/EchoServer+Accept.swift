import Reactor
@_spi(Descriptors) import Sockets

extension EchoServer {
    /// How many connections one wake-up of a listener accepts, so that a flood of new connections
    /// cannot starve the established ones.
    static let acceptBatch = 64

    /// How long accepting pauses when the process is out of descriptors.
    static let acceptPause = Duration.milliseconds(100)

    /// Echoes on a stream socket that is already connected (one end of `Socket.pair()`, or a
    /// connection accepted elsewhere), on this server's loop, with the same policy as accepted
    /// connections. The server owns the connection from now on: it takes the descriptor (`connection`
    /// is left closed, as by `detach()`) and closes it at end-of-file, on error, or when it is refused.
    ///
    /// - Throws: `SelectorError` if the selector refuses it (closed socket, closed server).
    public func serve(_ connection: Socket) throws(SelectorError) {
        connection.isBlocking = false
        let fd = connection.detach()
        guard fd >= 0 else { throw .invalidFileDescriptor(fd) }
        do { try streams.start(fd, peer: telemetry.logConnections ? SocketDescriptor.peerAddress(fd) : nil) } catch {
            SocketDescriptor.close(fd)
            throw error
        }
    }

    func acceptConnections(on listener: Socket, tcp: Bool) {
        // The peer's address only for the log lines: a 128-byte address per connection otherwise.
        if _slowPath(telemetry.logConnections) { return acceptLoggedConnections(on: listener, tcp: tcp) }
        for _ in 0..<Self.acceptBatch {
            let accepted: Int32?
            do { accepted = try listener.acceptDescriptor() } catch { return acceptFailed(on: listener, error) }
            guard let fd = accepted else { return }
            if tcp { SocketDescriptor.setNoDelay(fd) }
            do { try streams.start(fd) } catch { SocketDescriptor.close(fd) }
        }
    }

    @inline(never)
    private func acceptLoggedConnections(on listener: Socket, tcp: Bool) {
        var peer = SocketAddress()
        for _ in 0..<Self.acceptBatch {
            let accepted: Int32?
            do { accepted = try listener.acceptDescriptor(peer: &peer) } catch { return acceptFailed(on: listener, error) }
            guard let fd = accepted else { return }
            if tcp { SocketDescriptor.setNoDelay(fd) }
            do { try streams.start(fd, peer: peer) } catch { SocketDescriptor.close(fd) }
        }
    }

    @inline(never)
    private func acceptFailed(on listener: Socket, _ error: SocketError) {
        if error.isOutOfDescriptors { pauseAccepting(on: listener, because: error) }
        else { telemetry.acceptFailed(error) }
    }

    /// Out of descriptors, the listener stays readable and a level-triggered loop would spin on
    /// it: stop watching it, and try again a little later, when connections may have closed
    /// (man 3 ev, "The special problem of accept()ing when you can't"). Clients wait in the backlog.
    private func pauseAccepting(on listener: Socket, because error: SocketError) {
        guard let key = try? selector.unregister(listener) else { return }
        telemetry.pausingAccepts(error, for: Self.acceptPause)
        let resume = try? loop.schedule(after: Self.acceptPause) { [weak self] timer in
            guard let self else { return }
            pausedAccepts.removeAll { $0 === timer }
            _ = try? selector.register(listener, events: .read, callback: key.callback)
        }
        if let resume { pausedAccepts.append(resume) }
    }
}
