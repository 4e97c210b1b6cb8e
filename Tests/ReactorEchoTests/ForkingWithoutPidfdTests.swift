import Foundation
import Reactor
import Testing

/// Issue 16, item 4: a forking server that cannot open a pidfd for its children (EMFILE) left them
/// zombies, counted against `maxChildren` (40) until it stopped accepting. `menu_server --model
/// forking` started with descriptors for its listener, its loop's two, the main dispatch queue's
/// eventfd (its loop runs on the main thread) and one connection, and none to spare for a pidfd.
@Suite("Forking without pidfds", .timeLimit(.minutes(2)))
struct ForkingWithoutPidfdTests {
    @Test("children whose pidfd cannot be opened are still reaped: 45 clients in turn, with maxChildren 40")
    func reapedWithoutPidfds() throws {
        let server = try ChildProcess(
            builtExecutable("socketserver-examples"), ["menu_server", "--port", "0", "--model", "forking"], freeDescriptors: 5)
        defer {
            kill(server.pid, SIGTERM)
            _ = server.waitForExit()
        }
        let line = String(decoding: ChildProcess.read(server.output, timeout: .seconds(30)), as: UTF8.self)
        let port = try #require(line.split(separator: ":").last.flatMap { UInt16($0.trimmingCharacters(in: .whitespacesAndNewlines)) },
                                "no port in \(line)")
        let address = try SocketAddress(host: "127.0.0.1", port: port)
        for round in 0..<45 {
            let client = try Socket(family: .ipv4, type: .stream)
            client.timeout = .seconds(10)  // the 41st client waited forever before
            try client.connect(to: address)
            let welcome = try #require(try client.receive(maxCount: 100), "round \(round)")
            #expect(!welcome.isEmpty, "round \(round)")
            try client.sendAll("exit\n")
            while let rest = try client.receive(maxCount: 100), !rest.isEmpty {}
        }
        // None of them is left a zombie.
        #expect(eventuallyTrue { zombies(of: server.pid) == 0 })
    }
}

/// Waits up to 10 s for `condition`.
private func eventuallyTrue(_ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// The children of `parent` that are zombies (exited, not reaped).
private func zombies(of parent: Int32) -> Int {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 && fields[0] == "Z" && Int32(fields[1]) == parent
    }.count
}
