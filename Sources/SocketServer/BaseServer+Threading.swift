import Reactor

/// The request threads a `.threading` server may still have to join: Python's `_Threads`.
struct ThreadTable {
    var nextID = 0
    /// Started and not joined yet, by id.
    var running: [Int: ServerThread] = [:]
    /// Ids of threads that have ended and can be joined at once.
    var finished: [Int] = []
}

extension BaseServer {
    /// Runs the request on a new thread: `finishRequest`, `handleError` on failure, then
    /// `shutdownRequest`, as `ThreadingMixIn.process_request_thread` does; the thread is named as
    /// Python 3 names it, `Thread-N (process_request_thread)`.
    ///
    /// The request is handed over in a box: after this returns, the loop thread never touches it.
    func startThread(for request: Request, clientAddress: SocketAddress) throws(SocketServerError) {
        reapThreads()
        let box = UncheckedBox(value: request)
        let joinable = !daemonThreads && blockOnClose
        guard joinable else {
            try ServerThread.startDetached(target: Self.requestThreadTarget) { [self] in runRequestThread(box, clientAddress) }
            return
        }
        try threads.withLock { (table: inout ThreadTable) throws(SocketServerError) in
            let id = table.nextID
            table.nextID += 1
            // Under the lock: the thread records its end under the same lock, after this insert.
            table.running[id] = try ServerThread.start(target: Self.requestThreadTarget) { [self] in
                runRequestThread(box, clientAddress)
                threads.withLock { $0.finished.append(id) }
            }
        }
    }

    /// What Python's request threads run, and so the end of their names.
    private static let requestThreadTarget = "process_request_thread"

    private func runRequestThread(_ box: UncheckedBox<Request>, _ clientAddress: SocketAddress) {
        let request = box.value
        do {
            try finishRequest(request, clientAddress: clientAddress)
        } catch {
            handleError(request, clientAddress: clientAddress, error: error)
        }
        shutdownRequest(request)
    }

    /// Joins the threads that have ended, so the table holds only live ones (CPython issue 37193:
    /// keeping every thread was a leak).
    func reapThreads() {
        let done = threads.withLock { table in
            let done = table.finished.compactMap { table.running.removeValue(forKey: $0) }
            table.finished = []
            return done
        }
        for thread in done { thread.join() }
    }

    /// The number of request threads not joined yet (live ones, and ended ones not reaped yet).
    var pendingThreadCount: Int { threads.withLock { $0.running.count } }

    /// `serverClose`: with `blockOnClose`, waits for every joinable request thread; without,
    /// lets them go (detached).
    func joinThreads() {
        let all = threads.withLock { table in
            defer { table.running = [:]; table.finished = [] }
            return Array(table.running.values)
        }
        for thread in all {
            if blockOnClose { thread.join() } else { thread.detach() }
        }
    }
}
