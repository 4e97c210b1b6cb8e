import Reactor

/// The request threads of a `.threading` server: Python's `_Threads`, and what the limits need.
struct ThreadTable {
    var nextID = 0
    /// Started and not joined yet, by id (joinable threads only).
    var running: [Int: ServerThread] = [:]
    /// Ids of threads that have ended and can be joined at once.
    var finished: [Int] = []
    /// Threads started and not ended, joinable or not.
    var live = 0
    /// The connections of the live requests, to end at a deadline or when the server closes.
    var cancellers: [Int: RequestCanceller] = [:]
}

extension BaseServer {
    /// The number of request threads running now (``ProcessingModel/threading``).
    ///
    /// Python: no counterpart (`len(server._threads)` counts joinable threads not yet reaped).
    public var requestThreadCount: Int { threads.withLock { $0.live } }

    /// Whether a `.threading` server runs as many request threads as it may.
    var atThreadLimit: Bool { model == .threading && threads.withLock { $0.live } >= maxThreads }

    /// Runs the request on a new thread: `finishRequest`, `handleError` on failure, then
    /// `shutdownRequest`, as `ThreadingMixIn.process_request_thread` does; the thread is named as
    /// Python 3 names it, `Thread-N (process_request_thread)`. With a `requestTimeout`, a loop timer
    /// ends the request's connection at its deadline.
    ///
    /// The request is handed over in a box: after this returns, the loop thread never touches it.
    func startThread(for request: Request, clientAddress: SocketAddress) throws(SocketServerError) {
        reapThreads()
        let canceller: RequestCanceller?
        if case .connection(let socket) = request { canceller = RequestCanceller(socket) } else { canceller = nil }
        let box = UncheckedBox(value: request)
        let joinable = !daemonThreads && blockOnClose
        let id = try threads.withLock { (table: inout ThreadTable) throws(SocketServerError) -> Int in
            let id = table.nextID
            table.nextID += 1
            // Under the lock: the thread records its end under the same lock, after these inserts.
            let body = { [self] in
                runRequestThread(box, clientAddress)
                threadEnded(id)
            }
            if joinable {
                table.running[id] = try ServerThread.start(target: Self.requestThreadTarget, body)
            } else {
                try ServerThread.startDetached(target: Self.requestThreadTarget, body)
            }
            table.live += 1
            table.cancellers[id] = canceller
            return id
        }
        if let requestTimeout, let canceller {
            threadDeadlines[id] = try? loop.schedule(after: requestTimeout) { [unowned self] _ in
                threadDeadlines[id] = nil
                canceller.cancel()
            }
        }
        updateListenerWatch()
    }

    /// What Python's request threads run, and so the end of their names.
    private static let requestThreadTarget = "process_request_thread"

    private func runRequestThread(_ box: UncheckedBox<Request>, _ clientAddress: SocketAddress) {
        let request = box.value
        do {
            try finishRequest(request, clientAddress: clientAddress)
        } catch {
            report(request, clientAddress: clientAddress, error: error)
        }
        shutdownRequest(request)
    }

    /// On the request thread, once it is done: record its end, and tell the loop (its deadline
    /// goes, and accepting resumes if the thread limit had paused it).
    private func threadEnded(_ id: Int) {
        threads.withLock { table in
            table.live -= 1
            table.cancellers[id] = nil
            if table.running[id] != nil { table.finished.append(id) }
        }
        // Weakly: a job still queued when the loop is gone must not keep the server (which owns the loop).
        try? loopHandle.execute { [weak self] in
            guard let self else { return }
            threadDeadlines.removeValue(forKey: id)?.cancel()
            reapThreads()
            updateListenerWatch()
        }
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

    /// `serverClose`: with `blockOnClose`, waits up to `drainTimeout` for the request threads,
    /// then shuts their connections down and waits a little more; joins those that ended and
    /// lets the rest go (detached), as without `blockOnClose`.
    func joinThreads() {
        if blockOnClose, !daemonThreads {
            let ended = { [self] in threads.withLock { $0.live == 0 } }
            if !runLoop(for: drainTimeout, until: ended) {
                for canceller in threads.withLock({ Array($0.cancellers.values) }) { canceller.cancel() }
                _ = runLoop(for: Self.closeGrace, until: ended)
            }
            reapThreads()
        }
        for deadline in threadDeadlines.values { deadline.cancel() }
        threadDeadlines = [:]
        let left = threads.withLock { table in
            defer { table.running = [:]; table.finished = [] }
            return Array(table.running.values)
        }
        for thread in left { thread.detach() }
    }
}
