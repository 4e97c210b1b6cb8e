import Foundation
import Testing

/// `socketserver-examples`' PyMOTW programs print what Python 3 prints (seed 004, where seed 003's
/// Python 2 programs disagree): bytes as `b'...'`, threads named `Thread-N (target)`, and the traced
/// echo's log on standard error with Python's hook names.
@Suite("socketserver-examples output", .timeLimit(.minutes(1)))
struct SocketServerExamplesTests {
    static let executable = builtExecutable("socketserver-examples")

    @Test("socketserver_echo_simple and socketserver_threaded print Python 3's bytes and thread names")
    func simpleAndThreaded() throws {
        let simple = try ChildProcess.run(Self.executable, ["socketserver_echo_simple"])
        #expect(simple.status == 0)
        #expect(textLines(simple.output) == ["Sending : b'Hello, world'", "Received: b'Hello, world'"])
        let threaded = try ChildProcess.run(Self.executable, ["socketserver_threaded"])
        #expect(threaded.status == 0)
        #expect(textLines(threaded.output) == [
            "Server loop running in thread: Thread-1 (serve_forever)", "Sending : b'Hello, world'",
            "Received: b'Thread-2 (process_request_thread): Hello, world'",
        ])
    }

    @Test("socketserver_echo logs to standard error, each hook under its Python name, in Python's order")
    func tracedEcho() throws {
        let run = try ChildProcess.run(Self.executable, ["socketserver_echo"])
        #expect(run.status == 0)
        #expect(run.output.isEmpty)
        let lines = textLines(run.errors)
        // The serving thread's lines, in order (the client's thread interleaves its own).
        let mainThread: Set = ["EchoServer: __init__", "EchoServer: server_activate", "EchoServer: shutdown()"]
        let serving = lines.filter { ($0.hasPrefix("EchoServer: ") || $0.hasPrefix("EchoRequestHandler: ")) && !mainThread.contains($0) }
            .map { $0.replacing(/\(<socket.*/, with: "(...)") }
        #expect(serving == [
            "EchoServer: waiting for request", "EchoServer: Handling requests, press <Ctrl-C> to quit",
            "EchoServer: verify_request(...)", "EchoServer: process_request(...)", "EchoServer: finish_request(...)",
            "EchoRequestHandler: __init__", "EchoRequestHandler: setup", "EchoRequestHandler: handle",
            "EchoRequestHandler: recv()->\"b'Hello, world'\"", "EchoRequestHandler: finish", "EchoServer: close_request(...)",
        ])
        #expect(Array(lines.prefix(2)) == ["EchoServer: __init__", "EchoServer: server_activate"])
        #expect(lines.contains("EchoServer: shutdown()"))
        #expect(lines.contains("client: sending data: b'Hello, world'"))
        #expect(lines.contains("client: response from server: b'Hello, world'"))
        #expect(lines.last == "client: done")
        #expect(lines.contains { $0.wholeMatch(of: /EchoServer: verify_request\(<socket.socket fd=\d+, family=2, type=1, proto=0, laddr=\('127.0.0.1', \d+\), raddr=\('127.0.0.1', \d+\)>, \('127.0.0.1', \d+\)\)/) != nil })
    }
}
