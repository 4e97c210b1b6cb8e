import Glibc
@testable import SocketServer
import Testing

// Issue 16, items 4, 7 and 8, for the forking model. Each case forks, so each runs in its own
// process (see ForkingTests.swift) and drives the server from the client's thread.
@Suite("Forking model: reaping without a pidfd, request deadline, bounded close", .timeLimit(.minutes(1)))
struct ForkingLimitsTests {
    @Test("children forked while no pidfd can be opened (EMFILE) are still reaped, so maxChildren frees up")
    func reapedWithoutPidfd() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                let server = try ForkingTCPServer(address: loopback, handler: PidHandler.self)
                server.maxChildren = 1
                server.timeout = .seconds(10)  // a request that never comes is a failure, not a hang
                // Room for the client and the accepted connection, none for the pidfd.
                var limit = leaveFree(2)
                for round in 0..<3 {
                    let client = try connect(to: server.serverAddress)
                    try client.sendAll("pid?\n")
                    server.handleRequest()  // from the second round on, only once the previous child is reaped
                    try check(server.childWatchers.isEmpty, 10 + Int32(round))  // no pidfd could be had
                    try check(try receiveLine(client).hasSuffix("\n"), 20 + Int32(round))
                    client.close()
                }
                setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
                server.serverClose()
                try check(server.activeChildren.isEmpty && zombieChildren() == 0, 30)
                return 0
            }
        }
    }

    @Test("requestTimeout kills a child past its deadline; the client sees end-of-file and the child is reaped")
    func requestTimeout() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                let server = try ForkingTCPServer(address: loopback, handler: EchoLinesHandler.self)
                server.requestTimeout = .milliseconds(200)
                let client = try connect(to: server.serverAddress)
                try client.sendAll("one\n")
                server.handleRequest()
                try check(try receiveLine(client) == "one\n", 2)
                // The client stays connected and silent; the loop runs until the child is gone.
                try check(eventually { server.loop.runOnce(timeout: .milliseconds(50)); return server.activeChildren.isEmpty }, 3)
                try check(try receiveAll(client) == [], 4)
                server.serverClose()
                return zombieChildren() == 0 ? 0 : 5
            }
        }
    }

    @Test("serverClose() ends in bounded time with an idle and a trickling client: drain, then SIGKILL")
    func boundedClose() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                let server = try ForkingTCPServer(address: loopback, handler: EchoLinesHandler.self)
                server.drainTimeout = .milliseconds(300)
                let idle = try connect(to: server.serverAddress)
                server.handleRequest()
                let trickling = try connect(to: server.serverAddress)
                let stop = Flag()
                let sender = try trickle(trickling, until: stop)
                server.handleRequest()
                try check(server.activeChildren.count == 2, 2)
                try check(try finishesWithoutClients([idle, trickling]) { server.serverClose() }, 3)
                try check(server.activeChildren.isEmpty && zombieChildren() == 0, 4)
                try check(try receiveAll(idle) == [], 5)
                stop.set()
                sender.join()
                return 0
            }
        }
    }
}
