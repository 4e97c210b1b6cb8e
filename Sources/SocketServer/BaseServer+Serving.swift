import ConsoleOutput
import Reactor

/// What the listening socket's watcher does when the socket is readable.
enum WatchMode {
    /// Not watched.
    case none
    /// `serveForever()`: handle every pending request, then `serviceActions()`.
    case serving
    /// `handleRequest()`: note that a request is waiting; it is handled after the wait.
    case single
}

extension BaseServer {
    /// `serveForever`'s default: the loop runs until `shutdown()` stops it.
    func defaultServeForever(pollInterval: Duration?) {
        guard serveState.begin() else {
            serveState.end()
            return
        }
        defer { serveState.end() }
        guard !isClosed else { return }
        watchListener(.serving)
        // Python's loop wakes every poll_interval and calls service_actions(): a repeating timer
        // keeps that promise here, for this run only. shutdown() does not depend on it.
        let timer = pollInterval.flatMap { interval in
            try? loop.schedule(after: interval, repeating: interval) { [unowned self] _ in serviceActions() }
        }
        startPublishingMetrics()
        loop.run()
        timer?.cancel()
        stopPublishingMetrics()
        watchListener(.none)
    }

    /// `handleRequest`'s default: wait (running the loop) for one request, within `timeout`.
    func defaultHandleRequest() {
        guard !isClosed else { return }
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now.advanced(by: $0) }
        singleRequestReady = false
        // Every way out unwatches: the timeout below, or listenerReady() when a request is ready.
        watchListener(.single)
        while !singleRequestReady {
            guard let deadline else {
                loop.runOnce(timeout: nil)
                continue
            }
            let remaining = clock.now.duration(to: deadline)
            if remaining <= .zero {
                watchListener(.none)
                handleTimeout()
                return
            }
            loop.runOnce(timeout: remaining)
        }
        _ = handleNextRequest()
        prepareMetrics()
        publishMetrics()
    }

    /// `shutdown`'s default: ask the serving loop to stop, from any thread, and wait for it.
    func defaultShutdown() {
        let wait = serveState.requestShutdown { generation in
            // A job, not a bare stop: it stops the loop only if that same serveForever is still
            // running when the job arrives, so a stale stop never ends a later run.
            try? loopHandle.execute { [self] in
                if serveState.isServing(generation) { loop.stop() }
            }
        }
        if wait { serveState.waitUntilShutDown() }
    }

    /// `serverClose`'s default: close the socket and end what the model left running.
    func defaultServerClose() {
        guard !isClosed else { return }
        isClosed = true
        watchListener(.none)
        acceptPause.cancel()
        socket.close()
        unixSocketFile?.remove()
        unixSocketFile = nil
        closeConnections()
        endRequestTasks()
        joinThreads()
        collectChildren(blocking: blockOnClose)
        // Releases the keys the last callbacks unregistered: the selector keeps them until the loop's
        // next iteration, and their callbacks hold handlers that hold this server (a cycle otherwise).
        selector.close()
        publishMetrics()
        BackgroundLog.standardError.flush(timeout: .seconds(1))
    }

    /// Sets what the listener's readiness means, and watches it or not accordingly.
    func watchListener(_ mode: WatchMode) {
        watching = mode
        updateListenerWatch()
    }

    /// Watches the socket when serving, open, not pausing after EMFILE and under `maxChildren` and
    /// `maxThreads`.
    func updateListenerWatch() {
        let wanted = watching != .none && !isClosed && !acceptPause.isActive && !atChildLimit && !atThreadLimit
        let watched = selector.key(for: socket) != nil
        if wanted, !watched {
            _ = try? selector.register(socket, events: .read) { [unowned self] _, _ in listenerReady() }
        } else if !wanted, watched {
            _ = try? selector.unregister(socket)
        }
    }

    private func listenerReady() {
        switch watching {
        case .none:
            break
        case .single:
            singleRequestReady = true
            watchListener(.none)  // level-triggered: do not hear about it again before it is handled
        case .serving:
            for _ in 0..<AcceptPause.batch where watching == .serving && !atChildLimit && !atThreadLimit {
                guard handleNextRequest() else { break }
            }
            serviceActions()
        }
    }

    /// How long `serverClose` waits, after the drain, for what it has just ended (threads whose
    /// connections it shut down, children it killed).
    static var closeGrace: Duration { .seconds(1) }

    /// Runs the loop until `done()` holds or `duration` has passed; whether `done()` holds.
    func runLoop(for duration: Duration, until done: () -> Bool) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: duration)
        while !done() {
            let remaining = clock.now.duration(to: deadline)
            if remaining <= .zero { return false }
            loop.runOnce(timeout: remaining)
        }
        return true
    }
}
