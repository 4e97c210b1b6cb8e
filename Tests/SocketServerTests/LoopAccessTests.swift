import Glibc
import SocketServer
import Testing

/// `BaseServer` is `Sendable` and its loop is not: the loop is reachable from other threads only
/// through a check (debug builds, as the tests are), and `loopHandle` is the door for them.
@Suite("The server's loop across threads", .timeLimit(.minutes(1)))
struct LoopAccessTests {
    @Test("server.loop read from another thread while serveForever runs traps, naming it")
    func loopOffThreadTraps() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let server = try TCPServer(address: loopback, handler: ReactorEchoLineHandler.self)
            _ = try ServerThread.start { server.serveForever() }
            // An echoed line proves serveForever's loop runs, on the server's thread.
            let client = try connect(to: server.serverAddress)
            try client.sendAll("hello\n")
            guard try receiveLine(client) == "hello\n" else { exit(3) }
            for _ in 0..<2_000 { try server.loop.schedule(after: .seconds(1)) { _ in } }
            exit(0)
        }
        let output = String(decoding: try #require(result).standardErrorContent, as: UTF8.self)
        #expect(output.contains("Reactor: BaseServer.loop called off its loop's thread"), "\(output.prefix(400))")
    }

    @Test("loopHandle runs work on the serving loop from another thread; loop takes set-up before and clean-up after")
    func handleFromAnotherThread() async throws {
        let server = try TCPServer(address: loopback, handler: ReactorEchoLineHandler.self)
        let timer = try server.loop.schedule(after: .seconds(60)) { _ in }
        let thread = try ServerThread.start { server.serveForever() }
        let client = try connect(to: server.serverAddress)
        try client.sendAll("hello\n")
        #expect(try receiveLine(client) == "hello\n")
        let fired = try await server.loopHandle.submit { loop in
            try loop.schedule(after: .zero) { _ in }.isActive
        }
        #expect(fired)
        server.shutdown()
        thread.join()
        timer.cancel()
        server.serverClose()
    }
}
