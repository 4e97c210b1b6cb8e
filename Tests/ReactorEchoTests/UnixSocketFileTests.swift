import Foundation
import Reactor
import ReactorEcho
import Testing

/// An echo server removes its Unix socket files when it closes only while they are still the files
/// it bound: another server may have bound the path since.
@Suite("Unix socket files of the echo servers", .timeLimit(.minutes(1)))
struct UnixSocketFileTests {
    @Test("closing the echo server leaves the socket file another process has bound at its path since")
    func closeLeavesAnotherProcessFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/echo.sock"
        var configuration = EchoConfiguration()
        configuration.port = 0
        configuration.unixPath = path
        let server = try EchoServer(configuration: configuration)
        // The path is taken over: its file removed, and another reactor-echo binds a new one there.
        unlink(path)
        let other = try EchoProcess(["--port", "0", "--unix", path], expectedListeners: 2)
        server.close()
        let client = try Socket(family: .unix, type: .stream)
        defer { client.close() }
        client.timeout = .seconds(10)
        try client.connect(to: try other.address("unix"))
        try client.sendAll("still there\n")
        #expect(try client.receive(maxCount: 64) == Array("still there\n".utf8))
    }

    @Test("closing the echo server removes the socket file it bound")
    func closeRemovesOwnFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/echo.sock"
        var configuration = EchoConfiguration()
        configuration.port = 0
        configuration.unixPath = path
        let server = try EchoServer(configuration: configuration)
        #expect(FileManager.default.fileExists(atPath: path))
        server.close()
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
