import CoreMetrics

/// What a server counts as it runs, with plain additions on its loop's thread: the per-message
/// path pays one addition for the bytes it reads and nothing else, whether or not metrics are
/// published. ``ServerMetrics`` turns the totals into swift-metrics counters now and then.
public struct ServerCounts: Sendable, Equatable {
    /// Connections accepted (or adopted) so far.
    public var accepted = 0
    /// Connections ended so far.
    public var closed = 0
    /// Bytes read from peers.
    public var bytesReceived = 0
    /// Bytes written to peers.
    public var bytesSent = 0
    /// Datagrams received.
    public var datagrams = 0
    /// Errors reported: failed accepts, handlers that threw, truncated datagrams.
    public var errors = 0
    /// Times accepting paused because the process was out of descriptors.
    public var acceptPauses = 0

    /// Nothing counted yet.
    public init() {}

    /// Connections open now: accepted and not yet ended.
    public var active: Int { accepted - closed }
}

/// Publishes a server's ``ServerCounts`` to swift-metrics: the totals since the last
/// ``publish(_:executorJobs:)`` become counter increments, and the open connections a meter.
///
/// Made only when a metrics backend is there (`MetricsSystem.bootstrap`, or a task-local factory
/// bound with `withMetricsFactory`): with none, ``init(server:dimensions:factory:)`` returns nil,
/// a server then keeps no timer for it, and counting costs the additions alone.
///
/// The metrics, each with the dimension `server` (the server's name) and the dimensions given:
///
/// | label | kind | what |
/// |---|---|---|
/// | `reactor_connections_accepted` | counter | connections accepted |
/// | `reactor_connections_active` | meter | connections open now |
/// | `reactor_connections_closed` | counter | connections ended |
/// | `reactor_bytes_received` | counter | bytes read from peers |
/// | `reactor_bytes_sent` | counter | bytes written to peers |
/// | `reactor_datagrams` | counter | datagrams received |
/// | `reactor_errors` | counter | errors reported |
/// | `reactor_accept_pauses` | counter | accept pauses for lack of descriptors |
/// | `reactor_executor_jobs` | counter | jobs the loop's executor ran (tasks, actors) |
///
/// Several loops of one server may each publish under the same labels: every figure is sent as
/// an increment (the meter too), so the backend's totals add up across loops.
///
/// Not `Sendable`: use it on the thread that counts.
public final class ServerMetrics {
    private let accepted: Counter
    private let active: Meter
    private let closed: Counter
    private let bytesReceived: Counter
    private let bytesSent: Counter
    private let datagrams: Counter
    private let errors: Counter
    private let acceptPauses: Counter
    private let executorJobs: Counter
    private var published = ServerCounts()
    private var publishedJobs: Int?

    /// How often servers publish while they run.
    public static let interval = Duration.seconds(1)

    /// The metrics of the server named `server`, or nil when `factory` is swift-metrics' no-op
    /// factory (no backend bootstrapped).
    ///
    /// - Parameters:
    ///   - server: The value of the `server` dimension (`reactor-echo`, `TCPServer`).
    ///   - dimensions: More dimensions (the address served).
    ///   - factory: The metrics factory; default `MetricsSystem.factory` (the task-local one if bound).
    public init?(server: String, dimensions: [(String, String)] = [], factory: any MetricsFactory = MetricsSystem.factory) {
        guard !(factory is NOOPMetricsHandler) else { return nil }
        let dimensions = [("server", server)] + dimensions
        func counter(_ label: String) -> Counter { Counter(label: label, dimensions: dimensions, factory: factory) }
        accepted = counter("reactor_connections_accepted")
        active = Meter(label: "reactor_connections_active", dimensions: dimensions, factory: factory)
        closed = counter("reactor_connections_closed")
        bytesReceived = counter("reactor_bytes_received")
        bytesSent = counter("reactor_bytes_sent")
        datagrams = counter("reactor_datagrams")
        errors = counter("reactor_errors")
        acceptPauses = counter("reactor_accept_pauses")
        executorJobs = counter("reactor_executor_jobs")
    }

    /// Sends what changed since the last call: counter increments, and the change in open
    /// connections to the meter. `executorJobs` is the loop executor's running total, if any.
    public func publish(_ counts: ServerCounts, executorJobs jobs: Int? = nil) {
        func send(_ counter: Counter, _ now: Int, _ before: Int) {
            if now > before { counter.increment(by: Int64(now - before)) }
        }
        send(accepted, counts.accepted, published.accepted)
        send(closed, counts.closed, published.closed)
        send(bytesReceived, counts.bytesReceived, published.bytesReceived)
        send(bytesSent, counts.bytesSent, published.bytesSent)
        send(datagrams, counts.datagrams, published.datagrams)
        send(errors, counts.errors, published.errors)
        send(acceptPauses, counts.acceptPauses, published.acceptPauses)
        let change = counts.active - published.active
        if change > 0 { active.increment(by: Double(change)) } else if change < 0 { active.decrement(by: Double(-change)) }
        if let jobs {
            send(executorJobs, jobs, publishedJobs ?? 0)
            publishedJobs = jobs
        }
        published = counts
    }
}
