import Foundation
import Reactor
import Testing

/// The README's complete programs: each is an executable target of the package (so the build
/// compiles it), the README shows it byte for byte, and here it runs.
@Suite("README examples", .timeLimit(.minutes(1)))
struct ReadmeExamplesTests {
    /// The package's root folder, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("each program marked in the README is the example target's source, byte for byte", arguments: [
        "Examples/AsyncEcho/main.swift", "Examples/MainThreadLoop/main.swift", "Examples/ServiceGroup/main.swift",
    ])
    func readmeShowsTheCompiledSource(path: String) throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        let marker = "<!-- compiled: \(path) -->\n```swift\n"
        let start = try #require(readme.range(of: marker), "the README has no block marked \(marker)")
        let end = try #require(readme.range(of: "```\n", range: start.upperBound..<readme.endIndex))
        #expect(String(readme[start.upperBound..<end.lowerBound]) == source)
    }

    @Test("the async echo server echoes, and Ctrl-C stops it with status 0")
    func asyncEcho() throws {
        let probe = try Socket(family: .ipv4, type: .stream)
        try probe.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        let port = try #require(try probe.localAddress.port)
        probe.close()
        // Under AddressSanitizer, LeakSanitizer counts what the async main task still holds when the
        // program exits (its `print` line's string) as leaked; the example's exit is what is tested.
        let server = try ChildProcess(
            "/usr/bin/env", ["ASAN_OPTIONS=detect_leaks=0", builtExecutable("example-async-echo"), "\(port)"])
        let address = try SocketAddress(host: "127.0.0.1", port: port)
        var connected: Socket?
        for _ in 0..<500 where connected == nil {
            let client = try Socket(family: .ipv4, type: .stream)
            if (try? client.connect(to: address)) != nil { connected = client } else { usleep(10_000) }
        }
        let client = try #require(connected, "the example did not listen on \(port)")
        client.timeout = .seconds(10)
        try client.sendAll("hello, async")
        #expect(try client.receive(maxCount: 100).map { String(decoding: $0, as: UTF8.self) } == "hello, async")
        let idle = try Socket(family: .ipv4, type: .stream)
        try idle.connect(to: address)
        kill(server.pid, SIGINT)
        #expect(server.waitForExit() == 0)
        // Both connections were closed by the server as it stopped.
        #expect(try client.receive(maxCount: 100) == [])
        idle.timeout = .seconds(10)
        #expect(try idle.receive(maxCount: 100) == [])
        let output = String(decoding: ChildProcess.readToEnd(server.output), as: UTF8.self)
        #expect(output == "listening tcp 127.0.0.1:\(port)\n")
    }

    @Test("a loop run on the main thread runs a main-actor task, and an actor on the loop's executor")
    func mainThreadLoop() throws {
        let run = try ChildProcess.run(builtExecutable("example-main-thread-loop"), [])
        #expect(run.status == 0)
        #expect(String(decoding: run.output, as: UTF8.self) == """
            count 1, on the loop's thread: true
            count 2, on the loop's thread: true
            count 3, on the loop's thread: true
            stopped

            """)
    }
}
