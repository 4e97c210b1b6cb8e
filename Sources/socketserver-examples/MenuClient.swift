import ArgumentParser
import CommandLineSupport
import ConsoleOutput
import Glibc
import SocketServer

/// The seed's client: prints what one `recv(1024)` brings, prompts, and sends the line typed, with no
/// newline, until `exit`. It fails as the seed's does: a reply that does not come within 5 s is
/// `TimeoutError`, the end of standard input `EOFError`, each on standard error with status 1.
struct MenuClient: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "menu_client",
        abstract: "The 10086 menu client: prints each reply, then sends a line read from standard input, until `exit`.")

    @Option(help: "Server address: numeric IPv4 or IPv6, or a host name.")
    var host = "127.0.0.1"

    @Option(help: "Server port (the seed's: 8009; its select() server's: 8002).")
    var port: UInt16 = 8009

    func run() throws {
        let socket = try Socket.makeConnection(host: host, port: port)
        socket.timeout = .seconds(5)
        while true {
            let data = try socket.receive(maxCount: Menu.readSize) ?? []
            Console.line("receive: " + String(decoding: data, as: UTF8.self))
            Console.prompt("please input:")
            guard let input = readInput() else {
                Console.error("EOFError: EOF when reading a line")
                throw ExitCode.failure
            }
            try socket.sendAll(input)
            if input == Array("exit".utf8) { break }
        }
        socket.close()
    }

    /// Python's `input()`: a line of standard input without its "\n" (a "\r" stays); nil at the end
    /// of input with nothing read.
    private func readInput() -> [UInt8]? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return line.isEmpty ? nil : line }
            if byte == UInt8(ascii: "\n") { return line }
            line.append(byte)
        }
    }
}
