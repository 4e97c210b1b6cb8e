import ArgumentParser
import ConsoleOutput
import Glibc
import SocketServer

enum FtpCommand: String, ExpressibleByArgument, CaseIterable {
    case put, get
}

struct FtpClient: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftp_client",
        abstract: "Puts a file on an ftp_server, or gets one.",
        discussion: """
            ftp_client put FILE [NAME]: uploads FILE, stored as NAME (default: FILE's last path component).
            ftp_client get NAME DEST: downloads NAME into the file DEST.
            A failure is one line on standard error and status 1.
            """)

    @Option(help: "Server address (numeric IPv4 or IPv6).")
    var host = "127.0.0.1"

    @Option(help: "Server port.")
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
        let socket = try Socket(family: host.contains(":") ? .ipv6 : .ipv4, type: .stream)
        socket.timeout = .seconds(30)
        try socket.connect(to: try SocketAddress(host: host, port: port))
        return (socket, RequestReader(socket: socket))
    }

    private func put(_ path: String, as name: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FtpError(String(cString: strerror(errno))) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { throw FtpError("not a regular file") }
        let size = UInt64(status.st_size)
        let (socket, reader) = try connect()
        defer { socket.close() }
        try socket.sendAll(Frame.request(.put, name: name, size: size))
        try Frame.readStatus(reader)  // ready, or refused
        var left = size
        while left > 0 {
            let bytes = try FileIO.read(fd, Int(min(65536, left)))
            guard !bytes.isEmpty else { throw FtpError("the file shrank while it was sent") }
            try socket.sendAll(bytes)
            left -= UInt64(bytes.count)
        }
        try Frame.readStatus(reader)
        let stored = try Frame.readSize(reader)
        Console.line("put \(path): \(stored) bytes stored as \(name)")
    }

    private func get(_ name: String, into destination: String) throws {
        let (socket, reader) = try connect()
        defer { socket.close() }
        try socket.sendAll(Frame.request(.get, name: name))
        try Frame.readStatus(reader)
        let size = try Frame.readSize(reader)
        // Written beside the destination and renamed when complete: no partial file is left.
        let temporary = "\(destination).part-\(getpid())"
        let fd = open(temporary, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FtpError("\(temporary): \(String(cString: strerror(errno)))") }
        var complete = false
        defer {
            close(fd)
            if !complete { unlink(temporary) }
        }
        var received: UInt64 = 0
        while received < size {
            let bytes = try reader.read(Int(min(65536, size - received)))
            guard !bytes.isEmpty else { throw FtpError("the connection ended after \(received) of \(size) bytes") }
            try FileIO.write(fd, bytes)
            received += UInt64(bytes.count)
        }
        guard rename(temporary, destination) == 0 else { throw FtpError("\(destination): \(String(cString: strerror(errno)))") }
        complete = true
        Console.line("get \(name): \(size) bytes written to \(destination)")
    }
}
