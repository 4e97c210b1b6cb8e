import Foundation
import Reactor
import Testing

/// Issue 16, item 10: the connection log must never stop the loop, and SIGQUIT must not leave the
/// server running after the Swift runtime printed "Program crashed".
@Suite("reactor-echo logging and signals", .timeLimit(.minutes(2)))
struct EchoLoggingTests {
    @Test("with its connection log unread, reactor-echo keeps serving; the lines it could not write are counted")
    func unreadLogNeverStallsTheLoop() throws {
        // About 4.5 KiB of standard output fits before a write would block: some 50 log lines; the
        // log's queue holds 256 KiB more, some 4,000 connections' lines.
        let server = try EchoProcess(["--port", "0"], outputBufferSize: 4096)
        let address = try server.address()
        for round in 0..<6000 {
            let client = try Socket(family: .ipv4, type: .stream)
            client.timeout = .seconds(10)  // a stalled loop fails here instead of hanging
            try client.connect(to: address)
            try client.sendAll([UInt8(truncatingIfNeeded: round)])
            #expect(try client.receive(maxCount: 1) == [UInt8(truncatingIfNeeded: round)], "connection \(round)")
            client.close()
        }
        // Now read: the writer gets through, then says how many lines it had to drop.
        var log = ""
        let deadline = ContinuousClock.now + .seconds(20)
        while !log.contains("log lines dropped: the output was not read]"), ContinuousClock.now < deadline {
            log += String(decoding: ChildProcess.read(server.child.output, timeout: .seconds(1)), as: UTF8.self)
        }
        #expect(log.contains("log lines dropped: the output was not read]"))
        #expect(server.stop() == 0)
    }

    @Test("SIGQUIT stops it like SIGTERM: status 0, no crash report")
    func quit() throws {
        let server = try EchoProcess(["--port", "0", "--quiet"])
        kill(server.pid, SIGQUIT)
        #expect(server.eventually { !server.isRunning }, "still running 10 s after SIGQUIT")
        #expect(server.stop() == 0)  // SIGTERM, in case it still runs; the status of the first exit
        #expect(!server.standardError().contains("Program crashed"))
    }
}
