import Reactor

/// The open reactor connections, indexed by descriptor number: the server reaches them all on
/// close, and adding one allocates nothing once the table has grown to the busiest descriptor.
struct ConnectionTable {
    private var slots: [ReactorStreamHandler?] = []
    private(set) var count = 0

    /// Adds `handler` under its socket's descriptor; returns the slot to remove it with.
    mutating func insert(_ handler: ReactorStreamHandler) -> Int {
        let slot = Int(handler.request.socket.fileDescriptor)
        if slot >= slots.count { slots += Array(repeating: nil, count: slot + 1 - slots.count) }
        if slots[slot] == nil { count += 1 }
        slots[slot] = handler
        return slot
    }

    mutating func remove(slot: Int) {
        guard slot >= 0, slot < slots.count, slots[slot] != nil else { return }
        slots[slot] = nil
        count -= 1
    }

    var all: [ReactorStreamHandler] { slots.compactMap { $0 } }
}

extension BaseServer {
    /// The open connections of a ``ProcessingModel/reactor`` stream server. Read it on the loop thread.
    ///
    /// Python: no counterpart.
    public var connectionCount: Int { connections.count }

    /// Runs `handler.resumeInput()` in the next turn of the loop, after the events of that turn:
    /// one zero-delay timer serves every connection with input held back.
    func resumeInputNextTurn(_ handler: ReactorStreamHandler) {
        inputResumptions.append(handler)
        if inputTurn == nil {
            inputTurn = try? loop.schedule(after: .zero) { [unowned self] _ in resumeHeldInput() }
        } else if inputTurn?.isActive == false {
            try? inputTurn?.rearm(after: .zero)
        }
    }

    private func resumeHeldInput() {
        var turn: [ReactorStreamHandler] = []
        swap(&turn, &inputResumptions)
        for handler in turn { handler.resumeInput() }
    }

    /// `serverClose`: with `blockOnClose`, every connection stops reading and ends once its
    /// `wfile` has drained, for up to `drainTimeout`; then the rest are ended at once.
    func closeConnections() {
        // Handlers owed a turn hold the server (their `server`): let go of them, or neither is freed.
        defer {
            inputTurn?.cancel()
            inputResumptions = []
        }
        guard connections.count > 0 else { return }
        if blockOnClose {
            for handler in connections.all { handler.close() }
            _ = runLoop(for: drainTimeout, until: { connections.count == 0 })
        }
        for handler in connections.all { handler.teardown() }
    }
}
