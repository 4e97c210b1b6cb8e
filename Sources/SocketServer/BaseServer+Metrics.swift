import Reactor
import ReactorObservability

extension BaseServer {
    /// What the server has counted so far: connections accepted, open (`ServerCounts.active`)
    /// and ended, datagrams, bytes (the ``ProcessingModel/reactor`` model's connections and the
    /// datagrams received; blocking handlers read and write their sockets themselves), errors
    /// reported, and accept pauses. Read it on the loop thread, or after serving.
    ///
    /// With a swift-metrics backend bootstrapped when the server was made, the same figures are
    /// published as metrics (`reactor_connections_accepted`... see `ServerMetrics` in
    /// ReactorObservability), with the dimensions `server` (the class name) and `address`: every
    /// second while ``serveForever(pollInterval:)`` runs, after ``handleRequest()`` and at
    /// ``serverClose()``. With none, no timer runs and counting costs a few additions per
    /// connection (and one per read and write of a reactor connection).
    ///
    /// Python: no counterpart.
    public var statistics: ServerCounts {
        var counts = self.counts.pointee
        counts.errors = errorCount.load(ordering: .relaxed)
        counts.closed = counts.accepted - min(activeRequests, counts.accepted)
        return counts
    }

    /// Connections (or datagram requests) being served now, by the model's own record.
    var activeRequests: Int {
        switch model {
        case .reactor: connections.count
        case .async: requestTasks.count
        case .threading: threads.withLock { $0.live }
        case .forking: activeChildren.count
        case .synchronous: 0
        }
    }

    /// Starts publishing every ``ServerMetrics/interval`` while serving, when a backend is there.
    func startPublishingMetrics() {
        prepareMetrics()
        guard metrics != nil, metricsTimer == nil else { return }
        metricsTimer = try? loop.schedule(after: ServerMetrics.interval, repeating: ServerMetrics.interval) { [unowned self] _ in
            publishMetrics()
        }
    }

    /// Makes the metrics, once the address is known, if a backend is there.
    func prepareMetrics() {
        guard metrics == nil else { return }
        metrics = ServerMetrics(
            server: String(describing: type(of: self)), dimensions: [("address", "\(serverAddress)")], factory: metricsFactory)
    }

    /// Stops the timer and publishes what changed since.
    func stopPublishingMetrics() {
        metricsTimer?.cancel()
        metricsTimer = nil
        publishMetrics()
    }

    /// Publishes what changed since the last time, if a backend is there.
    func publishMetrics() {
        guard let metrics else { return }
        metrics.publish(statistics, executorJobs: loopHandle.isCurrent ? loopHandle.executor.jobsRun : nil)
    }
}
