import Foundation
import Reactor
import Testing

/// A running `reactor-echo`, built next to this test binary, with the addresses it printed.
final class EchoProcess {
    let child: ChildProcess
    private var outputSoFar = Data()
    /// The `listening ...` lines, keyed by transport (`tcp`, `udp`, `unix`, `unix-dgram`).
    private(set) var listening: [String: String] = [:]

    /// The executable, from the same build folder as the tests (also under a sanitizer's scratch path).
    static var executable: String { builtExecutable("reactor-echo") }

    /// Starts the server with `arguments` (under `wrapper`, e.g. `prlimit`, if given) and waits for
    /// `expectedListeners` lines; `outputBufferSize` as for ``ChildProcess``.
    init(_ arguments: [String], wrapper: [String] = [], expectedListeners: Int = 1, outputBufferSize: Int32? = nil) throws {
        child = wrapper.isEmpty
            ? try ChildProcess(Self.executable, arguments, outputBufferSize: outputBufferSize)
            : try ChildProcess(
                wrapper[0], Array(wrapper.dropFirst()) + [Self.executable] + arguments, outputBufferSize: outputBufferSize)
        let deadline = ContinuousClock.now + .seconds(30)
        while listening.count < expectedListeners {
            let chunk = ChildProcess.read(child.output, timeout: .seconds(1))
            if chunk.isEmpty {
                try #require(child.isRunning && ContinuousClock.now < deadline, "reactor-echo did not start: \(standardError())")
                continue
            }
            outputSoFar += chunk
            for line in String(decoding: outputSoFar, as: UTF8.self).split(separator: "\n") where line.hasPrefix("listening ") {
                let parts = line.split(separator: " ")
                listening[String(parts[1])] = String(parts[2])
            }
        }
    }

    deinit {
        guard child.isRunning else { return }
        kill(pid, SIGTERM)
        if !eventually(.seconds(10), { !child.isRunning }) { kill(pid, SIGKILL) }
        _ = child.waitForExit()
    }

    /// The address printed for `transport`, as a `SocketAddress`.
    func address(_ transport: String = "tcp") throws -> SocketAddress {
        let text = try #require(listening[transport])
        if transport.hasPrefix("unix") { return try SocketAddress(unixPath: text) }
        let colon = try #require(text.lastIndex(of: ":"))
        return try SocketAddress(host: String(text[..<colon]), port: try #require(UInt16(text[text.index(after: colon)...])))
    }

    var pid: Int32 { child.pid }

    /// Whether the server is still running.
    var isRunning: Bool { child.isRunning }

    /// The number of descriptors the server has open.
    var openDescriptorCount: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
    }

    /// The server's resident memory, in KiB.
    var residentKiB: Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }

    /// Sends `signal` and waits for the exit status (128 + a signal that killed it).
    func stop(with signal: Int32 = SIGTERM) -> Int32 {
        kill(pid, signal)
        return child.waitForExit()
    }

    /// Everything the server wrote to standard output (call after it exited).
    func remainingOutput() -> Data {
        outputSoFar + ChildProcess.readToEnd(child.output)
    }

    /// What the server wrote to standard error (call after it exited).
    func standardError() -> String {
        String(decoding: ChildProcess.readToEnd(child.errors), as: UTF8.self)
    }

    /// Waits up to `timeout` for `condition`.
    func eventually(_ timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }
}

/// An executable of this package, from the same build folder as the tests (also under a sanitizer's
/// scratch path).
func builtExecutable(_ name: String) -> String {
    var folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    while folder.path != "/", !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
        folder = folder.deletingLastPathComponent()
    }
    return folder.appendingPathComponent(name).path
}

/// Runs `reactor-echo` to completion with `arguments` and returns its exit status and standard error.
func runEcho(_ arguments: [String]) throws -> (status: Int32, standardError: String) {
    let run = try ChildProcess.run(EchoProcess.executable, arguments)
    return (run.status, String(decoding: run.errors, as: UTF8.self))
}

/// A fresh temporary directory for Unix socket paths (short, to fit sun_path).
func temporaryDirectory() throws -> String {
    var template = Array("/tmp/re-XXXXXX".utf8CString)
    let path = try #require(mkdtemp(&template), "mkdtemp")
    return String(cString: path)
}

/// A pseudo-random byte pattern with a period longer than any read, doubled so that every window
/// of up to `period` bytes starting at any offset is contiguous: `window(at:count:)` is a slice.
struct Pattern {
    static let period = 70_001
    let bytes: [UInt8] = {
        var state: UInt32 = 0x9E37_79B9
        let one = (0..<period).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            return UInt8(truncatingIfNeeded: state)
        }
        return one + one
    }()

    /// The `count` bytes of the endless pattern starting at stream offset `offset`.
    func window(at offset: Int, count: Int) -> ArraySlice<UInt8> {
        let start = offset % Self.period
        return bytes[start..<(start + count)]
    }
}
