import Foundation
import Testing

/// `seed-examples`, run as a user runs it: a server and its client as two processes on loopback.
@Suite("seed-examples", .timeLimit(.minutes(1)))
struct SeedExamplesTests {
    static let executable = builtExecutable("seed-examples")

    @Test("list names every program of the seed, one a line, each runnable by that name")
    func list() throws {
        let (status, lines, _) = try run(["list"])
        #expect(status == 0)
        #expect(lines.count == 40)
        #expect(Set(lines).count == lines.count)
        for name in ["ipaddress_networks", "socket_gethostbyname", "socket_echo_server_uds", "select_poll_echo_server"] {
            #expect(lines.contains(name))
        }
        #expect(try run(["socket_getprotobyname", "tcp"]).lines == [" tcp ->  6 (socket.IPPROTO_TCP  =  6)"])
    }

    @Test("socket_echo_server and socket_echo_client exchange the seed's message, 16 bytes at a time")
    func tcpEchoPair() throws {
        let server = try ChildProcess(Self.executable, ["socket_echo_server", "--port", "0", "--requests", "1", "--lifetime", "30"])
        let first = try #require(readLine(from: server.output), "the server printed nothing")
        let port = try #require(first.split(separator: " ").last.flatMap { UInt16($0) }, "no port in \(first)")
        #expect(first == "starting up on localhost port \(port)")

        let (status, client, _) = try run(["socket_echo_client", "--port", String(port)])
        #expect(status == 0)
        let chunks = ["received b'This is the mess'", "received b'age.  It will be'", "received b' repeated.'"]
        #expect(client == ["connecting to localhost port \(port)", "sending b'This is the message.  It will be repeated.'"]
            + chunks + ["closing socket"])

        #expect(server.waitForExit() == 0)
        let lines = textLines(ChildProcess.readToEnd(server.output))
        let peer = try #require(lines.dropFirst().first.map { String($0.dropFirst("connection from ".count)) })
        #expect(peer.hasPrefix("('127.0.0.1', "))
        #expect(lines == ["waiting for a connection", "connection from \(peer)"]
            + chunks.flatMap { [$0, "sending data back to the client"] }
            + ["received b''", "no data from \(peer)", "waiting for a connection"])
    }

    @Test("a Unix-domain client with no server prints Python's error text and exits 1")
    func unixClientWithoutServer() throws {
        let (status, lines, _) = try run(["socket_echo_client_uds", "--path", "/nonexistent/uds_socket"])
        #expect(status == 1)
        #expect(lines == ["connecting to /nonexistent/uds_socket", "[Errno 2] No such file or directory"])
    }

    @Test("--help at the root and for a program prints the usage and exits 0", arguments: [["--help"], ["socket_echo_server", "--help"]])
    func help(arguments: [String]) throws {
        let (status, lines, errors) = try run(arguments)
        #expect(status == 0, "\(errors)")
        #expect(lines.contains { $0.hasPrefix("USAGE: seed-examples") })
    }

    @Test("a bad argument is one line on standard error and status 64")
    func usageError() throws {
        let (status, lines, errors) = try run(["socket_echo_server", "--port", "x"])
        #expect(status == 64 && lines.isEmpty)
        #expect(errors.count == 1 && errors[0].hasPrefix("seed-examples: ") && errors[0].hasSuffix("(see seed-examples --help)"))
    }

    /// Runs `seed-examples` to completion: its status and its standard output and error, as lines.
    private func run(_ arguments: [String]) throws -> (status: Int32, lines: [String], errors: [String]) {
        let run = try ChildProcess.run(Self.executable, arguments)
        return (run.status, textLines(run.output), textLines(run.errors))
    }
}
