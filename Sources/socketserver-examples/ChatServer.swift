import ArgumentParser
import ConsoleOutput
import SocketServer

/// The chat server: the room is every connection open, on the loop thread.
final class ChatRoomServer: TCPServer, @unchecked Sendable {
    /// The members, in the order they joined.
    var members: [ChatMember] = []
    /// The most bytes a member's `wfile` may hold before the member is let go.
    var highWaterMark = 1 << 20

    func leave(_ member: ChatMember) {
        members.removeAll { $0 === member }
    }
}

/// One member of the room: each line it sends goes to every other member.
///
/// A slow consumer is disconnected: the lines for a member that does not read wait in its `wfile`,
/// and when they pass the high-water mark the member leaves the room and its connection is aborted
/// (IRC's "SendQ exceeded", Redis's `client-output-buffer-limit pubsub`). Dropping its lines instead
/// would give it a conversation with holes it cannot see; not reading the senders until it catches
/// up would let one stuck member stop the whole room.
final class ChatMember: ReactorStreamHandler {
    private var room: ChatRoomServer { server as! ChatRoomServer }

    override var highWaterMark: Int { room.highWaterMark }

    override func setup() throws {
        room.members.append(self)
    }

    override func handle() throws {
        while let line = rfile.readLine() {
            for member in room.members where member !== self { member.wfile.write(line) }
        }
        if rfile.isAtEnd { close() }
    }

    override func writabilityChanged(_ isWritable: Bool) {
        guard !isWritable else { return }
        Console.log("chat_server", "\(clientAddress): disconnected, \(wfile.count) bytes waiting (slow consumer)")
        room.leave(self)
        abort()
    }

    override func finish() throws {
        room.leave(self)
    }
}

struct ChatServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat_server",
        abstract: "A chat room on the reactor model: each line a client sends goes to every other client.",
        discussion: """
            A client whose unread lines pass --high-water-mark bytes is disconnected (a slow consumer), \
            and a line says so on standard error. Prints `listening tcp HOST:PORT` when ready; SIGINT, \
            SIGTERM or SIGHUP stops it with status 0.
            """)

    @Option(help: "Address to listen on (numeric IPv4 or IPv6).")
    var host = "127.0.0.1"

    @Option(help: "TCP port; 0 picks a free one.")
    var port: UInt16 = 8011

    @Option(help: "Bytes of unread lines a client may have waiting before it is disconnected.")
    var highWaterMark = 1 << 20

    func validate() throws {
        guard highWaterMark > 0 else { throw ValidationError("--high-water-mark must be at least 1 byte") }
    }

    func run() throws {
        let server = try ChatRoomServer(host: host, port: port, handler: ChatMember.self, bindAndActivate: false)
        server.highWaterMark = highWaterMark
        server.drainTimeout = .milliseconds(500)
        try serveUntilSignalled(server, backlog: 128)
    }
}
