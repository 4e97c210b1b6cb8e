import Reactor

extension EchoServer {
    /// How many connections one wake-up of a listener accepts, so that a flood of new connections
    /// cannot starve the established ones.
    static let acceptBatch = 64

    /// How long accepting pauses when the process is out of descriptors.
    static let acceptPause = Duration.milliseconds(100)

    /// Echoes on a stream socket that is already connected (one end of `Socket.pair()`, or a
    /// connection accepted elsewhere), on this server's loop, with the same policy as accepted
    /// connections. The server owns the socket from now on and closes it at end-of-file or on error.
    ///
    /// - Throws: `SelectorError` if the selector refuses it (closed socket, closed server).
    public func serve(_ connection: Socket) throws(SelectorError) {
        connection.isBlocking = false
        try StreamConnection(socket: connection, peer: telemetry.logConnections ? try? connection.peerAddress : nil, server: self).start()
    }

    func acceptConnections(on listener: Socket, tcp: Bool) {
        for _ in 0..<Self.acceptBatch {
            let accepted: (Socket, SocketAddress)?
            do {
                accepted = try listener.accept()
            } catch {
                if error.isOutOfDescriptors { pauseAccepting(on: listener, because: error) }
                else { telemetry.acceptFailed(error) }
                return
            }
            guard let (socket, peer) = accepted else { return }
            if tcp { try? socket.setOption(.noDelay, true) }
            // The peer is kept for the log lines only: a 128-byte address copied per connection otherwise.
            let connection = StreamConnection(socket: socket, peer: telemetry.logConnections ? peer : nil, server: self)
            do { try connection.start() } catch { socket.close() }
        }
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
