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
    /// `serverClose` for ``ProcessingModel/async``: cancels the connections' tasks and runs the loop
    /// until they have ended, for up to ``drainTimeout`` (at once without ``blockOnClose``); then
    /// closes the connections of those still running and gives them ``closeGrace`` more.
    func endRequestTasks() {
        guard requestTasks.count > 0 else { return }
        requestTasks.cancelAll()
        if runLoop(for: blockOnClose ? drainTimeout : .zero, until: { requestTasks.count == 0 }) { return }
        requestTasks.closeSockets()
        _ = runLoop(for: Self.closeGrace) { requestTasks.count == 0 }
    }
}
