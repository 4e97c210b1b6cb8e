import Foundation
import Reactor
import Testing

/// The seed's put/get protocol from the client's side, on one connection: what the tests send to
/// `ftp_server`, byte for byte.
struct FtpTestClient {
    let socket: Socket

    init(port: UInt16) throws {
        socket = try Socket(family: .ipv4, type: .stream)
        socket.timeout = .seconds(10)
        try socket.connect(to: SocketAddress(host: "127.0.0.1", port: port))
    }

    /// One answer: what one read brings.
    func answer() throws -> String {
        String(decoding: try socket.receive(maxCount: 1024) ?? [], as: UTF8.self)
    }

    /// `get|NAME|0`, then `second_active` and the bytes if the answer is `YES|SIZE`; the answer otherwise.
    func get(_ name: String) throws -> (answer: String, bytes: [UInt8]) {
        try socket.sendAll("get|\(name)|0")
        let answer = try answer()
        guard answer.hasPrefix("YES|"), let size = Int(answer.dropFirst(4)) else { return (answer, []) }
        try socket.sendAll("second_active")
        return (answer, try socket.receive(exactly: size))
    }

    /// `put|NAME|SIZE`, the bytes after `OK`, then a half-close: the answer (`OK`, or `NO|REASON`
    /// for a refusal before the bytes), and what came before the server closed (empty: stored).
    /// The connection is used up.
    func put(_ name: String, _ bytes: [UInt8]) throws -> (answer: String, after: String) {
        try socket.sendAll("put|\(name)|\(bytes.count)")
        let answer = try answer()
        guard answer == "OK" else { return (answer, "") }
        try socket.sendAll(bytes)
        try socket.shutdown(.write)
        return (answer, String(decoding: try socket.receiveToEnd(), as: UTF8.self))
    }
}

/// A root directory for `ftp_server` and a directory outside it, fresh for each test.
struct FtpDirectories {
    let root: String
    let outside: String

    init() throws {
        let base = try temporaryDirectory()
        root = base + "/root"
        outside = base + "/outside"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: false)
    }

    func write(_ path: String, _ text: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    func names(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }
}
