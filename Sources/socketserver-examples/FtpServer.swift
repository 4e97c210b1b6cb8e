import ArgumentParser
import ConsoleOutput
import Glibc
import SocketServer

/// The server for `ftp_server`: its handlers find the root here.
final class FtpTCPServer: TCPServer, @unchecked Sendable {
    // Set before serving, read by handler threads.
    var root: FtpRoot!
}

/// One connection on its own thread (blocking file and socket I/O): requests one after another,
/// as the seed's server takes them, until the client closes.
final class FtpHandler: StreamRequestHandler {
    override var timeout: Duration? { .seconds(30) }

    private static let chunk = 65536
    /// Bytes read past the end of what the last request used: the start of the next one.
    private var pending: [UInt8] = []
    private var root: FtpRoot { (server as! FtpTCPServer).root }

    override func setup() throws {
        try super.setup()
        Console.line("from \(clientAddress.host ?? "") \(clientAddress.port ?? 0) connected")  // the seed's line
    }

    override func handle() throws {
        while let header = try readHeader() {
            pending = header.rest
            switch header.command {
            case "put": try receive(header.name, size: header.size)
            case "get": try send(header.name)
            default: return try refuse("unknown command \(escaped(header.command)) (put or get)")
            }
        }
    }

    /// The next request's header: what one read brings, as the seed's `recv(1024)` takes it (more
    /// reads only while the second `|` has not come); nil at end-of-file or after refusing garbage.
    private func readHeader() throws -> FtpHeader? {
        var bytes = pending.isEmpty ? try rfile.readAvailable() : pending
        pending = []
        while !bytes.isEmpty {
            do {
                if let header = try FtpHeader.parse(bytes) { return header }
            } catch {
                try refuse("\(error)")
                return nil
            }
            guard bytes.count < FtpHeader.maximumLength else {
                try refuse("bad request: no put|NAME|SIZE or get|NAME|0 in the first \(FtpHeader.maximumLength) bytes")
                return nil
            }
            let more = try rfile.readAvailable()
            if more.isEmpty { return nil }
            bytes += more
        }
        return nil
    }

    /// The next `count` bytes of data at most: what is pending first, then what the client sends.
    private func nextData(_ count: Int) throws -> [UInt8] {
        guard pending.isEmpty else {
            let bytes = Array(pending.prefix(count))
            pending.removeFirst(bytes.count)
            return bytes
        }
        return try rfile.read(count)
    }

    private func refuse(_ reason: String) throws {
        Console.line("refused: \(reason)")
        try wfile.write(FtpReply.refused(reason))
    }

    /// `put`: `OK`, then `size` bytes into a hidden file renamed over the name once complete. A name
    /// that is refused is answered `NO|REASON` before any byte comes; a write that fails (a full
    /// disk) is answered `NO|REASON` at once, and the rest of the bytes are read and dropped, so the
    /// client finishes sending and reads the answer.
    private func receive(_ name: String, size: UInt64) throws {
        let upload: FtpUpload
        do { upload = try root.startUpload(name) } catch { return try refuse("\(error)") }
        try wfile.write(FtpReply.ok)
        var left = size
        var failed = false
        while left > 0 {
            let bytes = try nextData(Int(min(UInt64(Self.chunk), left)))
            guard !bytes.isEmpty else {
                Console.line("\(escaped(name)): the client went away after \(size - left) of \(size) bytes; nothing stored")
                return upload.abandon()
            }
            left -= UInt64(bytes.count)
            guard !failed else { continue }
            do { try upload.write(bytes) } catch {
                failed = true
                upload.abandon()
                try refuse("\(escaped(name)): \(error)")
            }
        }
        guard !failed else { return }
        do { try upload.commit() } catch { return try refuse("\(error)") }
        Console.line("\(escaped(name))上传完毕!")  // the seed's line: "uploaded"
    }

    /// `get`: `YES|SIZE`, or `NO|0` for no such file (the seed's answer) or `NO|REASON` for a
    /// refusal; then, once the client sends `second_active`, the file's bytes. Anything else the
    /// client sends instead cancels the download and is taken as its next request.
    private func send(_ name: String) throws {
        let file: (descriptor: Int32, size: Int)
        do { file = try root.openForReading(name) } catch is FtpNoSuchFile {
            Console.line("no such file: \(escaped(name))")
            try wfile.write(FtpReply.missing)
            return
        } catch let error as FtpError {
            return try refuse(error.description)
        }
        defer { close(file.descriptor) }
        try wfile.write(FtpReply.found(size: file.size))
        var answer = pending
        pending = []
        while answer.count < FtpReply.secondActive.count, FtpReply.secondActive.starts(with: answer) {
            let more = try rfile.readAvailable()
            if more.isEmpty { return }
            answer += more
        }
        guard answer.starts(with: FtpReply.secondActive) else {
            pending = answer
            return
        }
        pending = Array(answer.dropFirst(FtpReply.secondActive.count))
        var left = file.size
        while left > 0 {
            let bytes = try FileIO.read(file.descriptor, min(Self.chunk, left))
            // The file shrank: the client would wait for bytes that never come; end the connection.
            guard !bytes.isEmpty else { throw FtpError("\(escaped(name)) shrank while it was sent") }
            try wfile.write(bytes)
            left -= bytes.count
        }
        Console.line("\(escaped(name)): 文件下载完毕!")  // the seed's line: "download complete"
    }
}

struct FtpServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftp_server",
        abstract: "The seed's put/get server: serves the files under --root; clients put and get them by name.",
        discussion: """
            Speaks the seed's protocol (put|NAME|SIZE, get|NAME|0, second_active). Prints \
            `listening tcp HOST:PORT` when ready; SIGINT, SIGTERM or SIGHUP stops it with status 0 once \
            the transfers in progress have finished.
            """)

    @Option(help: "Address to listen on: numeric IPv4 or IPv6, or a host name (its first IPv4 address).")
    var host = "127.0.0.1"

    @Option(help: "TCP port (the seed's: 8885); 0 picks a free one.")
    var port: UInt16 = 8885

    @Option(help: "The directory served.")
    var root: String

    func run() throws {
        // A file-size limit (ulimit -f) then fails the write with EFBIG, which the client is told,
        // instead of killing the server.
        signal(SIGXFSZ, SIG_IGN)
        let root = try FtpRoot(root)
        for path in root.removeStaleUploads() { Console.line("removed the unfinished upload \(escaped(path))") }
        let server = try FtpTCPServer(host: host, port: port, handler: FtpHandler.self, model: .threading, bindAndActivate: false)
        server.root = root
        Console.line("服务端已开启,等待用户连接...")  // the seed's line: "the server is up, waiting for clients"
        try serveUntilSignalled(server, backlog: 64)  // transfers in progress finish first (blockOnClose)
    }
}
