/// What a run measured: throughput over the measured period, latency percentiles, and every error.
public struct BenchResult: Sendable {
    /// The configuration that ran.
    public let configuration: BenchConfiguration
    /// Messages echoed in the measured period (churn: connections completed).
    public let messages: Int
    /// Messages echoed in all phases, warm-up and drain included.
    public let allMessages: Int
    /// Messages (churn: connections) per second over the measured period.
    public let messagesPerSecond: Double
    /// Payload megabytes (10^6 bytes) per second, one way.
    public var megabytesPerSecond: Double { messagesPerSecond * Double(configuration.size) / 1e6 }
    /// Latency percentiles and maximum, in microseconds.
    public let p50: Double, p99: Double, p999: Double, max: Double
    /// Connection and I/O errors.
    public let errors: Int
    /// Echoes that differ from what was sent.
    public let mismatches: Int
    /// Messages still unanswered after the drain limit.
    public let undrained: Int
    /// Datagrams lost (UDP; reported, not a failure) and answered after being counted lost.
    public let lost: Int, late: Int

    /// How long the load threads were ready to run but waited for a CPU (Linux `schedstat`): on a
    /// shared machine, a large value means the figures say more about the neighbours than the server.
    public var clientWaitSeconds = 0.0
    /// Whether the run was ended early (``BenchStop``): the figures cover ``measuredSeconds`` only.
    public var interrupted = false
    /// How long the measured period lasted (the longest of the threads'), in seconds.
    public var measuredSeconds = 0.0

    /// True when every byte came back as sent: no errors, no mismatches, nothing undrained.
    public var succeeded: Bool { errors == 0 && mismatches == 0 && undrained == 0 }

    /// Why the run failed verification, in a few words (`2 errors, 1 mismatch`); nil when it succeeded.
    public var failure: String? {
        guard !succeeded else { return nil }
        func count(_ value: Int, _ noun: String) -> String? {
            value == 0 ? nil : "\(value) \(noun)\(value == 1 ? "" : noun.hasSuffix("h") ? "es" : "s")"
        }
        return [count(errors, "error"), count(mismatches, "mismatch"), count(undrained, "undrained message")]
            .compactMap { $0 }.joined(separator: ", ")
    }

    init(configuration: BenchConfiguration, counts: Counts, rate: Double, histogram: borrowing Histogram) {
        self.configuration = configuration
        messages = counts.messages
        allMessages = counts.allMessages
        messagesPerSecond = rate
        p50 = Double(histogram.percentile(0.50)) / 1000
        p99 = Double(histogram.percentile(0.99)) / 1000
        p999 = Double(histogram.percentile(0.999)) / 1000
        max = Double(histogram.max) / 1000
        errors = counts.errors
        mismatches = counts.mismatches
        undrained = counts.undrained
        lost = counts.lost
        late = counts.late
    }

    /// The human-readable report: ``BenchConfiguration/header``, then ``summary``.
    public var text: String { configuration.header + "\n" + summary }

    /// Throughput, latency and errors, in three or four lines (a first line more when interrupted).
    public var summary: String {
        let c = configuration
        let unit = c.mode == .churn ? "connections/s" : "messages/s"
        let lines = (interrupted ? ["interrupted: \(String(format2: measuredSeconds)) s of \(seconds(c.duration)) s measured"] : []) + [
            "\(unit): \(grouped(messagesPerSecond))   MB/s: \(String(format2: megabytesPerSecond))   \(c.mode == .churn ? "connections" : "messages"): \(messages)",
            "latency: p50 \(microseconds(p50))   p99 \(microseconds(p99))   p99.9 \(microseconds(p999))   max \(microseconds(max))",
            "errors: \(errors)   mismatches: \(mismatches)   undrained: \(undrained)" + (c.mode == .datagram ? "   lost: \(lost)   late: \(late)" : ""),
        ]
        return lines.joined(separator: "\n")
    }

    /// One JSON object with every figure; latencies in microseconds.
    public var json: String {
        let c = configuration
        let fields: [(String, String)] = [
            ("target", quoted(c.target.description)), ("mode", quoted(c.mode.rawValue)),
            ("connections", "\(c.connections)"), ("depth", "\(c.depth)"), ("size", "\(c.size)"),
            ("threads", "\(c.threads)"), ("duration_s", seconds(c.duration)), ("warmup_s", seconds(c.warmup)),
            ("messages", "\(messages)"), ("all_messages", "\(allMessages)"),
            ("messages_per_s", String(format2: messagesPerSecond)), ("mb_per_s", String(format2: megabytesPerSecond)),
            ("p50_us", String(format2: p50)), ("p99_us", String(format2: p99)), ("p999_us", String(format2: p999)),
            ("max_us", String(format2: max)), ("errors", "\(errors)"), ("mismatches", "\(mismatches)"),
            ("undrained", "\(undrained)"), ("lost", "\(lost)"), ("late", "\(late)"),
            ("client_wait_s", String(format2: clientWaitSeconds)), ("measured_s", String(format2: measuredSeconds)),
            ("interrupted", interrupted ? "true" : "false"),
        ] + (failure.map { [("error", quoted($0))] } ?? []) + [("ok", succeeded ? "true" : "false")]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// The one JSON object `echo-bench --json` prints when a run could not happen: the target (if
    /// known), the error, its kind (`usage`, `unresolvable`, `unreachable`, `resources`) and `"ok": false`.
    public static func failureJSON(target: String?, error: String, kind: String) -> String {
        let fields = (target.map { [("target", quoted($0))] } ?? []) + [
            ("error", quoted(error)), ("error_kind", quoted(kind)), ("ok", "false"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}

extension BenchConfiguration {
    /// The line `echo-bench` prints first: `echo-bench: tcp 127.0.0.1:10000, 100 connections x
    /// depth 16 x 64 B, 1 thread, 5 s after 1 s warm-up`.
    public var header: String {
        var shape = "\(connections) \(mode == .churn ? "concurrent" : "connection\(connections == 1 ? "" : "s")")"
        if mode != .churn { shape += " x depth \(depth)" }
        shape += " x \(size) B"
        if mode == .churn { shape += ", connect/echo/close" }
        return "echo-bench: \(target), \(shape), \(threads) thread\(threads == 1 ? "" : "s"), \(seconds(duration)) s after \(seconds(warmup)) s warm-up"
    }
}

private func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

func seconds(_ duration: Duration) -> String {
    let (whole, atto) = duration.components
    let value = Double(whole) + Double(atto) / 1e18
    return value == value.rounded() ? String(Int(value)) : String(format2: value)
}

/// `1.23 ms`, `412.5 us`.
func microseconds(_ value: Double) -> String {
    value >= 1000 ? "\(String(format2: value / 1000)) ms" : "\(String(format1: value)) us"
}

/// `228,930`.
func grouped(_ value: Double) -> String {
    let digits = String(Int(value.rounded()))
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return out
}

extension String {
    /// Two decimals, without Foundation.
    init(format2 value: Double) {
        let scaled = Int((value * 100).rounded())
        let fraction = abs(scaled % 100)
        self = "\(scaled / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
        if value < 0, scaled / 100 == 0 { self = "-" + self }
    }

    /// One decimal, without Foundation.
    init(format1 value: Double) {
        let scaled = Int((value * 10).rounded())
        self = "\(scaled / 10).\(abs(scaled % 10))"
        if value < 0, scaled / 10 == 0 { self = "-" + self }
    }
}
