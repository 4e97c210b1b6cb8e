import ArgumentParser
import EchoBench
import Glibc
import Reactor

@main
struct EchoBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo-bench",
        abstract: "A load generator for any echo server: TCP, Unix or UDP, every echoed byte verified.",
        discussion: """
            Prints messages/s, MB/s, latency p50/p99/p99.9 and errors when done; on a terminal, also a \
            live line each second. Exits 0 when every byte came back as sent, 1 on any error, mismatch \
            or unanswered message, 64 on a bad flag.
            """)

    @Option(help: ArgumentHelp("Load a TCP echo server.", valueName: "host:port"))
    var tcp: String?

    @Option(help: ArgumentHelp("Load a Unix stream socket echo server.", valueName: "path"))
    var unix: String?

    @Option(help: ArgumentHelp("Load a UDP echo server.", valueName: "host:port"))
    var udp: String?

    @Option(help: "Concurrent connections (UDP: sockets; --churn: concurrent connect/echo/close loops).")
    var connections = 1

    @Option(help: "Messages in flight per connection; 1 is ping-pong.")
    var depth = 1

    @Option(help: "Bytes per message (UDP: 16...65507).")
    var size = 64

    @Option(help: ArgumentHelp("Seconds measured.", valueName: "seconds"))
    var duration = 5.0

    @Option(help: ArgumentHelp("Seconds of load before measuring.", valueName: "seconds"))
    var warmup = 1.0

    @Flag(help: "Connect, echo one message and close, per request; reports connections/s.")
    var churn = false

    @Option(help: "Load threads, each with its own event loop and a share of the connections.")
    var threads = 1

    @Flag(help: "Print only the final result, as one JSON object.")
    var json = false

    /// Parses and runs; a bad flag or an unreachable server is one line on standard error.
    static func main() {
        let command: EchoBenchCommand
        let configuration: BenchConfiguration
        do {
            var parsed = try parseAsRoot()
            // --help and --version come back as ArgumentParser's own commands: run them (they print).
            guard let ours = parsed as? EchoBenchCommand else {
                try parsed.run()
                Glibc.exit(0)
            }
            command = ours
            configuration = try command.makeConfiguration()
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            printLine("echo-bench: \(message) (see echo-bench --help)", to: 2)
            Glibc.exit(64)
        }
        raiseDescriptorLimit()
        let live = !command.json && isatty(1) == 1
        let result: BenchResult
        do {
            result = try EchoBench.run(configuration, progress: live ? { showProgress($0) } : nil)
        } catch {
            printLine("echo-bench: \(error)", to: 2)
            Glibc.exit(1)
        }
        if live { printLine("\r\u{1B}[K", to: 1, newline: false) }
        printLine(command.json ? result.json : result.text, to: 1)
        Glibc.exit(result.succeeded ? 0 : 1)
    }

    private func makeConfiguration() throws -> BenchConfiguration {
        let targets = [tcp != nil, unix != nil, udp != nil].filter { $0 }.count
        guard targets == 1 else {
            throw ValidationError(targets == 0 ? "name a server with --tcp HOST:PORT, --unix PATH or --udp HOST:PORT"
                                               : "give only one of --tcp, --unix and --udp")
        }
        let target: BenchConfiguration.Target
        if let tcp { target = .tcp(try Self.address(tcp, flag: "--tcp", type: .stream)) }
        else if let udp { target = .udp(try Self.address(udp, flag: "--udp", type: .datagram)) }
        else {
            do { target = .unix(try SocketAddress(unixPath: unix!)) } catch {
                throw ValidationError("--unix \(unix!): \(error)")
            }
        }
        guard duration.isFinite, duration > 0, duration <= 86_400 else {
            throw ValidationError("--duration must be more than 0 and at most 86400 seconds (got \(duration))")
        }
        guard warmup.isFinite, warmup >= 0, warmup <= 3_600 else {
            throw ValidationError("--warmup must be 0...3600 seconds (got \(warmup))")
        }
        var configuration = BenchConfiguration(target: target)
        configuration.connections = connections
        configuration.depth = depth
        configuration.size = size
        configuration.duration = .milliseconds(Int64((duration * 1000).rounded()))
        configuration.warmup = .milliseconds(Int64((warmup * 1000).rounded()))
        configuration.churn = churn
        configuration.threads = threads
        if configuration.duration <= .zero { throw ValidationError("--duration must be at least 0.001 seconds") }
        if let problem = configuration.problem { throw ValidationError(problem) }
        return configuration
    }

    /// `127.0.0.1:10000`, `[::1]:10000` or `localhost:10000`.
    private static func address(_ text: String, flag: String, type: Socket.Kind) throws -> SocketAddress {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port != 0 else {
            throw ValidationError("\(flag) wants HOST:PORT with a port 1...65535 (got '\(text)')")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("\(flag) wants HOST:PORT (got '\(text)')") }
        if let numeric = try? SocketAddress(host: host, port: port) { return numeric }
        do { return try SocketAddress.resolve(host: host, port: port, type: type) } catch {
            throw ValidationError("\(flag) \(text): \(error)")
        }
    }
}

private func showProgress(_ progress: EchoBench.Progress) {
    let line = "\r\u{1B}[K\(Int(progress.elapsed)) s: \(Int(progress.messagesPerSecond.rounded())) msg/s, "
        + "p99 \(Int(progress.p99.rounded())) us, errors \(progress.errors)"
    printLine(line, to: 1, newline: false)
}

private func printLine(_ text: String, to fd: Int32, newline: Bool = true) {
    var text = newline ? text + "\n" : text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// Lifts the soft descriptor limit to the hard one: thousands of connections need it.
private func raiseDescriptorLimit() {
    var limit = rlimit()
    let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    limit.rlim_cur = limit.rlim_max
    _ = setrlimit(resource, &limit)
}
