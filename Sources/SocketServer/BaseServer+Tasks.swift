import Reactor

/// The tasks of a ``ProcessingModel/async`` server's connections, with their sockets. Loop thread only.
struct RequestTasks {
    private var running: [Int: (task: Task<Void, Never>, socket: Socket)] = [:]
    private var nextID = 0

    /// How many connections' tasks are running.
    var count: Int { running.count }

    /// An id for a task about to start.
    mutating func reserve() -> Int {
        defer { nextID &+= 1 }
        return nextID
    }

    /// Records task `id`, serving `socket`. (It cannot have ended yet: it runs on this thread.)
    mutating func insert(_ id: Int, task: Task<Void, Never>, socket: Socket) {
        running[id] = (task, socket)
    }

    /// Task `id` has ended.
    mutating func ended(_ id: Int) {
        running[id] = nil
    }

    /// Cancels every running task.
    func cancelAll() {
        for entry in running.values { entry.task.cancel() }
    }

    /// Closes the sockets of the tasks still running: their waits end with `EBADF`.
    func closeSockets() {
        for entry in running.values { entry.socket.close() }
    }
}

extension BaseServer {
    /// `serverClose` for ``ProcessingModel/async``: with ``blockOnClose``, runs the loop while the
    /// connections' tasks go on, until they have ended or ``drainTimeout`` has passed; then cancels
    /// the rest (their waits throw `CancellationError`) and gives them ``closeGrace``; then closes
    /// the connections of those still running (their waits end with `EBADF`) and gives them
    /// ``closeGrace`` more.
    func endRequestTasks() {
        let ended = { self.requestTasks.count == 0 }
        if ended() || blockOnClose && runLoop(for: drainTimeout, until: ended) { return }
        requestTasks.cancelAll()
        if runLoop(for: Self.closeGrace, until: ended) { return }
        requestTasks.closeSockets()
        _ = runLoop(for: Self.closeGrace, until: ended)
    }
}
