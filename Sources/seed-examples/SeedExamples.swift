import ArgumentParser
import CommandLineSupport
import Glibc
import Reactor

@main
struct SeedExamples: ParsableCommand {
    /// Every seed program, in the seed's order, each named after its Python file.
    static let examples: [any ParsableCommand.Type] = [
        IPAddressAddresses.self, IPAddressNetworks.self, IPAddressNetworkIterate.self, IPAddressNetworkIterateHosts.self,
        IPAddressNetworkMembership.self, IPAddressInterfaces.self,
        GetHostname.self, GetHostByName.self, GetHostByNameEx.self, GetFQDN.self, GetHostByAddr.self,
        GetServByName.self, GetServByPort.self, GetProtoByName.self, GetAddrInfo.self, GetAddrInfoExtraArgs.self,
        AddressPacking.self, IPv6AddressPacking.self,
        EchoServer.self, EchoClient.self, EchoClientEasy.self, EchoServerExplicit.self, EchoClientExplicit.self,
        EchoServerAny.self, EchoServerDgram.self, EchoClientDgram.self, EchoServerUDS.self, EchoClientUDS.self,
        SocketPairExample.self, MulticastSender.self, MulticastReceiver.self, BinaryClient.self, BinaryServer.self,
        SelectorsEchoServer.self, SelectorsEchoClient.self, SelectEchoServer.self, SelectEchoMulticlient.self,
        SelectEchoServerTimeout.self, SelectEchoSlowClient.self, PollEchoServer.self,
    ]

    static let configuration = CommandConfiguration(
        commandName: "seed-examples",
        abstract: "The seed's Python ipaddress, socket, select and selectors programs, in Swift on this package.",
        discussion: """
            Each subcommand is one program of the seed, named after its Python file, and prints what \
            the program prints. `seed-examples list` names them all. Servers take --port (0 picks a \
            free one), --requests and --lifetime, so that a script can run each pair.
            """,
        version: ReactorPackage.version,
        subcommands: examples + [List.self])

    /// Parses and runs. A usage error is one line on standard error and status 64; any other
    /// failure ends as the seed's program ends on an uncaught exception: the traceback's last line
    /// (`socket.gaierror: [Errno -2] Name or service not known`) on standard error, status 1.
    static func main() {
        var command = parseOrExit()
        do {
            try command.run()
        } catch let error as ExitCode {
            Glibc.exit(error.rawValue)
        } catch let error as ValidationError {
            exitWithUsageError(error)
        } catch {
            exitIfHelpRequested(error)
            exitAsPython(error)
        }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Prints the name of every example, one a line.")

    func run() {
        for example in SeedExamples.examples {
            out(example.configuration.commandName ?? "")
        }
    }
}
