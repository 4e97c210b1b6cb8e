import ArgumentParser
import CommandLineSupport
import Reactor

// select_poll_echo_server.py, on a Selector with the poll backend (`--backend` picks another).
// Like the seed's, it prints to standard error.

struct PollEchoServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select_poll_echo_server",
        abstract: "Echo server for many clients on poll() (a Selector on the poll backend); prints to stderr.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var loop: BackendOption

    func run() throws {
        server.bounds.start()
        let listener = try Socket(family: .ipv4, type: .stream)
        listener.isBlocking = false
        try listener.bind(to: ipv4Address("localhost", server.port))
        err("starting up on localhost port \(try listener.localAddress.port ?? 0)")
        try listener.listen(backlog: 5)

        var messageQueues: [ObjectIdentifier: [[UInt8]]] = [:]
        // Do not block forever (Python: milliseconds).
        let timeout = Duration.milliseconds(1000)
        // Commonly used flag sets: POLLIN | POLLPRI | POLLHUP | POLLERR is reading here.
        let readOnly = Events.read
        let readWrite: Events = [.read, .write]

        let poller = try PollEmulation(backend: loop.backend ?? .poll)
        try poller.register(listener, readOnly)
        // The seed prints `closing` with the last client's address (a stale variable); this prints
        // the closing connection's own, remembered at accept.
        var peers: [ObjectIdentifier: String] = [:]
        var closed = 0

        while true {
            err("waiting for the next event")
            if server.bounds.isDone(served: closed) { return }
            for (socket, flag) in try poller.poll(timeout: timeout) {
                let id = ObjectIdentifier(socket)
                if flag.contains(.read) {
                    if socket === listener {
                        // A readable listening socket is ready to accept a connection.
                        guard let (connection, clientAddress) = try socket.accept() else { continue }
                        err("  connection", clientAddress.pythonDescription)
                        connection.isBlocking = false
                        try poller.register(connection, readOnly)
                        messageQueues[ObjectIdentifier(connection)] = []
                        peers[ObjectIdentifier(connection)] = clientAddress.pythonDescription
                    } else {
                        guard let data = try socket.receive(maxCount: 1024) else { continue }
                        if !data.isEmpty {
                            err("  received \(pythonBytes(data)) from \(try socket.peerAddress.pythonDescription)")
                            messageQueues[id, default: []].append(data)
                            try poller.modify(socket, readWrite)
                        } else {
                            // An empty read: the client closed the connection.
                            err("  closing", peers[id] ?? "")
                            try poller.unregister(socket)
                            socket.close()
                            messageQueues[id] = nil
                            closed += 1
                        }
                    }
                } else if flag.contains(.write) {
                    if messageQueues[id, default: []].isEmpty {
                        // No messages waiting: stop checking for writability.
                        err(try socket.peerAddress.pythonDescription, "queue empty")
                        try poller.modify(socket, readOnly)
                    } else {
                        let next = messageQueues[id]!.removeFirst()
                        err("  sending \(pythonBytes(next)) to \(try socket.peerAddress.pythonDescription)")
                        let sent = try socket.send(next) ?? 0
                        if sent < next.count { messageQueues[id]!.insert(Array(next[sent...]), at: 0) }
                    }
                }
            }
        }
    }
}
