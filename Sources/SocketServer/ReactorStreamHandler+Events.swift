import Reactor

// A reactor connection's events: the selector callback reads and runs `handle()`, writes go to the
// socket or wait in `output`, and `settle()` (after any handler code) ends the connection or
// watches what it needs. Its state: `life` (a ConnectionLife), `input` (a ConnectionInput), and
// `isWritable` beside `output`.
extension ReactorStreamHandler {
    /// The selector callback.
    final func onEvents(_ events: Events) {
        depth &+= 1
        if events.contains(.write) { flushOutput() }
        if events.contains(.read), life == .open { readAndHandle() }
        depth &-= 1
        settle()
    }

    private func readAndHandle() {
        let socket = request.socket
        let received: Int?
        if held.isEmpty {
            let room = UnsafeMutableBufferPointer(rebasing: server.readBuffer[..<min(Self.readSize, inputLimit)])
            var span = room.mutableSpan
            do { received = try socket.receive(into: &span) } catch { return fail() }
            guard let count = received else { return }
            if count == 0 {
                input.peerClosed = true
            } else {
                server.counts.pointee.bytesReceived &+= count
                input.readingShared = true
                input.sharedStart = 0
                input.sharedEnd = count
            }
        } else {
            let tail = held.freeTail(wanted: 16384, limit: inputLimit)
            guard !tail.isEmpty else { return }  // full: settle() stops reading
            var span = tail.mutableSpan
            do { received = try socket.receive(into: &span) } catch { return fail() }
            guard let count = received else { return }
            if count == 0 {
                input.peerClosed = true
            } else {
                server.counts.pointee.bytesReceived &+= count
                held.commit(count)
            }
        }
        runHandle()
    }

    /// One turn of `handle()`, within the budget; what it leaves of the shared buffer is kept, and
    /// what it was not shown is owed another turn.
    private func runHandle() {
        input.takesLeft = inputBudget
        do {
            try handle()
        } catch {
            input.readingShared = false
            input.takesLeft = .max
            return teardown(error: error)
        }
        let budgetSpent = input.takesLeft <= 0
        input.takesLeft = .max
        keepLeftover()
        guard request.socket.isOpen else { return teardown() }  // the handler closed the socket itself
        input.pending = !held.isEmpty && (budgetSpent || !isWritable)
        if input.pending, isWritable { server.resumeInputNextTurn(self) }
    }

    /// The next turn for input held back: `handle()` runs on it again (the server's turn timer).
    func resumeInput() {
        guard input.pending, life == .open, isWritable else { return }
        input.pending = false
        depth &+= 1
        runHandle()
        depth &-= 1
        settle()
    }

    /// What the handler left of the shared buffer moves into `held`: the shared buffer is reused
    /// by the next connection's read.
    private func keepLeftover() {
        guard input.readingShared else { return }
        input.readingShared = false
        if input.sharedStart < input.sharedEnd {
            let left = UnsafeBufferPointer(rebasing: server.readBuffer[input.sharedStart..<input.sharedEnd])
            held.append(UnsafeRawBufferPointer(left))
        }
    }

    /// A socket error: the connection ends at the next `settle()`, its output dropped.
    @inline(never)
    private func fail() {
        if life != .ended { life = .aborting }
    }

    private func flushOutput() {
        let socket = request.socket
        while !output.isEmpty {
            let sent: Int?
            do { sent = try socket.send(UnsafeBufferPointer(output.readable).span) } catch { return fail() }
            guard let sent else { return }
            server.counts.pointee.bytesSent &+= sent
            output.consume(sent)
        }
    }

    /// After handler code or an event: end the connection if it is over, else watch what it needs.
    func settle() {
        guard life != .ended else { return }
        if !isWritable, life != .aborting, output.count <= highWaterMark / 4 {
            isWritable = true
            if input.pending { server.resumeInputNextTurn(self) }
            notifyWritability(true)
        }
        var wanted: Events = []
        switch life {
        case .ended:
            return
        case .aborting:
            return teardown()
        case .closing:
            if output.isEmpty { return teardown() }
        case .open:
            if input.peerClosed, output.isEmpty, !input.pending { return teardown() }
            if !input.peerClosed, isWritable, !input.pending, held.count < inputLimit { wanted.insert(.read) }
        }
        if !output.isEmpty { wanted.insert(.write) }
        guard wanted != watched else { return }
        let selector = server.selector
        let socket = request.socket
        do {
            if watched.isEmpty {
                try selector.register(socket, events: wanted) { [self] _, events in onEvents(events) }
            } else if wanted.isEmpty {
                try selector.unregister(socket)
            } else {
                try selector.modify(socket, events: wanted)
            }
            watched = wanted
        } catch {
            life = .aborting
            teardown()
        }
    }

    /// Ends the connection, once: `finish()`, the errors to `handleError`, then `shutdownRequest`.
    func teardown(error: (any Error)? = nil) {
        guard life != .ended else { return }
        life = .ended
        let socket = request.socket
        if !watched.isEmpty, socket.isOpen { _ = try? server.selector.unregister(socket) }
        watched = []
        server.connections.remove(slot: slot)
        var finishError: (any Error)?
        depth += 1
        do { try finish() } catch { finishError = error }
        depth -= 1
        if let error { server.report(request, clientAddress: clientAddress, error: error) }
        if let finishError { server.report(request, clientAddress: clientAddress, error: finishError) }
        server.shutdownRequest(request)
        held.deallocate()
        output.deallocate()
    }

    /// Writes `bytes`: straight to the socket while nothing waits, the rest into `output`, as
    /// `life.write` says (after the end, only what the socket takes at once).
    final func write(_ bytes: UnsafeRawBufferPointer) {
        let rule = life.write
        guard !bytes.isEmpty, rule != .drop else { return }
        var sent = 0
        if output.isEmpty {
            let socket = request.socket
            let all = bytes.assumingMemoryBound(to: UInt8.self)
            while sent < bytes.count {
                let count: Int?
                do { count = try socket.send(UnsafeBufferPointer(rebasing: all[sent...]).span) } catch {
                    fail()
                    break
                }
                guard let count else { break }
                sent &+= count
            }
            server.counts.pointee.bytesSent &+= sent
        }
        guard rule == .sendAndKeep else { return }
        if life != .aborting, sent < bytes.count {
            output.append(UnsafeRawBufferPointer(rebasing: bytes[sent...]))
            if isWritable, output.count > highWaterMark {
                isWritable = false
                notifyWritability(false)
            }
        }
        if depth == 0 { settle() }
    }

    /// Runs ``writabilityChanged(_:)``; interest changes wait until it returns.
    @inline(never)
    private func notifyWritability(_ isWritable: Bool) {
        depth &+= 1
        writabilityChanged(isWritable)
        depth &-= 1
    }
}
