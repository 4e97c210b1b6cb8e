import Foundation
import Glibc
import Logging
import ReactorEcho
import ReactorServiceLifecycle
import ServiceLifecycle
@testable import SocketServer
import Testing

/// Reads a line and answers it in capitals after 300 ms: a request still running when the
/// shutdown comes.
final class SlowShout: StreamRequestHandler {
    override func handle() throws {
        while case let line = try rfile.readLine(), !line.isEmpty {
            usleep(300_000)
            _ = try wfile.write(String(decoding: line, as: UTF8.self).uppercased())
        }
    }
}

/// Blocks on its connection until the peer closes it.
final class Idle: StreamRequestHandler {
    override func handle() throws { _ = try rfile.readToEnd() }
}

/// Runs a group of `services` in a task, and hands `body` a function that asks for a graceful
/// shutdown (from any thread, without waiting) and the task, whose value is when the group's
/// `run()` returned; cancels the task afterwards if `body` left it running.
///
/// The group runs on a loop thread of its own (`EventLoopThread`, as its task executor; its child
/// tasks and the group's actor follow the preference): the test suites that block threads of Swift
/// concurrency's pool in blocking socket calls would otherwise starve it.
func withRunningGroup(
    _ services: [any Service],
    _ body: (_ shutDown: @escaping @Sendable () -> Void, Task<ContinuousClock.Instant, any Error>) async throws -> Void
) async throws {
    let thread = try EventLoopThread(name: "service-group")
    let executor = thread.handle.executor
    let group = ServiceGroup(configuration: .init(services: services, logger: Logger(label: "test")))
    // The end is taken on the loop thread: the test's own task may wait for a pool thread a while.
    let task = Task(executorPreference: executor) { () async throws -> ContinuousClock.Instant in
        try await group.run()
        return ContinuousClock.now
    }
    defer { task.cancel() }
    try await body({ Task(executorPreference: executor) { await group.triggerGracefulShutdown() } }, task)
    await thread.shutdown()
}

/// Whether a connection to `address` is refused, within a few seconds.
func refusesConnections(_ address: SocketAddress) -> Bool {
    for _ in 0..<300 {
        let probe = try? Socket(family: address.family ?? .ipv4, type: .stream)
        if (try? probe?.connect(to: address)) == nil { return true }
        probe?.close()
        usleep(10_000)
    }
    return false
}

/// An echo service on a free port, and its TCP address.
func echoService(style: EchoServerService.Style, drainTimeout: Duration) throws -> (EchoServerService, SocketAddress) {
    var configuration = EchoConfiguration()
    configuration.port = 0
    configuration.drainTimeout = drainTimeout
    let echo = try EchoServerService(configuration: configuration, style: style)
    return (echo, try #require(echo.listeners.first).address)
}

@Suite("Service lifecycle (issue 15)", .timeLimit(.minutes(1)))
struct ServiceLifecycleTests {
    @Test("graceful shutdown stops accepting, lets the request in progress finish, then closes the server", arguments: [
        ProcessingModel.synchronous, .threading,
    ])
    func blockingModelsDrain(model: ProcessingModel) async throws {
        let server = try TCPServer(address: loopback, handler: SlowShout.self, model: model)
        let address = server.serverAddress
        try await withRunningGroup([SocketServerService(server)]) { shutDown, task in
            try await offPool {
                let client = try connect(to: address)
                try client.sendAll("hello\n")
                usleep(100_000)  // the handler is in its 300 ms of work
                shutDown()
                #expect(try receiveLine(client) == "HELLO\n")
                client.close()
            }
            _ = try await task.value
        }
        #expect(!server.socket.isOpen)
        #expect(refusesConnections(address))
    }

    @Test("graceful shutdown of a reactor server: accepting stops, connections end once their output is sent")
    func reactorDrains() async throws {
        let server = try TCPServer(address: loopback, handler: CountedEcho.self)
        let address = server.serverAddress
        try await withRunningGroup([SocketServerService(server)]) { shutDown, task in
            try await offPool {
                let client = try connect(to: address)
                try client.sendAll("ping")
                #expect(try client.receive(maxCount: 100) == Array("ping".utf8))
                shutDown()
                #expect(try receiveAll(client) == [])  // the server ended the connection
            }
            _ = try await task.value
        }
        #expect(refusesConnections(address))
        #expect(server.statistics.closed == 1)
    }

    @Test("graceful shutdown of an .async server: the task answering its request finishes, then the server closes")
    func asyncDrains() async throws {
        let server = try TCPServer(address: loopback, handler: SlowReplyHandler.self)
        let address = server.serverAddress
        try await withRunningGroup([SocketServerService(server)]) { shutDown, task in
            try await offPool {
                let client = try connect(to: address)
                try client.sendAll("hello")
                usleep(100_000)  // the handler is in its 200 ms of thought
                shutDown()
                #expect(try receiveAll(client) == Array("hello".utf8))
            }
            _ = try await task.value
        }
        #expect(!server.socket.isOpen)
        #expect(refusesConnections(address))
    }

    @Test("a request that outlasts drainTimeout is ended at the deadline, and the service returns")
    func drainDeadline() async throws {
        let server = try TCPServer(address: loopback, handler: Idle.self, model: .threading)
        server.drainTimeout = .milliseconds(300)
        let address = server.serverAddress
        let clock = ContinuousClock()
        try await withRunningGroup([SocketServerService(server)]) { shutDown, task in
            let start = try await offPool {
                let client = try connect(to: address)
                #expect(eventually { server.requestThreadCount == 1 })
                let start = clock.now
                shutDown()
                // drainTimeout, then the connection is shut down and the thread ends at once.
                #expect(try client.receive(maxCount: 10) == [])
                return start
            }
            let end = try await task.value
            #expect(end - start < .seconds(3))
        }
    }

    @Test("the forking model drains too: the child serving the request finishes, then the server closes")
    func forkingDrains() async {
        await #expect(processExitsWith: .success) {
            let clock = ContinuousClock()
            let start = clock.now
            let server = try TCPServer(address: loopback, handler: SlowShout.self, model: .forking)
            let address = server.serverAddress
            try await withRunningGroup([SocketServerService(server)]) { shutDown, task in
                let client = try connect(to: address)
                try client.sendAll("child\n")
                try await Task.sleep(for: .milliseconds(100))
                shutDown()
                guard try receiveLine(client) == "CHILD\n" else { failExitTest("the child did not answer \"CHILD\" while shutting down") }
                // shutdown, not close: the child holds a copy of this descriptor (it was forked
                // from this process), and only a shutdown ends the connection for it too.
                try client.shutdown(.write)
                _ = try await task.value
            }
            guard server.activeChildren.isEmpty, !server.socket.isOpen else {
                failExitTest("children \(server.activeChildren) or the socket were left after the service ended")
            }
            guard clock.now - start < .seconds(4) else {  // not the 5 s drain deadline
                failExitTest("the service took \(clock.now - start) to end, as long as the drain deadline")
            }
            exit(0)
        }
    }

    @Test("the echo service drains: accepting stops, open connections are still echoed until their peers close", arguments: [
        EchoServerService.Style.callbacks, .tasks,
    ])
    func echoDrains(style: EchoServerService.Style) async throws {
        let (echo, address) = try echoService(style: style, drainTimeout: .seconds(20))
        let clock = ContinuousClock()
        try await withRunningGroup([echo]) { shutDown, task in
            let closed = try await offPool {
                let client = try connect(to: address)
                try client.sendAll("before")
                #expect(try client.receive(maxCount: 100) == Array("before".utf8))
                shutDown()
                #expect(refusesConnections(address))
                try client.sendAll("during")
                #expect(try client.receive(maxCount: 100) == Array("during".utf8))
                client.close()
                return clock.now
            }
            let end = try await task.value
            #expect(end - closed < .seconds(5), "the drain ended when the last peer closed, not at its deadline")
        }
    }

    @Test("the echo service closes the connections still open at the drain deadline", arguments: [
        EchoServerService.Style.callbacks, .tasks,
    ])
    func echoDrainDeadline(style: EchoServerService.Style) async throws {
        let (echo, address) = try echoService(style: style, drainTimeout: .milliseconds(300))
        try await withRunningGroup([echo]) { shutDown, task in
            try await offPool {
                let client = try connect(to: address)
                try client.sendAll("x")
                #expect(try client.receive(maxCount: 10) == Array("x".utf8))
                shutDown()
                #expect(try client.receive(maxCount: 10) == [])  // closed at the deadline
            }
            _ = try await task.value
        }
    }
}
