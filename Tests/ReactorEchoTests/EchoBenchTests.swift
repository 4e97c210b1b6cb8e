import Foundation
import Reactor
import Testing

/// Runs the built `echo-bench` with `arguments` to completion; returns status, stdout, stderr.
func runBench(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let run = try ChildProcess.run(builtExecutable("echo-bench"), arguments)
    return (run.status, String(decoding: run.output, as: UTF8.self), String(decoding: run.errors, as: UTF8.self))
}

/// The JSON object `echo-bench --json` printed.
func benchResult(_ output: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(output.utf8))
    return try #require(object as? [String: Any])
}

@Suite("echo-bench against reactor-echo", .timeLimit(.minutes(2)))
struct EchoBenchTests {
    @Test("every transport and mode echoes byte-verified, with nothing left over", arguments: [
        ["--connections", "10", "--depth", "4"],
        ["--connections", "4", "--depth", "2", "--size", "100000", "--threads", "2"],
        ["--connections", "4", "--churn"],
    ])
    func streamLoads(flags: [String]) throws {
        let folder = try temporaryDirectory()
        let server = try EchoProcess(["--port", "0", "--unix", "\(folder)/s.sock", "--quiet"], expectedListeners: 2)
        for target in [["--tcp", try #require(server.listening["tcp"])], ["--unix", "\(folder)/s.sock"]] {
            let run = try runBench(target + flags + ["--duration", "0.5", "--warmup", "0.1", "--json"])
            #expect(run.status == 0, "\(run.errors)")
            let result = try benchResult(run.output)
            #expect(result["ok"] as? Bool == true)
            #expect((result["messages"] as? Int ?? 0) > 0)
            #expect(result["errors"] as? Int == 0)
            #expect(result["mismatches"] as? Int == 0)
            #expect(result["undrained"] as? Int == 0)
        }
    }

    @Test("UDP datagrams come back whole and are counted")
    func datagrams() throws {
        let server = try EchoProcess(["--port", "0", "--udp", "0", "--quiet"], expectedListeners: 2)
        let run = try runBench([
            "--udp", try #require(server.listening["udp"]), "--connections", "4", "--depth", "4", "--size", "512",
            "--duration", "0.5", "--warmup", "0.1", "--json",
        ])
        #expect(run.status == 0, "\(run.errors)")
        let result = try benchResult(run.output)
        #expect(result["mismatches"] as? Int == 0)
        #expect((result["messages"] as? Int ?? 0) > 0)
    }

    @Test("--loops 2 serves two load threads on both loops without errors", arguments: EchoMode.allCases)
    func twoLoops(mode: EchoMode) throws {
        let server = try EchoProcess(mode.arguments + ["--port", "0", "--loops", "2", "--quiet"])
        let run = try runBench([
            "--tcp", try #require(server.listening["tcp"]), "--connections", "20", "--threads", "2",
            "--duration", "0.5", "--warmup", "0.1", "--json",
        ])
        #expect(run.status == 0, "\(run.errors)")
        #expect(try benchResult(run.output)["ok"] as? Bool == true)
        // Both loop threads did work: the process has (at least) two threads with CPU time.
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(server.pid)/task")
        let busy = try tasks.filter { task in
            let stat = try String(contentsOfFile: "/proc/\(server.pid)/task/\(task)/stat", encoding: .utf8)
            let fields = stat.split(separator: ")").last!.split(separator: " ")
            return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0) > 0  // utime + stime
        }
        #expect(busy.count >= 2)
    }

    @Test("a server that changes a byte is caught: mismatch counted, exit status 1")
    func catchesMismatch() throws {
        let listener = try Socket(family: .ipv4, type: .stream)
        try listener.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        try listener.listen()
        let address = try listener.localAddress
        let descriptor = listener.detach()  // a Socket is not Sendable: hand the thread its descriptor
        let corrupter = Thread {
            guard let listener = try? Socket(adopting: descriptor) else { return }
            defer { listener.close() }
            // echo-bench first opens and closes one probe connection, then connects for the load.
            for _ in 0..<2 {
                guard let (connection, _) = try? listener.accept() else { return }
                var seen = 0
                while let bytes = try? connection.receive(maxCount: 65536), !bytes.isEmpty {
                    var reply = bytes
                    if seen <= 1000, seen + reply.count > 1000 { reply[1000 - seen] ^= 0xFF }
                    seen += bytes.count
                    try? connection.sendAll(reply)
                }
                connection.close()
            }
        }
        corrupter.start()
        let run = try runBench(["--tcp", "\(address)", "--duration", "0.5", "--warmup", "0", "--json"])
        #expect(run.status == 1)
        let result = try benchResult(run.output)
        #expect(result["mismatches"] as? Int == 1)
        #expect(result["ok"] as? Bool == false)
        #expect(run.errors.contains("echoed bytes differ from those sent, at stream offset"))
    }

    @Test("nonsense flags are refused with one line and status 64", arguments: [
        (["--tcp", "127.0.0.1"], "--tcp wants HOST:PORT"),
        (["--tcp", "127.0.0.1:1", "--depth", "0"], "--depth must be at least 1"),
        (["--tcp", "127.0.0.1:1", "--churn", "--depth", "4"], "--churn sends one message per connection"),
        (["--udp", "127.0.0.1:1", "--size", "8"], "--size must be 16...65507 bytes for UDP"),
        (["--tcp", "127.0.0.1:1", "--udp", "127.0.0.1:1"], "give only one of --tcp, --unix and --udp"),
        (["--unix", ""], "--unix needs a path"),
        ([], "name a server with --tcp"),
        (["--tcp", "127.0.0.1:1", "--threads", "2"], "--threads (2) must not exceed --connections (1)"),
        (["--tcp", "127.0.0.1:1", "--bogus"], "Unknown option '--bogus'"),
    ])
    func refusesNonsense(arguments: [String], message: String) throws {
        let run = try runBench(arguments)
        #expect(run.status == 64)
        #expect(run.errors.hasPrefix("echo-bench: "))
        #expect(run.errors.contains(message))
        #expect(run.errors.split(separator: "\n").count == 1)
        #expect(run.output.isEmpty)
    }

    @Test("--help prints the usage and exits 0, for echo-bench and reactor-echo")
    func help() throws {
        let bench = try runBench(["--help"])
        #expect(bench.status == 0)
        #expect(bench.output.contains("USAGE: echo-bench"))
        #expect(bench.output.contains("--connections"))
        let echo = try runEcho(["--help"])
        #expect(echo.status == 0)
        #expect(echo.standardError.isEmpty)
    }

    @Test("a server that is not there is one line and status 1")
    func refusedConnection() throws {
        let probe = try Socket(family: .ipv4, type: .stream)
        try probe.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        let address = try probe.localAddress  // bound, never listening: connections are refused
        let run = try runBench(["--tcp", "\(address)", "--duration", "0.2"])
        #expect(run.status == 1)
        #expect(run.errors == "echo-bench: connect \(address): Connection refused (errno 111)\n")
        probe.close()
    }
}
