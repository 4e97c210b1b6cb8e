import Foundation
import Reactor
import Testing

/// Issue 16, item 5: started with one or two descriptors to spare, every binary used to spin at
/// 100 % CPU writing libev's "error creating signal/async pipe" forever. Each must exit 1 (echo-bench
/// 71, its status for a lack of resources) with one line on standard error.
@Suite("The executables short of descriptors at start-up", .timeLimit(.minutes(2)))
struct DescriptorShortageTests {
    @Test("each binary exits 1 with one line when the loop cannot get its descriptors", arguments: [1, 2])
    func exitsWithOneLine(free: Int) throws {
        // A listener for echo-bench to connect to (it connects before its loops start); never accepts.
        let target = try Socket(family: .ipv4, type: .stream)
        try target.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        try target.listen(backlog: 16)
        let commands = [
            ("reactor-echo", ["--port", "0"]),
            ("echo-bench", ["--tcp", try target.localAddress.description, "--duration", "1", "--warmup", "0"]),
            ("seed-examples", ["selectors_echo_server", "--port", "0"]),
            ("socketserver-examples", ["menu_server", "--port", "0", "--model", "reactor"]),
        ]
        for (name, arguments) in commands {
            let child = try ChildProcess(builtExecutable(name), arguments, freeDescriptors: free)
            var exited = false
            for _ in 0..<3000 where !exited {
                exited = !child.isRunning
                if !exited { usleep(10_000) }
            }
            if !exited { kill(child.pid, SIGKILL) }
            #expect(exited, "\(name) with \(free) free: still running after 30 s")
            let status = child.waitForExit()
            let errors = String(decoding: ChildProcess.readToEnd(child.errors).prefix(4096), as: UTF8.self)
            let lines = errors.split(separator: "\n")
            // echo-bench tells a lack of resources (EX_OSERR, 71) from an unreachable server.
            #expect(status == (name == "echo-bench" ? 71 : 1), "\(name) with \(free) free: status \(status), \(errors)")
            // seed-examples prints a failure as Python does, its exception's line: `Exception: ...`.
            let prefix = name == "seed-examples" ? "Exception: " : name
            #expect(lines.count == 1 && lines[0].hasPrefix(prefix), "\(name) with \(free) free: \(errors)")
        }
    }
}
