import ConsoleOutput
import Reactor

extension BaseServer {
    /// Takes one pending request and runs it through the hooks: Python's `_handle_request_noblock`.
    ///
    /// - Returns: false when no request was pending (or `getRequest` failed), so a batch stops.
    func handleNextRequest() -> Bool {
        let next: (request: Request, clientAddress: SocketAddress)?
        do {
            next = try getRequest()
        } catch {
            if error.isOutOfDescriptors { pauseAccepting(because: error) }
            return false
        }
        guard let (request, clientAddress) = next else { return false }
        if case .connection(let connection) = request {
            // The listener is non-blocking, and so is what it accepts; blocking handlers get a
            // blocking socket, as in Python.
            connection.isBlocking = !isEventDriven && model != .async
        }
        if verifyRequest(request, clientAddress: clientAddress) {
            do {
                try processRequest(request, clientAddress: clientAddress)
            } catch {
                handleError(request, clientAddress: clientAddress, error: error)
                shutdownRequest(request)
            }
        } else {
            shutdownRequest(request)
        }
        return true
    }

    /// `processRequest`'s default: the model decides where the handler runs.
    func process(_ request: Request, clientAddress: SocketAddress) throws {
        switch model {
        case .threading:
            try startThread(for: request, clientAddress: clientAddress)
        case .forking:
            try forkChild(for: request, clientAddress: clientAddress)
        case .reactor where isEventDriven, .async:
            // The connection lives on the loop (or in its task); shutdownRequest runs when it ends.
            try finishRequest(request, clientAddress: clientAddress)
        case .reactor, .synchronous:
            try finishRequest(request, clientAddress: clientAddress)
            shutdownRequest(request)
        }
    }

    /// Out of descriptors, the listener stays readable and a level-triggered loop would spin on
    /// it: stop watching it and try again a little later, when connections may have closed
    /// (man 3 ev, "The special problem of accept()ing when you can't"). Clients wait in the backlog.
    /// Python returns from `_handle_request_noblock` and spins on the next `select`.
    private func pauseAccepting(because error: SocketError) {
        guard acceptResumeTimer == nil else { return }
        BackgroundLog.standardError.line("socketserver: \(error); pausing accepts for \(Self.acceptPause)")
        acceptResumeTimer = try? loop.schedule(after: Self.acceptPause) { [unowned self] _ in
            acceptResumeTimer = nil
            updateListenerWatch()
        }
        updateListenerWatch()
    }
}
