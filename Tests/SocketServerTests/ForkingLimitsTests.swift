import Glibc
import SocketServer
import Testing

// Issue 16, items 7 and 8, for the forking model (item 4, reaping without a pidfd, is tested on
// menu_server under prlimit: ForkingWithoutPidfdTests). Each case forks, so each runs in its own
// process (see ForkingTests.swift) and drives the server from the client's thread.
@Suite("Forking model: request deadline, bounded close", .timeLimit(.minutes(1)))
struct ForkingLimitsTests {
    @Test("requestTimeout kills a child past its deadline; the client sees end-of-file and the child is reaped")
    func requestTimeout() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                let server = try ForkingTCPServer(address: loopback, handler: EchoLinesHandler.self)
                server.requestTimeout = .milliseconds(200)
                let client = try connect(to: server.serverAddress)
                try client.sendAll("one\n")
                server.handleRequest()
                try check(try receiveLine(client) == "one\n", "the child did not echo \"one\"")
                // The client stays connected and silent; the loop runs until the child is gone.
                try check(eventually { server.loop.runOnce(timeout: .milliseconds(50)); return server.activeChildren.isEmpty }, "the child past its deadline was not killed and reaped within 10 s")
                try check(try receiveAll(client) == [], "the client did not see end-of-file once the child was killed")
                server.serverClose()
                try check(zombieChildren() == 0, "zombie children were left after serverClose()")
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
                try check(server.activeChildren.count == 2, "two clients did not make two children")
                try check(try finishesWithoutClients([idle, trickling]) { server.serverClose() }, "serverClose() did not end before the clients did")
                try check(server.activeChildren.isEmpty && zombieChildren() == 0, "children or zombies were left after serverClose()")
                try check(try receiveAll(idle) == [], "the idle client got bytes instead of end-of-file")
                stop.set()
                sender.join()
            }
        }
    }
}
