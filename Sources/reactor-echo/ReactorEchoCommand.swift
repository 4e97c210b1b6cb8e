import ConsoleOutput
import Glibc
import ProcessLimits
import Reactor
import ReactorEcho

@main
enum ReactorEchoCommand {
    /// Parses and runs; every failure is one line on standard error and a non-zero exit status.
    static func main() {
        let arguments: EchoArguments
        do {
            switch try EchoArguments.parse(Array(CommandLine.arguments.dropFirst())) {
            case .serve(let parsed): arguments = parsed
            case .help:
                Console.write(EchoArguments.help, to: STDOUT_FILENO)
                exit(0)
            case .version:
                Console.line("\(EchoArguments.name) \(EchoArguments.version)")
                exit(0)
            }
        } catch {
            Console.error("\(EchoArguments.name): \(error.message) (see \(EchoArguments.name) --help)")
            exit(64)  // EX_USAGE
        }
        do {
            try serve(arguments)
        } catch {
            Console.error("\(EchoArguments.name): \(error)")
            exit(1)
        }
    }

    private static func serve(_ arguments: EchoArguments) throws(EchoServerError) {
        raiseDescriptorLimit()
        let server: any EchoService = arguments.useAsync
            ? try AsyncEchoLoops(configuration: arguments.configuration) : try EchoLoops(configuration: arguments.configuration)
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
