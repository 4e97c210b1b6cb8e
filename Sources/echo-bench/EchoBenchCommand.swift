import ArgumentParser
import CommandLineSupport
import ConsoleOutput
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
        let command = parseOwnOrExit()
        let configuration: BenchConfiguration
        do { configuration = try command.makeConfiguration() } catch { exitWithUsageError(error) }
        raiseDescriptorLimit()
        let live = !command.json && isatty(1) == 1
        let result: BenchResult
        do {
            result = try EchoBench.run(configuration, progress: live ? { showProgress($0) } : nil)
        } catch {
            Console.error("echo-bench: \(error)")
            Glibc.exit(1)
        }
        if live { Console.write("\r\u{1B}[K", to: STDOUT_FILENO) }
        Console.line(command.json ? result.json : result.text)
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
            // An empty path would be Linux's unnamed (abstract) address, not a file: refused as missing.
            guard unix != "" else { throw ValidationError("--unix needs a path") }
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
    Console.write(line, to: STDOUT_FILENO)
}
