import ArgumentParser
import ConsoleOutput
import Glibc
import SocketServer

enum FtpCommand: String, ExpressibleByArgument, CaseIterable {
    case put, get
}

/// A client for the seed's put/get protocol (the seed has none): works with `ftp_server` and with
/// the seed's own server.
struct FtpClient: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftp_client",
        abstract: "Puts a file on the seed's put/get server (or ftp_server), or gets one.",
        discussion: """
            ftp_client put FILE [NAME]: uploads FILE, stored as NAME (default: FILE's last path component).
            ftp_client get NAME DEST: downloads NAME into the file DEST (written beside it, then renamed).
            A failure is one line on standard error and status 1.
            """)

    @Option(help: "Server address: numeric IPv4 or IPv6, or a host name.")
    var host = "127.0.0.1"

    @Option(help: "Server port (the seed's: 8885).")
    var port: UInt16 = 8885

    @Argument(help: "put or get.")
    var command: FtpCommand

    @Argument(help: "put: FILE [NAME]; get: NAME DEST.")
    var operands: [String] = []

    func validate() throws {
        switch command {
        case .put where !(1...2).contains(operands.count): throw ValidationError("put takes FILE and an optional NAME")
        case .get where operands.count != 2: throw ValidationError("get takes NAME and DEST")
        default: break
        }
    }

    func run() throws {
        let subject = "\(command) \(operands[0])"
        do {
            switch command {
            case .put: try put(operands[0], as: operands.count > 1 ? operands[1] : String(operands[0].split(separator: "/").last ?? ""))
            case .get: try get(operands[0], into: operands[1])
            }
        } catch {
            throw ExampleFailure(message: "ftp_client: \(subject): \(error)")
        }
    }

    private func connect() throws -> (Socket, RequestReader) {
        let socket = try Socket.makeConnection(host: host, port: port, timeout: .seconds(30))
        return (socket, RequestReader(socket: socket))
    }

    /// The server's answer: what one read brings, as the seed's server sends it; `NO|REASON` throws REASON.
    private func answer(_ reader: RequestReader) throws -> String {
        let bytes = try reader.readAvailable()
        guard !bytes.isEmpty else { throw FtpError("the server closed the connection") }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("NO|") { throw FtpError(String(text.dropFirst(3))) }
        return text
    }

    private func put(_ path: String, as name: String) throws {
        _ = try FtpRoot.components(of: name)  // a name the protocol cannot carry is refused here
        // Non-blocking, so that a FIFO given as FILE is refused rather than waited on.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FtpError(systemMessage(errno)) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { throw FtpError("not a regular file") }
        let size = Int(status.st_size)
        let (socket, reader) = try connect()
        defer { socket.close() }
        try socket.sendAll("put|\(name)|\(size)")
        let ready = try answer(reader)
        guard ready == "OK" else { throw FtpError("unexpected answer \(escaped(ready))") }
        var left = size
        while left > 0 {
            let bytes = try FileIO.read(fd, min(65536, left))
            guard !bytes.isEmpty else { throw FtpError("the file shrank while it was sent") }
            try socket.sendAll(bytes)
            left -= bytes.count
        }
        // The protocol has no answer to an upload: the end of the connection after ours says it
        // was stored; ftp_server says NO|REASON first when it was not.
        try socket.shutdown(.write)
        let after = try reader.readToEnd()
        if !after.isEmpty {
            let text = String(decoding: after, as: UTF8.self)
            throw FtpError(text.hasPrefix("NO|") ? String(text.dropFirst(3)) : "unexpected answer \(escaped(text))")
        }
        Console.line("put \(path): \(size) bytes stored as \(name)")
    }

    private func get(_ name: String, into destination: String) throws {
        let (socket, reader) = try connect()
        defer { socket.close() }
        try socket.sendAll("get|\(name)|0")
        let found: String
        do { found = try answer(reader) } catch let error as FtpError where error.description == "0" {
            throw FtpError("no such file: \(name)")
        }
        guard found.hasPrefix("YES|"), let size = Int(found.dropFirst(4)) else { throw FtpError("unexpected answer \(escaped(found))") }
        // Written beside the destination, created exclusively and never through a link, and renamed
        // when complete: no partial file is left, and a link planted there cannot redirect it.
        let temporary = "\(destination).part-\(getpid())"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FtpError("\(temporary): \(systemMessage(errno))") }
        var complete = false
        defer {
            close(fd)
            if !complete { unlink(temporary) }
        }
        try socket.sendAll(FtpReply.secondActive)
        var received = 0
        while received < size {
            let bytes = try reader.read(min(65536, size - received))
            guard !bytes.isEmpty else { throw FtpError("the connection ended after \(received) of \(size) bytes") }
            try FileIO.write(fd, bytes)
            received += bytes.count
        }
        guard rename(temporary, destination) == 0 else { throw FtpError("\(destination): \(systemMessage(errno))") }
        complete = true
        Console.line("get \(name): \(size) bytes written to \(destination)")
    }
}
