import ArgumentParser
import CommandLineSupport
import ConsoleOutput
import EchoBench
import Glibc
import Reactor

/// Exit statuses, after sysexits.h where one fits.
enum ExitStatus {
    /// Every byte came back as sent.
    static let success: Int32 = 0
    /// Verification failed: an error, a mismatch or an unanswered message during the run.
    static let verificationFailed: Int32 = 1
    /// A bad flag (EX_USAGE).
    static let usage: Int32 = 64
    /// The target's host name does not resolve (EX_NOHOST).
    static let unresolvable: Int32 = 68
    /// The server cannot be reached: nothing listens, or the connection fails (EX_UNAVAILABLE).
    static let unreachable: Int32 = 69
    /// The system refused a resource: descriptors, a thread, an event loop (EX_OSERR).
    static let resources: Int32 = 71
    /// Ctrl-C (or SIGTERM): the summary so far was printed (128 + SIGINT, as a shell reports it).
    static let interrupted: Int32 = 130
}

@main
struct EchoBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo-bench",
        abstract: "A load generator for any echo server: TCP, Unix or UDP, every echoed byte verified.",
        discussion: """
            Prints its header first, a progress line each second on standard error (marked during the \
            warm-up; not with --quiet), then messages/s, MB/s, latency p50/p99/p99.9 and errors. Ctrl-C \
            ends the run early and prints what was measured so far. Exit status: 0 every byte came \
            back as sent; 1 an error, mismatch or unanswered message; 64 a bad flag; 68 a host name \
            that does not resolve; 69 a server that cannot be reached; 71 out of descriptors or \
            threads; 130 interrupted. With --json, standard output is one JSON object whatever \
            happens, with an "error" field on failure.
            """,
        version: ReactorPackage.version)

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

    @Flag(help: "Print the result as one JSON object (also on failure, with an \"error\" field).")
    var json = false

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    /// Parses and runs; every way out is one exit status from ``ExitStatus``.
    static func main() {
        let wantsJSON = CommandLine.arguments.dropFirst().contains("--json")
        let command: EchoBenchCommand
        do {
            var parsed = try parseAsRoot()
            guard let ours = parsed as? EchoBenchCommand else {
                // --help comes back as ArgumentParser's own command, which prints when run.
                try parsed.run()
                Glibc.exit(0)
            }
            command = ours
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            if wantsJSON {
                let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
                Console.line(BenchResult.failureJSON(target: nil, error: message, kind: "usage"))
            }
            exitWithUsageError(error)
        }
        command.run()
    }

    /// A target as given, before its host name is resolved.
    private enum Target {
        case tcp(host: String, port: UInt16, text: String)
        case udp(host: String, port: UInt16, text: String)
        case unix(SocketAddress)
    }

    private func run() -> Never {
        let target: Target
        var configuration: BenchConfiguration
        do {
            target = try parseTarget()
            configuration = try makeConfiguration(target: BenchConfiguration.Target.tcp(SocketAddress()))
        } catch {
            if json { Console.line(BenchResult.failureJSON(target: nil, error: Self.message(for: error), kind: "usage")) }
            Self.exitWithUsageError(error)
        }
        // A name that does not resolve is not a usage error: the flag was well formed.
        do {
            configuration.target = try resolve(target)
        } catch {
            finish(failure: "\(error)", kind: "unresolvable", target: describe(target), status: ExitStatus.unresolvable)
        }
        raiseDescriptorLimit()
        if !json { Console.line(configuration.header) }
        let stop = BenchStop()
        let progress: ((EchoBench.Progress) -> Void)? = quiet ? nil : { showProgress($0, onTerminal: isatty(2) == 1) }
        let result: BenchResult
        do {
            // Ctrl-C is taken once the server is there (a thread of its own; the load threads,
            // started after, inherit the blocked signals).
            result = try EchoBench.run(configuration, progress: progress, stop: stop, reached: { watchInterrupts(stop) })
        } catch {
            let (kind, status) = switch error {
            case .connect(let failure) where !failure.isOutOfDescriptors: ("unreachable", ExitStatus.unreachable)
            case .connect, .loop, .thread: ("resources", ExitStatus.resources)
            }
            finish(failure: "\(error)", kind: kind, target: configuration.target.description, status: status, progressShown: progress != nil)
        }
        if progress != nil, isatty(2) == 1 { Console.write("\r\u{1B}[K", to: STDERR_FILENO) }
        // Errors reported during the run go out first.
        BackgroundLog.standardError.flush(timeout: .seconds(1))
        Console.line(json ? result.json : result.summary)
        Glibc.exit(result.interrupted ? ExitStatus.interrupted : result.succeeded ? ExitStatus.success : ExitStatus.verificationFailed)
    }

    /// One line on standard error (and, with --json, one object on standard output), then `status`.
    private func finish(failure: String, kind: String, target: String, status: Int32, progressShown: Bool = false) -> Never {
        if progressShown, isatty(2) == 1 { Console.write("\r\u{1B}[K", to: STDERR_FILENO) }
        BackgroundLog.standardError.flush(timeout: .seconds(1))
        Console.error("echo-bench: \(failure)")
        if json { Console.line(BenchResult.failureJSON(target: target, error: failure, kind: kind)) }
        Glibc.exit(status)
    }

    private func parseTarget() throws -> Target {
        let targets = [tcp != nil, unix != nil, udp != nil].filter { $0 }.count
        guard targets == 1 else {
            throw ValidationError(targets == 0 ? "name a server with --tcp HOST:PORT, --unix PATH or --udp HOST:PORT"
                                               : "give only one of --tcp, --unix and --udp")
        }
        if let tcp {
            let (host, port) = try Self.hostAndPort(tcp, flag: "--tcp")
            return .tcp(host: host, port: port, text: tcp)
        }
        if let udp {
            let (host, port) = try Self.hostAndPort(udp, flag: "--udp")
            return .udp(host: host, port: port, text: udp)
        }
        // An empty path would be Linux's unnamed (abstract) address, not a file: refused as missing.
        guard let unix, unix != "" else { throw ValidationError("--unix needs a path") }
        do { return .unix(try SocketAddress(unixPath: unix)) } catch {
            throw ValidationError("--unix \(unix): \(error)")
        }
    }

    /// Checks every other flag, with a placeholder target (resolved afterwards).
    private func makeConfiguration(target: BenchConfiguration.Target) throws -> BenchConfiguration {
        guard duration.isFinite, duration > 0, duration <= 86_400 else {
            throw ValidationError("--duration must be more than 0 and at most 86400 seconds (got \(duration))")
        }
        guard warmup.isFinite, warmup >= 0, warmup <= 3_600 else {
            throw ValidationError("--warmup must be 0...3600 seconds (got \(warmup))")
        }
        var configuration = BenchConfiguration(target: target)
        if udp != nil { configuration.target = .udp(SocketAddress()) }
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

    /// `127.0.0.1:10000`, `[::1]:10000` or `localhost:10000`, split; the host is not resolved yet.
    private static func hostAndPort(_ text: String, flag: String) throws -> (String, UInt16) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port != 0 else {
            throw ValidationError("\(flag) wants HOST:PORT with a port 1...65535 (got '\(text)')")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("\(flag) wants HOST:PORT (got '\(text)')") }
        return (host, port)
    }

    /// The target's address: numeric, or resolved (`localhost`).
    private func resolve(_ target: Target) throws -> BenchConfiguration.Target {
        func address(_ host: String, _ port: UInt16, _ type: Socket.Kind, _ text: String, _ flag: String) throws -> SocketAddress {
            if let numeric = try? SocketAddress(host: host, port: port) { return numeric }
            do { return try SocketAddress.resolve(host: host, port: port, type: type) } catch {
                throw ResolveFailure(text: "\(flag) \(text): \(error)")
            }
        }
        switch target {
        case .tcp(let host, let port, let text): return .tcp(try address(host, port, .stream, text, "--tcp"))
        case .udp(let host, let port, let text): return .udp(try address(host, port, .datagram, text, "--udp"))
        case .unix(let address): return .unix(address)
        }
    }

    private func describe(_ target: Target) -> String {
        switch target {
        case .tcp(_, _, let text): "tcp \(text)"
        case .udp(_, _, let text): "udp \(text)"
        case .unix(let address): "unix \(address)"
        }
    }
}

/// A host name that does not resolve, in words: `--tcp nowhere.invalid:1: ...`.
private struct ResolveFailure: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}

/// Ctrl-C and SIGTERM end the run early, through `stop`; a second one ends the process at once.
/// The signals are blocked in every thread (the load threads inherit the mask) and taken by a
/// thread of their own with `sigwait`.
private func watchInterrupts(_ stop: BenchStop) {
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &signals, nil)
    do {
        try startWatcher(stop)
    } catch {
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)  // no thread to take them: Ctrl-C ends the run as usual
    }
}

private func startWatcher(_ stop: BenchStop) throws(ThreadStartError) {
    _ = try startThread {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        var received: Int32 = 0
        sigwait(&signals, &received)
        stop.stop()
        sigwait(&signals, &received)
        _exit(128 + received)
    }
}

/// The progress line: on a terminal, one line redrawn in place; otherwise one line a second.
private func showProgress(_ progress: EchoBench.Progress, onTerminal: Bool) {
    let p99 = progress.p99.map { "\(Int($0.rounded())) us" } ?? "-"
    let phase = progress.isWarmup ? " (warm-up)" : ""
    let text = "\(Int(progress.elapsed.rounded())) s\(phase): \(Int(progress.messagesPerSecond.rounded())) msg/s, p99 \(p99), errors \(progress.errors)"
    Console.write(onTerminal ? "\r\u{1B}[K" + text : text + "\n", to: STDERR_FILENO)
}
