import ArgumentParser
import CommandLineSupport
import ConsoleOutput
import Glibc
import Logging
import Reactor
import ReactorEcho

@main
struct ReactorEchoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reactor-echo",
        abstract: "An echo server on one libev event loop: TCP, and optionally UDP and Unix sockets.",
        discussion: """
            Prints one line per listener when ready (`listening tcp 127.0.0.1:10000`), echoes every \
            byte back until SIGINT, SIGTERM or SIGQUIT, then exits 0 and removes its Unix socket files.
            """)

    @Option(help: "TCP address to listen on (numeric IPv4 or IPv6).")
    var host = "127.0.0.1"

    @Option(help: "TCP port; 0 picks a free one.")
    var port: UInt16 = 10000

    @Option(help: ArgumentHelp("Also echo UDP datagrams on this port, on --host; 0 picks one.", valueName: "port"))
    var udp: UInt16?

    @Option(help: ArgumentHelp("Also listen on this Unix stream socket path.", valueName: "path"))
    var unix: String?

    @Option(name: .customLong("unix-datagram"), help: ArgumentHelp("Also echo datagrams on this Unix datagram socket path.", valueName: "path"))
    var unixDatagram: String?

    @Option(help: Backend.argumentHelp)
    var backend: Backend = .automatic

    @Option(help: "Event loops, one per thread, each with its own SO_REUSEPORT listeners on the same ports (1...256).")
    var loops = 1

    @Flag(help: "Do not log each connection accepted and closed.")
    var quiet = false

    @Option(help: ArgumentHelp(
        "Least severe log level written: trace, debug, info, notice, warning, error, critical. Lines carry the time and level.",
        valueName: "level"))
    var logLevel = "info"

    @Flag(name: .customLong("async"), help: "Serve each connection with a task on its loop's executor (async/await) instead of callbacks.")
    var useAsync = false

    /// Checks what the parser's types cannot say; a failure is a usage error (status 64).
    mutating func validate() throws {
        guard (1...256).contains(loops) else { throw ValidationError("--loops must be 1...256 (got \(loops))") }
        // An empty path would be Linux's unnamed (abstract) address, not a file: refused as missing.
        if unix == "" { throw ValidationError("--unix needs a path") }
        if unixDatagram == "" { throw ValidationError("--unix-datagram needs a path") }
        if Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(logLevel)')")
        }
    }

    /// Parses and runs; every failure is one line on standard error and a non-zero exit status.
    static func main() {
        do {
            try parseOwnOrExit().serve()
        } catch {
            Console.error("reactor-echo: \(error)")
            Glibc.exit(1)
        }
    }

    private func serve() throws(EchoServerError) {
        raiseDescriptorLimit()
        var configuration = EchoConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.udpPort = udp
        configuration.unixPath = unix
        configuration.unixDatagramPath = unixDatagram
        configuration.backend = backend
        configuration.logConnections = !quiet
        configuration.logger = EchoConfiguration.timestampedLogger(level: Logger.Level(rawValue: logLevel) ?? .info)
        configuration.loops = loops
        let server: any EchoService = useAsync
            ? try AsyncEchoLoops(configuration: configuration) : try EchoLoops(configuration: configuration)
        var watchers: [SignalWatcher] = []
        defer {
            // The watchers' callbacks hold the server: cancel them so that everything is released.
            watchers.forEach { $0.cancel() }
            server.close()
            // The connection log is written by a thread of its own (the loop never waits for a reader):
            // give what is still queued a moment, not forever, to get out.
            BackgroundLog.standardOutput.flush(timeout: .seconds(1))
            BackgroundLog.standardError.flush(timeout: .seconds(1))
        }
        // SIGQUIT too: the Swift runtime's crash handler catches it otherwise, prints "Program
        // crashed" and a backtrace, and returns into the running program.
        for signal in [SIGINT, SIGTERM, SIGQUIT] {
            do { watchers.append(try server.loop.onSignal(signal) { _ in server.stop() }) } catch { throw .loop(error) }
        }
        for listener in server.listeners { Console.line(listener.description) }
        server.run()
    }
}
