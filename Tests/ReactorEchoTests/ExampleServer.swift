import Foundation
import Reactor
import Synchronization
import Testing

/// A `socketserver-examples` server run as a user runs it, on a port the kernel picks: the port
/// comes from the `listening tcp 127.0.0.1:N` line it prints when ready (lines before it are skipped).
final class ExampleServer {
    static let executable = builtExecutable("socketserver-examples")
    let process: ChildProcess
    let port: UInt16
    private let announcedOnOutput: Bool

    /// Starts `socketserver-examples` with `arguments` plus `--port 0`; `announcedOn` is the
    /// descriptor the server prints its listening line on (standard output unless said otherwise);
    /// `limitedTo` bytes, the largest file it may write (`prlimit --fsize`), if given; `environment`,
    /// `NAME=value` settings added to its environment.
    init(
        _ arguments: [String], announcedOn stream: KeyPath<ChildProcess, Int32> = \.output, limitedTo fileSize: Int? = nil,
        environment: [String] = []
    ) throws {
        announcedOnOutput = stream == \.output
        let command = [Self.executable] + arguments + ["--port", "0"]
        let limited = fileSize.map { ["/usr/bin/prlimit", "--fsize=\($0)", "--"] + command } ?? command
        let wrapped = environment.isEmpty ? limited : ["/usr/bin/env"] + environment + limited
        process = try ChildProcess(wrapped[0], Array(wrapped.dropFirst()))
        var announced: UInt16?
        var before: [String] = []
        while announced == nil, let line = readLine(from: process[keyPath: stream]) {
            announced = line.wholeMatch(of: /listening tcp 127\.0\.0\.1:(\d+)/).flatMap { UInt16($0.1) }
            if announced == nil { before.append(line) }
        }
        printedBefore = before
        port = try #require(announced, "\(arguments) printed no listening line")
        // Read on: a server blocks when its output is a full pipe that nobody reads.
        collectedOutput = Collected(process.output)
        collectedErrors = Collected(process.errors)
    }

    /// What the server printed before its listening line, on the stream that carries it.
    private let printedBefore: [String]
    private var collectedOutput: Collected!
    private var collectedErrors: Collected!

    deinit {
        if process.isRunning { kill(process.pid, SIGKILL) }
        _ = process.waitForExit()
        // The readers end at the child's end-of-file, before `process` closes the descriptors.
        collectedOutput.wait()
        collectedErrors.wait()
    }

    /// The lines the server printed on standard output, but its listening line (all of them once
    /// it has exited).
    var printed: [String] { (announcedOnOutput ? printedBefore : []) + collectedOutput.lines }

    /// The lines the server printed on standard error, but its listening line.
    var printedErrors: [String] { (announcedOnOutput ? [] : printedBefore) + collectedErrors.lines }

    /// A client connection to the server, with a 10 s timeout on every call.
    func connect() throws -> Socket {
        let socket = try Socket(family: .ipv4, type: .stream)
        socket.timeout = .seconds(10)
        try socket.connect(to: SocketAddress(host: "127.0.0.1", port: port))
        return socket
    }

    /// The server's threads now (from /proc).
    var threadCount: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.pid)/task").count) ?? 0
    }

    /// Waits (up to 10 s) until the server runs at most `count` threads: its request threads have ended.
    func waitForThreads(atMost count: Int) {
        let deadline = ContinuousClock.now + .seconds(10)
        while threadCount > count, ContinuousClock.now < deadline { usleep(10_000) }
    }

    /// Sends `signal` and waits for the exit status (the shell's 128 + N for a signal); a server
    /// still running 10 s later is killed, and the status is -1.
    func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        kill(process.pid, signal)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { usleep(10_000) }
        guard process.isRunning else { return process.waitForExit() }
        kill(process.pid, SIGKILL)
        _ = process.waitForExit()
        return -1
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

/// What a child prints on one descriptor, read on a thread of its own until end-of-file.
private final class Collected: Sendable {
    private let data = Mutex(Data())
    private let done = DispatchSemaphore(value: 0)

    init(_ descriptor: Int32) {
        Thread { [self] in
            while true {
                let chunk = ChildProcess.read(descriptor, timeout: .seconds(3600))
                if chunk.isEmpty { break }
                data.withLock { $0 += chunk }
            }
            done.signal()
        }.start()
    }

    var lines: [String] { textLines(data.withLock { $0 }) }

    /// Waits until the descriptor has reached end-of-file.
    func wait() {
        done.wait()
        done.signal()
    }
}
