import Foundation
import Reactor
import Testing

/// Streams `total` bytes of ``Pattern`` through one echo connection on a Selector and verifies
/// every byte that comes back, in order. Non-blocking, one thread: it writes when writable and
/// reads when readable (or, with `reading` off, only writes, like a peer that never reads).
final class StreamCheck {
    let socket: Socket
    let total: Int
    private let pattern = Pattern()
    private var buffer = [UInt8](repeating: 0, count: 65536)
    private(set) var sent = 0
    private(set) var received = 0
    private(set) var firstMismatch: Int?
    private(set) var sawEndOfFile = false
    /// Shut the write side down once everything is sent (the server must still echo it all).
    var halfCloseWhenSent = false

    init(connectingTo address: SocketAddress, total: Int) throws {
        socket = try Socket(family: address.family!, type: .stream)
        try socket.connect(to: address)
        socket.isBlocking = false
        self.total = total
    }

    /// Runs `selector` until everything sent has come back (or EOF, or `timeout`). With
    /// `reading: false`, writes until the server stops taking bytes for `stall`, then returns.
    func run(reading: Bool = true, stall: Duration = .milliseconds(500), timeout: Duration = .seconds(120)) throws {
        let selector = try Selector()
        defer { selector.close() }
        var lastProgress = ContinuousClock.now
        let deadline = ContinuousClock.now + timeout
        try selector.register(socket, events: reading ? [.read, .write] : .write)
        while ContinuousClock.now < deadline {
            if reading, received == total || sawEndOfFile { return }
            if !reading, sent == total || ContinuousClock.now - lastProgress > stall { return }
            for (_, events) in try selector.select(timeout: .milliseconds(100)) {
                if events.contains(.write), sent < total, try write() { lastProgress = .now }
                if events.contains(.read) { try read() }
            }
            if sent == total, selector.key(for: socket)?.events.contains(.write) == true {
                if halfCloseWhenSent { try socket.shutdown(.write) }
                if reading { try selector.modify(socket, events: .read) } else { return }
            }
        }
    }

    private func write() throws -> Bool {
        let count = min(65536, total - sent)
        let start = sent % Pattern.period
        let written = try pattern.bytes.withUnsafeBufferPointer { bytes in
            try socket.send(UnsafeBufferPointer(rebasing: bytes[start..<(start + count)]).span)
        }
        guard let written else { return false }
        sent += written
        return written > 0
    }

    private func read() throws {
        let received = try buffer.withUnsafeMutableBufferPointer { bytes in
            var span = bytes.mutableSpan
            return try socket.receive(into: &span)
        }
        guard let count = received else { return }
        if count == 0 {
            sawEndOfFile = true
            return
        }
        let start = self.received % Pattern.period
        let same = buffer.withUnsafeBytes { got in
            pattern.bytes.withUnsafeBytes { want in memcmp(got.baseAddress!, want.baseAddress! + start, count) == 0 }
        }
        if !same, firstMismatch == nil { firstMismatch = self.received }
        self.received += count
    }
}
