import Logging

/// Lets the first report of a repeated condition through, then at most one per ``interval``, and
/// counts the reports it held back, so that a condition that recurs every 100 ms (a process out of
/// descriptors pausing its accepts) is one log line every few seconds, not ten a second.
///
/// ```swift
/// pauses.log(to: logger, "accept: \(error); pausing accepts", error: error)
/// // accept: Too many open files (errno 24); pausing accepts (14 more since the last report)
/// ```
///
/// A value for one thread (a loop's): keep it in loop-confined state.
public struct ReportRateLimit: Sendable {
    /// The shortest time between two reports let through.
    public let interval: Duration
    private var lastReport: ContinuousClock.Instant?
    private var heldBack = 0

    /// A limit of one report per `interval` (default 10 seconds).
    public init(interval: Duration = .seconds(10)) {
        self.interval = interval
    }

    /// Whether to report now: nil when the report is held back (and counted); otherwise how many
    /// were held back since the last report let through.
    public mutating func admit(at now: ContinuousClock.Instant = .now) -> Int? {
        if let lastReport, now < lastReport.advanced(by: interval) {
            heldBack += 1
            return nil
        }
        lastReport = now
        defer { heldBack = 0 }
        return heldBack
    }
}

extension ReportRateLimit {
    /// Logs `message` at `level` if the limit lets a report through now; the message then ends with
    /// ` (N more since the last report)` when N were held back, and the metadata `held_back` says N.
    public mutating func log(
        to logger: Logger, level: Logger.Level = .warning, _ message: @autoclosure () -> String,
        error: (any Error)? = nil, metadata: @autoclosure () -> Logger.Metadata = [:]
    ) {
        guard let heldBack = admit() else { return }
        let since = heldBack > 0 ? " (\(heldBack) more since the last report)" : ""
        var metadata = metadata()
        metadata["held_back"] = "\(heldBack)"
        logger.log(level: level, "\(message())\(since)", error: error, metadata: metadata)
    }
}
