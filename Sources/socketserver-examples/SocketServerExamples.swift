import ArgumentParser
import CommandLineSupport
import ConsoleOutput
import Glibc
import SocketServer

@main
struct SocketServerExamples: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socketserver-examples",
        abstract: "The socketserver seed programs, on the SocketServer module.",
        discussion: "`socketserver-examples list` prints the program names, one a line.",
        version: ReactorPackage.version,
        subcommands: [List.self] + programs)

    /// The example programs, in `list` order.
    static var programs: [any ParsableCommand.Type] {
        [TracedEcho.self, SimpleEcho.self, ThreadedEcho.self, ForkingEcho.self,
         MenuServer.self, MenuSelectServer.self, MenuClient.self, FtpServer.self, FtpClient.self,
         ChatServer.self]
    }

    /// Parses and runs; every failure is one line on standard error and a non-zero exit status
    /// (64 for usage, 1 otherwise). A socket or lookup error reads as the last line of the traceback
    /// Python prints for it (`ConnectionRefusedError: [Errno 111] Connection refused`), as the seed's
    /// programs end on it.
    static func main() {
        var command = parseOrExit()
        do {
            try command.run()
        } catch let error as ExitCode {
            Glibc.exit(error.rawValue)
        } catch let failure as ExampleFailure {
            Console.error(failure.message)
            Glibc.exit(failure.status)
        } catch let error as ValidationError {
            exitWithUsageError(error)
        } catch let SocketServerError.socket(error) {
            exitAsPython(error)
        } catch let error where error is SocketError || error is ResolverError || error is ConnectionError {
            exitAsPython(error)
        } catch {
            exitIfHelpRequested(error)
            Console.error("socketserver-examples: \(error)")
            Glibc.exit(1)
        }
    }
}

/// An example's failure, already worded for standard error.
struct ExampleFailure: Error {
    let message: String
    var status: Int32 = 1
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the example programs' names, one a line.")

    func run() {
        for program in SocketServerExamples.programs { Console.line(program._commandName) }
    }
}
