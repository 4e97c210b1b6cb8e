import Logging
import Reactor
import ReactorObservability

/// What an echo server counts with plain additions on its loop's thread. `unechoed` is what was
/// received and not (yet) sent back, so the per-message path adds only what it reads; bytes sent
/// are `bytesReceived - unechoed`.
struct EchoTally {
    var accepted = 0
    var closed = 0
    var bytesReceived = 0
    var unechoed = 0
    var datagrams = 0
    var errors = 0
    var acceptPauses = 0
}

/// The logger, the counts and the metrics of one echo server (one loop): shared by ``EchoServer``
/// and ``AsyncEchoServer``. Loop-confined: only the server's loop thread touches it.
final class EchoTelemetry: @unchecked Sendable {
    let logger: Logger
    /// Whether connection lines are written (asked for, and `.info` let through).
    let logConnections: Bool
    /// The counts; per-message paths add to them through this pointer (no exclusivity check).
    let tally: UnsafeMutablePointer<EchoTally>
    private let metrics: ServerMetrics?
    /// Whether the stream connections count the bytes they echo: only for metrics, so that with no
    /// backend the per-message path adds nothing (3 instructions of about 300 otherwise).
    var countsBytes: Bool { metrics != nil }
    private var timer: LoopTimer?
    private var pauseReports = ReportRateLimit()
    private var truncationReports = ReportRateLimit()

    init(configuration: EchoConfiguration, listeners: [Listener]) {
        logger = configuration.logger
        logConnections = configuration.logConnections && configuration.logger.logLevel <= .info
        tally = .allocate(capacity: 1)
        tally.initialize(to: EchoTally())
        let address = listeners.first.map { "\($0.address)" } ?? ""
        metrics = ServerMetrics(server: configuration.metricsName, dimensions: [("address", address)])
    }

    deinit {
        timer?.cancel()
        tally.deallocate()
    }

    var statistics: ServerCounts {
        let tally = tally.pointee
        var counts = ServerCounts()
        counts.accepted = tally.accepted
        counts.closed = tally.closed
        if countsBytes {
            counts.bytesReceived = tally.bytesReceived
            counts.bytesSent = tally.bytesReceived - tally.unechoed
        }
        counts.datagrams = tally.datagrams
        counts.errors = tally.errors
        counts.acceptPauses = tally.acceptPauses
        return counts
    }

    /// Publishes every second on `loop` while serving, when a metrics backend is there.
    func startPublishing(on loop: EventLoop) {
        guard metrics != nil, timer == nil else { return }
        timer = try? loop.schedule(after: ServerMetrics.interval, repeating: ServerMetrics.interval) { [unowned self] _ in
            publish(jobs: loop.executor.jobsRun)
        }
    }

    /// Stops the timer and publishes what changed since.
    func stopPublishing(on loop: EventLoop) {
        timer?.cancel()
        timer = nil
        publish(jobs: loop.executor.isCurrent ? loop.executor.jobsRun : nil)
    }

    private func publish(jobs: Int?) {
        metrics?.publish(statistics, executorJobs: jobs)
    }

    /// `peer` is evaluated once, and only when connection lines are written.
    func accepted(_ peer: @autoclosure () -> String) {
        guard logConnections else { return }
        let peer = peer()
        logger.info("accept \(peer)", metadata: ["peer": "\(peer)"])
    }

    func closed(_ peer: @autoclosure () -> String) {
        guard logConnections else { return }
        let peer = peer()
        logger.info("close \(peer)", metadata: ["peer": "\(peer)"])
    }

    /// Out of descriptors: accepting pauses for `pause`; reported at most once every 10 seconds.
    @inline(never)
    func pausingAccepts(_ error: SocketError, for pause: Duration) {
        tally.pointee.acceptPauses &+= 1
        pauseReports.log(
            to: logger, "\(error); pausing accepts for \(pause)", error: error,
            metadata: ["errno": "\(error.errno)", "pause_ms": "\(Int(pause / .milliseconds(1)))"])
    }

    /// An accept that failed for another reason than a lack of descriptors.
    @inline(never)
    func acceptFailed(_ error: any Error) {
        tally.pointee.errors &+= 1
        logger.error("\(error)", error: error)
    }

    /// A datagram too long to echo whole, dropped; reported at most once every 10 seconds.
    @inline(never)
    func truncated(_ error: SocketError, from sender: SocketAddress) {
        tally.pointee.errors &+= 1
        truncationReports.log(
            to: logger, "from \(sender): \(error); dropped", error: error,
            metadata: ["peer": "\(sender)", "size": "\(error.datagramSize ?? 0)"])
    }
}
