import Foundation
import Reactor
import Testing

/// A `socketserver-examples` server run as a user runs it, on a port the kernel picks: the port
/// comes from the `listening tcp 127.0.0.1:N` line it prints when ready.
final class ExampleServer {
    static let executable = builtExecutable("socketserver-examples")
    let process: ChildProcess
    let port: UInt16

    /// Starts `socketserver-examples` with `arguments` plus `--port 0`; `announcedOn` is the
    /// descriptor the server prints its listening line on (standard output unless said otherwise).
    init(_ arguments: [String], announcedOn stream: KeyPath<ChildProcess, Int32> = \.output) throws {
        process = try ChildProcess(Self.executable, arguments + ["--port", "0"])
        let line = try #require(readLine(from: process[keyPath: stream]), "\(arguments) printed no line")
        port = try #require(line.wholeMatch(of: /listening tcp 127\.0\.0\.1:(\d+)/).flatMap { UInt16($0.1) }, "\(line)")
    }

    /// A client connection to the server, with a 10 s timeout on every call.
    func connect() throws -> Socket {
        let socket = try Socket(family: .ipv4, type: .stream)
        socket.timeout = .seconds(10)
        try socket.connect(to: SocketAddress(host: "127.0.0.1", port: port))
        return socket
    }

    /// Sends `signal` and waits for the exit status (the shell's 128 + N for a signal).
    func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        kill(process.pid, signal)
        return process.waitForExit()
    }
}

/// Reads one line from `fd`, waiting up to 10 s for each byte; nil at end-of-file or on timeout.
func readLine(from fd: Int32) -> String? {
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    while poll(&poller, 1, 10_000) > 0, read(fd, &byte, 1) == 1 {
        if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
        bytes.append(byte)
    }
    return nil
}

extension Socket {
    /// Receives until `count` bytes have come or the peer closes: what came.
    func receive(exactly count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < count, let chunk = try receive(maxCount: count - bytes.count), !chunk.isEmpty { bytes += chunk }
        return bytes
    }

    /// Receives until the peer closes.
    func receiveToEnd() throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try receive(maxCount: 65536), !chunk.isEmpty { bytes += chunk }
        return bytes
    }
}
