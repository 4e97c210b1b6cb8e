import ConsoleOutput
import Glibc
import Logging

/// A swift-log handler that writes through a `BackgroundLog`: a thread of its own
/// writes the lines, so the thread that logs (an event loop) never waits for whoever reads them,
/// and lines nobody reads are dropped and counted instead of stalling the loop.
///
/// Two formats: ``Format/plain(prefix:)`` writes the message alone (after a fixed prefix), the
/// lines the package's servers and programs have always printed, for tools and tests that read
/// them; ``Format/timestamped`` writes `2026-11-20T06:31:26.123Z warning reactor-echo: message`
/// followed by the metadata as `key=value` pairs, sorted by key, and the event's error as
/// `error=...`.
///
/// Lines below ``errorLevel`` go to ``output``, the others to ``errorOutput`` (both standard
/// error unless given): a server can keep its connection lines on standard output and its
/// diagnostics on standard error, as `reactor-echo` does.
///
/// ```swift
/// let logger = Logger(label: "my-server") { label in
///     BackgroundLogHandler(label: label, format: .timestamped, level: .info)
/// }
/// ```
public struct BackgroundLogHandler: LogHandler {
    /// How a line is laid out.
    public enum Format: Sendable, Equatable {
        /// `prefix` and the message, nothing else: no time, no level, no metadata.
        case plain(prefix: String)
        /// The time (UTC, milliseconds), the level, the label, the message, then the metadata and
        /// the error as `key=value` pairs.
        case timestamped
    }

    /// The logger's label, shown by ``Format/timestamped``.
    public let label: String
    /// The layout of each line.
    public var format: Format
    /// The least severe level written.
    public var logLevel: Logger.Level
    /// Metadata added to every line (``Format/timestamped`` shows it).
    public var metadata: Logger.Metadata = [:]
    /// Adds metadata from the task or thread context to every line.
    public var metadataProvider: Logger.MetadataProvider?
    /// Where lines below ``errorLevel`` go.
    public let output: BackgroundLog
    /// Where lines at ``errorLevel`` or above go.
    public let errorOutput: BackgroundLog
    /// The least severe level that goes to ``errorOutput``.
    public var errorLevel: Logger.Level

    /// A handler for `label`.
    ///
    /// - Parameters:
    ///   - label: The logger's label.
    ///   - format: ``Format/timestamped`` (the default) or ``Format/plain(prefix:)``.
    ///   - level: The least severe level written; default `.info`.
    ///   - output: Where lines below `errorLevel` go; default standard error.
    ///   - errorOutput: Where the others go; default `output`.
    ///   - errorLevel: Default `.warning`.
    public init(
        label: String, format: Format = .timestamped, level: Logger.Level = .info,
        output: BackgroundLog = .standardError, errorOutput: BackgroundLog? = nil, errorLevel: Logger.Level = .warning
    ) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.output = output
        self.errorOutput = errorOutput ?? output
        self.errorLevel = errorLevel
    }

    /// The handler's metadata for `key`.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats `event` and queues it on ``output`` or ``errorOutput``; never blocks.
    public func log(event: LogEvent) {
        let line = self.line(for: event)
        (event.level >= errorLevel ? errorOutput : output).line(line)
    }

    /// The line ``log(event:)`` writes for `event`.
    public func line(for event: LogEvent) -> String {
        switch format {
        case .plain(let prefix):
            return prefix + event.message.description
        case .timestamped:
            var merged = metadata
            if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
            if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
            var line = "\(utcTimestamp()) \(event.level) \(label): \(event.message)"
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(logfmtValue("\(value)"))" }
            if let error = event.error { line += " error=\(logfmtValue("\(error)"))" }
            return line
        }
    }
}

extension Logger {
    /// A logger that writes through `BackgroundLog` (see ``BackgroundLogHandler``).
    ///
    /// - Parameters:
    ///   - label: The logger's label.
    ///   - format: ``BackgroundLogHandler/Format/timestamped`` by default.
    ///   - level: The least severe level written; default `.info`.
    ///   - output: Where lines below `.warning` go; default standard error.
    ///   - errorOutput: Where `.warning` and above go; default `output`.
    public static func background(
        label: String, format: BackgroundLogHandler.Format = .timestamped, level: Logger.Level = .info,
        output: BackgroundLog = .standardError, errorOutput: BackgroundLog? = nil
    ) -> Logger {
        Logger(label: label) { label in
            BackgroundLogHandler(label: label, format: format, level: level, output: output, errorOutput: errorOutput)
        }
    }
}

/// `2026-11-20T06:31:26.123Z`: the wall clock in UTC, to the millisecond, without Foundation.
func utcTimestamp() -> String {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    var seconds = now.tv_sec
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let millis = Int(now.tv_nsec / 1_000_000)
    let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
        + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)Z"
}

/// A value as logfmt writes it: bare when it is one word, else quoted with `"` and `\` escaped.
func logfmtValue(_ text: String) -> String {
    let bare = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "\"" && $0 != "=" && $0 != "\\" }
    if bare { return text }
    var quoted = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": quoted += "\\\""
        case "\\": quoted += "\\\\"
        case "\n": quoted += "\\n"
        case _ where scalar.value < 0x20: quoted += "\\u{\(String(scalar.value, radix: 16))}"
        default: quoted.unicodeScalars.append(scalar)
        }
    }
    return quoted + "\""
}
