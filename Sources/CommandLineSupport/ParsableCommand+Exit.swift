import ArgumentParser
import ConsoleOutput
import Glibc

extension ParsableCommand {
    /// Parses the process's arguments as this root command and its subcommands. `--help` and
    /// `--version` print and exit 0; a usage error exits through ``exitWithUsageError(_:)``.
    public static func parseOrExit() -> any ParsableCommand {
        do {
            return try parseAsRoot()
        } catch {
            exitWithUsageError(error)
        }
    }

    /// ``parseOrExit()`` for a command without subcommands: its own value. `--help` comes back from
    /// the parser as ArgumentParser's own command (a forced cast would crash): it is run, and prints.
    public static func parseOwnOrExit() -> Self {
        var parsed = parseOrExit()
        if let ours = parsed as? Self { return ours }
        do { try parsed.run() } catch { exitWithUsageError(error) }
        Glibc.exit(0)
    }

    /// Ends the process for a help or version request that `run()` threw: with subcommands,
    /// `tool --help` and `tool sub --help` parse into ArgumentParser's own help command, whose `run()`
    /// throws the request. Returns for any other error.
    public static func exitIfHelpRequested(_ error: any Error) {
        if exitCode(for: error) == .success { exit(withError: error) }
    }

    /// Ends the process for a usage error: one line on standard error, `tool: message (see tool
    /// --help)`, and status 64 (EX_USAGE). Help and version requests print and exit 0 instead.
    ///
    /// `_exit`, not `exit`: swift-argument-parser 1.8.2 leaks a 48-byte key path when parsing fails
    /// inside an `@OptionGroup`, and under LeakSanitizer `exit` would report it and turn status 64
    /// into 1. Nothing is left to flush: ``Console`` writes every line with `write(2)`.
    public static func exitWithUsageError(_ error: any Error) -> Never {
        if exitCode(for: error) == .success { exit(withError: error) }
        let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
        let tool = configuration.commandName ?? "\(Self.self)"
        Console.error("\(tool): \(message) (see \(tool) --help)")
        _exit(64)
    }
}
