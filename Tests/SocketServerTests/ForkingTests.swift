import Glibc
@testable import SocketServer
import Testing

/// Replies with its process id.
final class PidHandler: StreamRequestHandler {
    override func handle() throws {
        _ = try rfile.readLine()
        try wfile.write("\(getpid())\n")
    }
}

/// Children of this process that are zombies (exited, not reaped).
func zombieChildren() -> Int {
    guard let directory = opendir("/proc") else { return -1 }
    defer { closedir(directory) }
    let me = getpid()
    var zombies = 0
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        guard Int32(name) != nil, let file = fopen("/proc/\(name)/stat", "r") else { continue }
        var line = [CChar](repeating: 0, count: 512)
        fgets(&line, 512, file)
        fclose(file)
        // "pid (comm) S ppid ...": the fields after the last ')'.
        let text = line.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard let close = text.lastIndex(of: ")") else { continue }
        let fields = text[text.index(after: close)...].split(separator: " ")
        if fields.count > 1, fields[0] == "Z", Int32(fields[1]) == me { zombies += 1 }
    }
    return zombies
}

@Suite("Forking model", .timeLimit(.minutes(1)))
struct ForkingTests {
    @Test("each request runs in its own child; 50 requests leave no zombie")
    func noZombies() async {
        // Process-wide (zombies, children): in an exit test's own process.
        await #expect(processExitsWith: .success) {
            exitAfter {
                let server = try ForkingTCPServer(address: loopback, handler: PidHandler.self)
                let thread = try ServerThread.start { server.serveForever() }
                var pids: Set<String> = []
                for _ in 0..<50 {
                    let client = try connect(to: server.serverAddress)
                    try client.sendAll("pid?\n")
                    pids.insert(try receiveLine(client))
                    client.close()
                }
                guard pids.count == 50, !pids.contains("\(getpid())\n") else { return 2 }
                // The pidfd watchers reap each child as it exits, while serveForever runs.
                guard eventually(.seconds(10), { zombieChildren() == 0 }) else { return 3 }
                server.shutdown()
                thread.join()
                server.serverClose()
                return server.activeChildren.isEmpty && zombieChildren() == 0 ? 0 : 4
            }
        }
    }

    @Test("maxChildren bounds the children alive at once; the other clients wait and are served")
    func maxChildren() throws {
        final class Server: TCPServer, @unchecked Sendable {
            var mostChildren = 0
            override func processRequest(_ request: Request, clientAddress: SocketAddress) throws {
                try super.processRequest(request, clientAddress: clientAddress)
                mostChildren = max(mostChildren, activeChildren.count)
            }
        }
        final class Slow: StreamRequestHandler {
            override func handle() throws {
                usleep(150_000)
                try wfile.write("done\n")
            }
        }
        let server = try Server(address: loopback, handler: Slow.self, model: .forking, bindAndActivate: false)
        server.maxChildren = 2
        server.requestQueueSize = 16
        try server.serverBind()
        try server.serverActivate()
        let clock = ContinuousClock()
        let took = try clock.measure {
            try serving(server) { server in
                let clients = try (0..<6).map { _ in try connect(to: server.serverAddress) }
                for client in clients { #expect(try receiveLine(client) == "done\n") }
            }
        }
        #expect(server.mostChildren == 2)
        #expect(took >= .milliseconds(450))  // three rounds of two
    }

    @Test("serverClose() with blockOnClose waits for the children; without, it does not")
    func blockOnClose() throws {
        final class Slow: StreamRequestHandler {
            override func handle() throws { usleep(300_000) }
        }
        for block in [true, false] {
            let server = try ForkingTCPServer(address: loopback, handler: Slow.self)
            server.blockOnClose = block
            let client = try connect(to: server.serverAddress)
            server.handleRequest()
            #expect(server.activeChildren.count == 1)
            let clock = ContinuousClock()
            let took = clock.measure { server.serverClose() }
            if block {
                #expect(took >= .milliseconds(200))
                #expect(server.activeChildren.isEmpty)
            } else {
                #expect(took < .milliseconds(100))
                #expect(server.activeChildren.count == 1)
                server.collectChildren(blocking: true)  // reap it before the test ends
            }
            client.close()
        }
    }

    @Test("a forked child does not keep the listening port: it is free once the server closes")
    func childReleasesListener() async {
        // In its own process: children forked by tests running in parallel would inherit the
        // listener too (as they would in Python).
        await #expect(processExitsWith: .success) {
            final class Slow: StreamRequestHandler {
                override func handle() throws { usleep(300_000) }
            }
            exitAfter {
                // SO_REUSEADDR on both: the accepted connection still uses the port (and inherits
                // the listener's flag); only another listener on the port would refuse the bind.
                let server = try ForkingTCPServer(address: loopback, handler: Slow.self, bindAndActivate: false)
                server.allowReuseAddress = true
                try server.serverBind()
                try server.serverActivate()
                server.blockOnClose = false
                let address = server.serverAddress
                let client = try connect(to: address)
                server.handleRequest()
                usleep(100_000)  // the child has started (and closed its copy of the listener)
                server.serverClose()  // the child is still running its 300 ms handler
                let again = try TCPServer(address: address, handler: StreamRequestHandler.self, bindAndActivate: false)
                again.allowReuseAddress = true
                try again.serverBind()
                try again.serverActivate()
                again.serverClose()
                server.collectChildren(blocking: true)
                client.close()
                return 0
            }
        }
    }
}
