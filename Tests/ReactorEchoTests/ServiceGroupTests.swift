import Foundation
import Reactor
import Testing

/// Reads a line from `socket` (up to and including "\n", or what is left at end-of-file).
private func line(_ socket: Socket) throws -> String {
    var bytes: [UInt8] = []
    while bytes.last != 10, let chunk = try socket.receive(maxCount: 1), !chunk.isEmpty { bytes += chunk }
    return String(decoding: bytes, as: UTF8.self)
}

/// Whether connections to `address` are refused within a few seconds.
private func refused(_ address: SocketAddress) -> Bool {
    for _ in 0..<300 {
        guard let probe = try? Socket(family: .ipv4, type: .stream) else { return false }
        if (try? probe.connect(to: address)) == nil { return true }
        probe.close()
        usleep(10_000)
    }
    return false
}

private func address(_ text: Substring) throws -> SocketAddress {
    let colon = try #require(text.lastIndex(of: ":"))
    return try SocketAddress(host: String(text[..<colon]), port: try #require(UInt16(text[text.index(after: colon)...])))
}

@Suite("A ServiceGroup of two servers (issue 15)", .timeLimit(.minutes(1)))
struct ServiceGroupTests {
    @Test("SIGTERM: each server stops accepting and drains what is in progress, then the process exits 0")
    func sigtermDrainsBoth() async throws {
        try await offPool {
            // Under AddressSanitizer, LeakSanitizer counts what the async main task still holds at exit
            // (its `print` lines' strings) as leaked and fails the exit; the exit status is what is tested.
            let process = try ChildProcess("/usr/bin/env", ["ASAN_OPTIONS=detect_leaks=0", builtExecutable("example-service-group")])
            var output = ""
            while output.split(separator: "\n").count < 2 {
                let chunk = ChildProcess.read(process.output, timeout: .seconds(30))
                try #require(!chunk.isEmpty, "example-service-group did not start")
                output += String(decoding: chunk, as: UTF8.self)
            }
            let lines = output.split(separator: "\n")
            try #require(lines[0].hasPrefix("listening shout ") && lines[1].hasPrefix("listening tcp "), "\(lines)")
            let shoutAddress = try address(lines[0].split(separator: " ")[2])
            let echoAddress = try address(lines[1].split(separator: " ")[2])

            let shout = try Socket(family: .ipv4, type: .stream)
            shout.timeout = .seconds(10)
            try shout.connect(to: shoutAddress)
            let echo = try Socket(family: .ipv4, type: .stream)
            echo.timeout = .seconds(10)
            try echo.connect(to: echoAddress)
            try shout.sendAll("first\n")
            #expect(try line(shout) == "FIRST\n")
            try echo.sendAll("ping")
            #expect(try echo.receive(maxCount: 100) == Array("ping".utf8))

            kill(process.pid, SIGTERM)
            // The group shuts its services down one at a time, the last first: the echo server drains
            // first. It refuses new clients and goes on echoing for the open connection.
            #expect(refused(echoAddress))
            try echo.sendAll("during the drain")
            #expect(try echo.receive(maxCount: 100) == Array("during the drain".utf8))
            // Then the threading server's turn comes while a request of 200 ms is running there: it is
            // finished and answered before the server closes.
            try shout.sendAll("second\n")
            usleep(50_000)
            echo.close()
            #expect(try line(shout) == "SECOND\n")
            #expect(refused(shoutAddress))
            try shout.shutdown(.write)  // the handler's next read sees end-of-file: the request ends
            #expect(try shout.receive(maxCount: 10) == [])
            #expect(process.waitForExit() == 0)
            output += String(decoding: ChildProcess.readToEnd(process.output), as: UTF8.self)
            #expect(output.hasSuffix("stopped\n"))
        }
    }
}
