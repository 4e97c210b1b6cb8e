import ArgumentParser
import ConsoleOutput
import Glibc
import SocketServer
import Synchronization

/// The server for `ftp_server`: its handlers find the root here.
final class FtpTCPServer: TCPServer, @unchecked Sendable {
    // Set before serving, read by handler threads.
    var root: FtpRoot!
}

/// One put or get per connection, on its own thread (blocking file and socket I/O).
final class FtpHandler: StreamRequestHandler {
    override var timeout: Duration? { .seconds(30) }

    private static let uploads = Atomic(0)
    private static let chunk = 65536

    override func handle() throws {
        let header = try rfile.read(3)
        guard header.count == 3 else { return }
        let name = try rfile.read(Int(Frame.decode(Array(header[1...]))))
        guard let name = String(validating: name, as: UTF8.self) else {
            return try refuse("refused name: it is not UTF-8", name: "?")
        }
        let root = (server as! FtpTCPServer).root!
        let place: (directory: String, file: String)
        do { place = try root.resolve(name) } catch { return try refuse("\(error)", name: name) }
        switch FtpOperation(rawValue: header[0]) {
        case .put: try receive(name, into: place)
        case .get: try send(name, from: place.file)
        case nil: try refuse("unknown operation \(header[0])", name: name)
        }
    }

    private func refuse(_ message: String, name: String) throws {
        Console.line("refused \(name.debugDescription): \(message)")
        try wfile.write(Frame.error(message))
    }

    private func send(_ name: String, from path: String) throws {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            switch errno {
            case ENOENT: return try refuse("no such file: \(name)", name: name)
            case ELOOP: return try refuse("refused name \(name.debugDescription): it is a symbolic link", name: name)
            default: return try refuse("\(name): \(String(cString: strerror(errno)))", name: name)
            }
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return try refuse("not a regular file: \(name)", name: name)
        }
        let size = UInt64(status.st_size)
        try wfile.write([FtpStatus.ok] + Frame.uint64(size))
        var left = size
        while left > 0 {
            let bytes = try FileIO.read(fd, Int(min(UInt64(Self.chunk), left)))
            guard !bytes.isEmpty else { return }  // the file shrank: the client sees a short transfer
            try wfile.write(bytes)
            left -= UInt64(bytes.count)
        }
        Console.line("get \(name): \(size) bytes")
    }

    /// Receives into a hidden file beside the target, renamed over it only once complete.
    private func receive(_ name: String, into place: (directory: String, file: String)) throws {
        let sizeBytes = try rfile.read(8)
        guard sizeBytes.count == 8 else { return }
        let size = Frame.decode(sizeBytes)
        let last = place.file.split(separator: "/").last!
        let temporary = "\(place.directory)/.\(last).upload-\(getpid())-\(Self.uploads.add(1, ordering: .relaxed).newValue)"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return try refuse("\(name): \(String(cString: strerror(errno)))", name: name) }
        var complete = false
        defer {
            close(fd)
            if !complete { unlink(temporary) }
        }
        try wfile.write([FtpStatus.ok])  // ready for the bytes
        var left = size
        while left > 0 {
            let bytes = try rfile.read(Int(min(UInt64(Self.chunk), left)))
            guard !bytes.isEmpty else { return }  // the client went away: nothing is stored
            try FileIO.write(fd, bytes)
            left -= UInt64(bytes.count)
        }
        guard rename(temporary, place.file) == 0 else {
            return try refuse("\(name): \(String(cString: strerror(errno)))", name: name)
        }
        complete = true
        try wfile.write([FtpStatus.ok] + Frame.uint64(size))
        Console.line("put \(name): \(size) bytes")
    }
}

struct FtpServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftp_server",
        abstract: "Serves files under --root: clients put and get them by name.",
        discussion: "Prints `listening tcp HOST:PORT` when ready; SIGINT or SIGTERM stops it with status 0.")

    @Option(help: "Address to listen on (numeric IPv4 or IPv6).")
    var host = "127.0.0.1"

    @Option(help: "TCP port; 0 picks a free one.")
    var port: UInt16 = 8885

    @Option(help: "The directory served.")
    var root: String

    func run() throws {
        let root = try FtpRoot(root)
        let server = try FtpTCPServer(host: host, port: port, handler: FtpHandler.self, model: .threading, bindAndActivate: false)
        server.root = root
        try serveUntilSignalled(server, backlog: 64)  // transfers in progress finish first (blockOnClose)
    }
}
