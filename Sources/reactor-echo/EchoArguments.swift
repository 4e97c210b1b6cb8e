import Logging
import Reactor
import ReactorEcho

/// reactor-echo's command line, parsed by hand: swift-argument-parser brings FoundationEssentials
/// into the process (about 4 MiB of its 13 MiB), and this server's footprint is one of its figures.
///
/// The same flags, help and one-line usage errors as the argument parser gave it: `--name value` or
/// `--name=value`, `-h`/`--help` and `--version` (status 0), and for anything else one line on
/// standard error, `reactor-echo: <what> (see reactor-echo --help)`, and status 64 (EX_USAGE).
struct EchoArguments {
    static let name = "reactor-echo"
    static let version = "0.1.0"

    var configuration = EchoConfiguration()
    var useAsync = false

    /// What a command line asks for: serving, or printing something and exiting 0.
    enum Request {
        case serve(EchoArguments)
        case help
        case version
    }

    /// A usage error: its one line.
    struct UsageError: Error {
        let message: String
    }

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(UsageError) -> Request {
        var parsed = EchoArguments()
        parsed.configuration.logConnections = true
        parsed.configuration.logger = EchoConfiguration.timestampedLogger(level: .info)
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            let (name, inline) = split(argument)
            func value() throws(UsageError) -> String {
                if let inline { return inline }
                guard let next = rest.first, !next.hasPrefix("--") || next == "--" else {
                    throw UsageError(message: "Missing value for '\(name) <\(Self.valueName(name))>'")
                }
                rest.removeFirst()
                return next
            }
            switch name {
            case "-h", "--help": return .help
            case "--version": return .version
            case "--host": parsed.configuration.host = try value()
            case "--port": parsed.configuration.port = try port(value(), name)
            case "--udp": parsed.configuration.udpPort = try port(value(), name)
            case "--unix": parsed.configuration.unixPath = try path(value(), name)
            case "--unix-datagram": parsed.configuration.unixDatagramPath = try path(value(), name)
            case "--backend": parsed.configuration.backend = try backend(value())
            case "--loops": parsed.configuration.loops = try loops(value())
            case "--log-level": parsed.configuration.logger = EchoConfiguration.timestampedLogger(level: try logLevel(value()))
            case "--quiet", "--async":
                if let inline {
                    throw UsageError(message: "The option '\(name)' does not take any value, but '\(inline)' was specified.")
                }
                if name == "--quiet" { parsed.configuration.logConnections = false } else { parsed.useAsync = true }
            default:
                throw UsageError(message: name.hasPrefix("-") ? "Unknown option '\(name)'" : "Unexpected argument '\(argument)'")
            }
        }
        return .serve(parsed)
    }

    /// `--name=value` as (`--name`, `value`); anything else as itself and nil.
    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private static func valueName(_ option: String) -> String {
        switch option {
        case "--udp", "--port": "port"
        case "--unix", "--unix-datagram": "path"
        case "--backend": "name"
        case "--log-level": "level"
        default: String(option.dropFirst(2))
        }
    }

    private static func invalid(_ value: String, _ option: String, _ detail: String = "") -> UsageError {
        UsageError(message: "The value '\(value)' is invalid for '\(option) <\(valueName(option))>'\(detail)")
    }

    private static func port(_ text: String, _ option: String) throws(UsageError) -> UInt16 {
        guard let port = UInt16(text) else { throw invalid(text, option) }
        return port
    }

    /// An empty path would be Linux's unnamed (abstract) address, not a file: refused as missing.
    private static func path(_ text: String, _ option: String) throws(UsageError) -> String {
        guard !text.isEmpty else { throw UsageError(message: "\(option) needs a path") }
        return text
    }

    private static func backend(_ text: String) throws(UsageError) -> Backend {
        guard let backend = Backend(name: text) else {
            let names = Backend.allCases.map { "'\($0)'" }
            let list = names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
            throw invalid(text, "--backend", ". Please provide one of \(list).")
        }
        return backend
    }

    private static func loops(_ text: String) throws(UsageError) -> Int {
        guard let loops = Int(text) else { throw invalid(text, "--loops") }
        guard (1...256).contains(loops) else { throw UsageError(message: "--loops must be 1...256 (got \(loops))") }
        return loops
    }

    private static func logLevel(_ text: String) throws(UsageError) -> Logger.Level {
        guard let level = Logger.Level(rawValue: text) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError(message: "--log-level must be one of \(names) (got '\(text)')")
        }
        return level
    }

    /// The `--help` text.
    static var help: String {
        let backends = Backend.allCases.map(\.description).joined(separator: ", ")
        return """
            OVERVIEW: An echo server on one libev event loop: TCP, and optionally UDP and
            Unix sockets.

            Prints one line per listener when ready (`listening tcp 127.0.0.1:10000`),
            echoes every byte back until SIGINT, SIGTERM or SIGQUIT, then exits 0 and
            removes its Unix socket files.

            USAGE: reactor-echo [--host <host>] [--port <port>] [--udp <port>] [--unix <path>] [--unix-datagram <path>] [--backend <name>] [--loops <loops>] [--quiet] [--log-level <level>] [--async]

            OPTIONS:
              --host <host>           TCP (and UDP) address to listen on: numeric IPv4 or
                                      IPv6, or a host name (its first IPv4 address).
                                      (default: 127.0.0.1)
              --port <port>           TCP port; 0 picks a free one. (default: 10000)
              --udp <port>            Also echo UDP datagrams on this port, on --host; 0
                                      picks one.
              --unix <path>           Also listen on this Unix stream socket path.
              --unix-datagram <path>  Also echo datagrams on this Unix datagram socket path.
              --backend <name>        Event loop backend: \(backends).
                                      (default: automatic)
              --loops <loops>         Event loops, one per thread, each with its own
                                      SO_REUSEPORT listeners on the same ports (1...256).
                                      (default: 1)
              --quiet                 Do not log each connection accepted and closed.
              --log-level <level>     Least severe log level written: trace, debug, info,
                                      notice, warning, error, critical. Lines carry the
                                      time and level. (default: info)
              --async                 Serve each connection with a task on its loop's
                                      executor (async/await) instead of callbacks.
              --version               Show the version.
              -h, --help              Show help information.

            """
    }
}
