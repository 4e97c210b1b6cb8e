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

    @Test("a server that is not there is one line and status 69; with --json, one object with the error")
    func refusedConnection() throws {
        let probe = try Socket(family: .ipv4, type: .stream)
        try probe.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        let address = try probe.localAddress  // bound, never listening: connections are refused
        let run = try runBench(["--tcp", "\(address)", "--duration", "0.2"])
        #expect(run.status == 69)
        #expect(run.errors == "echo-bench: connect \(address): Connection refused (errno 111)\n")
        #expect(run.output == "echo-bench: tcp \(address), 1 connection x depth 1 x 64 B, 1 thread, 0.20 s after 1 s warm-up\n")
        let json = try runBench(["--tcp", "\(address)", "--duration", "0.2", "--json"])
        #expect(json.status == 69)
        let object = try benchResult(json.output)
        #expect(object["error"] as? String == "connect \(address): Connection refused (errno 111)")
        #expect(object["error_kind"] as? String == "unreachable")
        #expect(object["target"] as? String == "tcp \(address)")
        #expect(object["ok"] as? Bool == false)
        probe.close()
    }
}

@Suite("echo-bench's command line (issue 15)", .timeLimit(.minutes(2)))
struct EchoBenchCommandLineTests {
    @Test("--version prints the package's version and exits 0", arguments: ["echo-bench", "seed-examples", "socketserver-examples"])
    func version(tool: String) async throws {
        try await offPool {
            let run = try ChildProcess.run(builtExecutable(tool), ["--version"])
            #expect(run.status == 0)
            #expect(String(decoding: run.output, as: UTF8.self) == "\(ReactorPackage.version)\n")
        }
    }

    @Test("the header comes first; progress goes to standard error each second, the warm-up marked, unless --quiet")
    func headerAndProgress() async throws {
        try await offPool {
            let server = try EchoProcess(["--port", "0", "--quiet"])
            let target = try #require(server.listening["tcp"])
            let run = try runBench(["--tcp", target, "--duration", "1.6", "--warmup", "0.5"])
            #expect(run.status == 0, "\(run.errors)")
            let lines = run.output.split(separator: "\n")
            #expect(lines.first == "echo-bench: tcp \(target), 1 connection x depth 1 x 64 B, 1 thread, 1.60 s after 0.50 s warm-up")
            #expect(lines.count == 4)
            #expect(lines.dropFirst().first?.hasPrefix("messages/s: ") == true)
            let progress = run.errors.split(separator: "\n")
            #expect(progress.count >= 2, "\(run.errors)")
            #expect(progress.first?.wholeMatch(of: /1 s \(warm-up\): \d+ msg\/s, p99 \d+ us, errors 0/) != nil, "\(progress)")
            #expect(progress.last?.wholeMatch(of: /\d s: \d+ msg\/s, p99 \d+ us, errors 0/) != nil, "\(progress)")

            let quiet = try runBench(["--tcp", target, "--duration", "1.1", "--warmup", "0", "--quiet"])
            #expect(quiet.status == 0)
            #expect(quiet.errors.isEmpty)
        }
    }

    @Test("Ctrl-C prints what was measured so far and exits 130; --json says interrupted", arguments: [false, true])
    func interrupted(json: Bool) async throws {
        try await offPool {
            let server = try EchoProcess(["--port", "0", "--quiet"])
            let target = try #require(server.listening["tcp"])
            let bench = try ChildProcess(
                builtExecutable("echo-bench"), ["--tcp", target, "--duration", "60", "--warmup", "0.5", "--quiet"] + (json ? ["--json"] : []))
            usleep(1_500_000)
            kill(bench.pid, SIGINT)
            let output = String(decoding: ChildProcess.readToEnd(bench.output), as: UTF8.self)
            #expect(bench.waitForExit() == 130)
            if json {
                let result = try benchResult(output)
                #expect(result["interrupted"] as? Bool == true)
                #expect((result["messages"] as? Int ?? 0) > 0)
                #expect(result["ok"] as? Bool == true)  // every byte so far came back as sent
            } else {
                let lines = output.split(separator: "\n")
                #expect(lines.count == 5, "\(lines)")
                #expect(lines.dropFirst().first?.wholeMatch(of: /interrupted: \d\.\d\d s of 60 s measured/) != nil, "\(lines)")
                #expect(lines.dropFirst(2).first?.hasPrefix("messages/s: ") == true)
            }
        }
    }

    @Test("a host name that does not resolve is status 68, not a usage error; --json prints the error")
    func unresolvable() async throws {
        try await offPool {
            let run = try runBench(["--tcp", "nowhere.invalid:7", "--duration", "0.2"])
            #expect(run.status == 68)
            #expect(run.errors.hasPrefix("echo-bench: --tcp nowhere.invalid:7: "))
            #expect(run.errors.split(separator: "\n").count == 1)
            #expect(run.output.isEmpty)
            let json = try runBench(["--tcp", "nowhere.invalid:7", "--json"])
            #expect(json.status == 68)
            let object = try benchResult(json.output)
            #expect(object["error_kind"] as? String == "unresolvable")
            #expect(object["target"] as? String == "tcp nowhere.invalid:7")
        }
    }

    @Test("with --json, a usage error is also one JSON object on standard output (and one line on standard error)")
    func usageErrorAsJSON() async throws {
        try await offPool {
            let run = try runBench(["--tcp", "127.0.0.1:1", "--depth", "0", "--json"])
            #expect(run.status == 64)
            let object = try benchResult(run.output)
            #expect(object["error_kind"] as? String == "usage")
            #expect((object["error"] as? String)?.contains("--depth must be at least 1") == true)
            #expect(run.errors.split(separator: "\n").count == 1)
        }
    }

    @Test("a verification failure's JSON carries an error naming what failed")
    func verificationError() async throws {
        try await offPool {
            // A server that takes the connection (and echo-bench's probe before it) and closes it:
            // the messages in flight are an error.
            let listener = try Socket(family: .ipv4, type: .stream)
            try listener.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
            try listener.listen()
            let address = try listener.localAddress
            let descriptor = listener.detach()
            let closer = Thread {
                guard let listener = try? Socket(adopting: descriptor) else { return }
                for _ in 0..<2 { (try? listener.accept())?.0.close() }
                listener.close()
            }
            closer.start()
            let run = try runBench(["--tcp", "\(address)", "--duration", "0.3", "--warmup", "0", "--json", "--quiet"])
            #expect(run.status == 1)
            let object = try benchResult(run.output)
            #expect(object["error"] as? String == "1 error")
            #expect(object["ok"] as? Bool == false)
        }
    }
}
