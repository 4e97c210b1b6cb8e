import Logging
import Reactor
import ReactorObservability

extension BaseServer {
    /// Takes one pending request and runs it through the hooks: Python's `_handle_request_noblock`.
    ///
    /// - Returns: false when no request was pending (or `getRequest` failed), so a batch stops.
    func handleNextRequest() -> Bool {
        let next: (request: Request, clientAddress: SocketAddress)?
        do {
            next = try getRequest()
        } catch {
            if error.isOutOfDescriptors {
                pauseAccepting(because: error)
            } else {
                // ECONNABORTED and the like: the client is gone, nothing for the server to do.
                errorCount.add(1, ordering: .relaxed)
                logger.debug("\(error)", metadata: ["errno": "\(error.errno)"])
            }
            return false
        }
        guard let (request, clientAddress) = next else { return false }
        switch request {
        case .connection(let connection):
            counts.pointee.accepted &+= 1
            // The listener is non-blocking, and so is what it accepts; blocking handlers get a
            // blocking socket, as in Python.
            connection.isBlocking = !isEventDriven && model != .async
        case .datagram(let packet, _):
            counts.pointee.datagrams &+= 1
            counts.pointee.bytesReceived &+= packet.count
        }
        if verifyRequest(request, clientAddress: clientAddress) {
            do {
                try processRequest(request, clientAddress: clientAddress)
            } catch {
                report(request, clientAddress: clientAddress, error: error)
                shutdownRequest(request)
            }
        } else {
            shutdownRequest(request)
        }
        return true
    }

    /// Counts an error and hands it to ``handleError(_:clientAddress:error:)``; from any thread.
    func report(_ request: Request, clientAddress: SocketAddress, error: any Error) {
        errorCount.add(1, ordering: .relaxed)
        handleError(request, clientAddress: clientAddress, error: error)
    }

    /// `processRequest`'s default: the model decides where the handler runs.
    func defaultProcessRequest(_ request: Request, clientAddress: SocketAddress) throws {
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

    /// Out of descriptors: stop watching the listener (``updateListenerWatch()`` does, while
    /// ``AcceptPause`` pauses) and watch it again after the pause. Python returns from
    /// `_handle_request_noblock` and spins on the next `select`.
    private func pauseAccepting(because error: SocketError) {
        guard !acceptPause.isActive else { return }
        counts.pointee.acceptPauses &+= 1
        pauseReports.log(
            to: logger, "\(error); pausing accepts for \(AcceptPause.duration)", error: error,
            metadata: ["errno": "\(error.errno)", "pause_ms": "\(Int(AcceptPause.duration / .milliseconds(1)))"])
        acceptPause.start(on: loop) { [unowned self] in updateListenerWatch() }
        updateListenerWatch()
    }
}
