import Reactor
@_spi(Descriptors) import Sockets

extension EchoServer {
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
        for _ in 0..<AcceptPause.batch {
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
        for _ in 0..<AcceptPause.batch {
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

    /// Out of descriptors: stop watching the listener, and watch it again after ``AcceptPause``'s
    /// pause (each listener pauses on its own).
    private func pauseAccepting(on listener: Socket, because error: SocketError) {
        guard let key = try? selector.unregister(listener) else { return }
        telemetry.pausingAccepts(error, for: AcceptPause.duration)
        acceptPause.start(on: loop) { [weak self] in
            _ = try? self?.selector.register(listener, events: .read, callback: key.callback)
        }
    }
}
