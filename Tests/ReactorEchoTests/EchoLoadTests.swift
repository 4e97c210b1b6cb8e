import CommandLineSupport
import Foundation
import Synchronization
import Reactor
import Testing

@Suite("reactor-echo under load", .timeLimit(.minutes(3)))
struct EchoLoadTests {
    init() { raiseDescriptorLimit() }

    @Test("1,000 concurrent TCP clients each get their own bytes back", arguments: EchoMode.allCases)
    func thousandClients(mode: EchoMode) throws {
        let server = try EchoProcess(mode.arguments + ["--port", "0", "--quiet"])
        let address = try server.address()
        let before = server.openDescriptorCount
        let selector = try Selector()
        defer { selector.close() }
        var done = 0
        var wrong = 0
        var clients: [Socket] = []
        for index in 0..<1000 {
            let socket = try Socket(family: .ipv4, type: .stream)
            socket.isBlocking = false
            _ = try socket.connect(to: address)
            clients.append(socket)
            let message = Array("client \(index) says hello".utf8)
            var received: [UInt8] = []
            try selector.register(socket, events: .write) { _, events in
                if events.contains(.write) {
                    try? socket.finishConnect()
                    guard (try? socket.send(message)) == message.count else { wrong += 1; return }
                    _ = try? selector.modify(socket, events: .read)
                    return
                }
                guard let bytes = try? socket.receive(maxCount: 4096) else { return }
                received += bytes
                if received.count >= message.count || bytes.isEmpty {
                    if received != message { wrong += 1 }
                    done += 1
                    socket.close()
                }
            }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while done < 1000, ContinuousClock.now < deadline { _ = try selector.select(timeout: .milliseconds(100)).map { $0.key.callback($0.key, $0.events) } }
        #expect(done == 1000)
        #expect(wrong == 0)
        #expect(server.eventually { server.openDescriptorCount == before })
    }

    @Test("10,000 connect/echo/close cycles leave the server's descriptor count where it started", arguments: EchoMode.allCases)
    func churnLeavesNoDescriptors(mode: EchoMode) throws {
        let server = try EchoProcess(mode.arguments + ["--port", "0", "--quiet"])
        let address = try server.address()
        let before = server.openDescriptorCount
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for cycle in 0..<2500 {
                do {
                    let client = try Socket(family: .ipv4, type: .stream)
                    client.timeout = .seconds(10)
                    try client.connect(to: address)
                    let message = Array("worker \(worker) cycle \(cycle)".utf8)
                    try client.sendAll(message)
                    var echoed: [UInt8] = []
                    while echoed.count < message.count, let bytes = try client.receive(maxCount: 256), !bytes.isEmpty {
                        echoed += bytes
                    }
                    if echoed != message { failures.withLock { $0 += 1 } }
                    client.close()
                } catch {
                    failures.withLock { $0 += 1 }
                }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(server.eventually { server.openDescriptorCount == before })
        #expect(server.openDescriptorCount == before)
    }

    @Test("a 100 MiB stream through one connection comes back byte for byte", arguments: EchoMode.allCases)
    func hundredMebibytes(mode: EchoMode) throws {
        let server = try EchoProcess(mode.arguments + ["--port", "0", "--quiet"])
        let check = try StreamCheck(connectingTo: try server.address(), total: 100 << 20)
        try check.run()
        #expect(check.received == 100 << 20)
        #expect(check.firstMismatch == nil)
    }

    @Test("a peer that sends 50 MiB without reading is paused; the server's memory stays bounded; all is echoed after", arguments: EchoMode.allCases)
    func nonReadingPeerIsBounded(mode: EchoMode) throws {
        let server = try EchoProcess(mode.arguments + ["--port", "0", "--quiet"])
        let check = try StreamCheck(connectingTo: try server.address(), total: 50 << 20)
        usleep(100_000)
        let before = server.residentKiB
        try check.run(reading: false)
        let grown = server.residentKiB - before
        #expect(check.sent < 50 << 20, "the server kept reading from a peer that does not read")
        #expect(grown < 8 << 10, "server RSS grew by \(grown) KiB")
        try check.run()
        #expect(check.received == 50 << 20)
        #expect(check.firstMismatch == nil)
    }

    @Test("a peer that half-closes still gets every byte echoed, then end-of-file", arguments: EchoMode.allCases)
    func halfClose(mode: EchoMode) throws {
        let server = try EchoProcess(mode.arguments + ["--port", "0", "--quiet"])
        let check = try StreamCheck(connectingTo: try server.address(), total: 8 << 20)
        check.halfCloseWhenSent = true
        try check.run()
        #expect(check.received == 8 << 20)
        #expect(check.firstMismatch == nil)
        var buffer = [UInt8](repeating: 0, count: 16)
        check.socket.timeout = .seconds(10)
        var span = buffer.mutableSpan
        #expect(try check.socket.receive(into: &span) == 0)
    }

    @Test("peers that reset mid-stream do not disturb the server or leak descriptors", arguments: EchoMode.allCases)
    func resets(mode: EchoMode) throws {
        let server = try EchoProcess(mode.arguments + ["--port", "0", "--quiet"])
        let address = try server.address()
        let before = server.openDescriptorCount
        for _ in 0..<50 {
            let client = try Socket(family: .ipv4, type: .stream)
            try client.connect(to: address)
            try client.sendAll([UInt8](repeating: 0xAB, count: 1 << 20))
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(client.fileDescriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            client.close()
        }
        #expect(server.eventually { server.openDescriptorCount == before })
        let check = try StreamCheck(connectingTo: address, total: 1 << 20)
        try check.run()
        #expect(check.received == 1 << 20)
        #expect(check.firstMismatch == nil)
    }

    @Test("out of descriptors, the server pauses accepting and serves the waiting clients once some close", arguments: EchoMode.allCases)
    func outOfDescriptors(mode: EchoMode) throws {
        let server = try EchoProcess(mode.arguments + ["--port", "0", "--quiet"], wrapper: ["/usr/bin/prlimit", "--nofile=40:40", "--"])
        let address = try server.address()
        var clients: [Socket] = []
        for index in 0..<60 {
            let client = try Socket(family: .ipv4, type: .stream)
            client.timeout = .milliseconds(300)
            try client.connect(to: address)
            try client.sendAll("client \(index)")
            clients.append(client)
        }
        var served: [Int] = []
        for (index, client) in clients.enumerated() where (try? client.receive(maxCount: 64)) == Array("client \(index)".utf8) {
            served.append(index)
        }
        #expect(served.count > 0)
        #expect(served.count < 60)
        // Each client served and closed frees a descriptor for one still waiting in the backlog.
        for index in served { clients[index].close() }
        for (index, client) in clients.enumerated() where !served.contains(index) {
            client.timeout = .seconds(10)
            #expect(try client.receive(maxCount: 64) == Array("client \(index)".utf8))
            client.close()
        }
        #expect(server.isRunning)
        #expect(server.stop() == 0)
        #expect(server.standardError().contains("accept: Too many open files (errno 24); pausing accepts for 0.1 seconds"))
    }
}
