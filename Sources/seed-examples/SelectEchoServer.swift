import ArgumentParser
import CommandLineSupport
import Reactor

// select_echo_server.py and select_echo_server_timeout.py (the same server with a timeout on
// select). Like the seed's, they print to standard error.

struct SelectEchoServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select_echo_server",
        abstract: "Echo server for many clients on select() (a Selector on the select backend); prints to stderr.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var loop: BackendOption

    func run() throws {
        server.bounds.start()
        try SelectServer(options: server, backend: loop.backend ?? .select, timeout: nil).serve()
    }
}

struct SelectEchoServerTimeout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select_echo_server_timeout",
        abstract: "select_echo_server whose select() times out, to do other work in between; prints to stderr.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var loop: BackendOption

    @Option(name: .customLong("select-timeout"), help: ArgumentHelp("select()'s timeout (the seed's: 1).", valueName: "seconds"))
    var selectTimeout: Double = 1

    func run() throws {
        server.bounds.start()
        try SelectServer(options: server, backend: loop.backend ?? .select, timeout: .seconds(selectTimeout)).serve()
    }
}

/// The seed's select() echo server: `inputs`, `outputs` and a queue of outgoing messages per connection.
private struct SelectServer {
    let options: ServerOptions
    let backend: Backend
    let timeout: Duration?

    func serve() throws {
        let server = try Socket(family: .ipv4, type: .stream)
        server.isBlocking = false
        try server.bind(to: ipv4Address("localhost", options.port))
        err("starting up on localhost port \(try server.localAddress.port ?? 0)")
        try server.listen(backlog: 5)

        let select = try SelectEmulation(backend: backend)
        var inputs = [server]                        // sockets from which we expect to read
        var outputs: [Socket] = []                   // sockets to which we expect to write
        var messageQueues: [ObjectIdentifier: [[UInt8]]] = [:]
        // The seed prints `closing` with the last client's address (a stale variable); this prints
        // the closing connection's own, remembered at accept, since a closed peer has no name.
        var peers: [ObjectIdentifier: String] = [:]
        var closed = 0

        while !inputs.isEmpty {
            err("waiting for the next event")
            if options.bounds.isDone(served: closed) { return }
            let (readable, writable) = try select.select(inputs, outputs, timeout: timeout)
            if timeout != nil && readable.isEmpty && writable.isEmpty {
                err("  timed out, do some other work here")
                continue
            }
            for socket in readable {
                if socket === server {
                    // A readable listening socket is ready to accept a connection.
                    guard let (connection, clientAddress) = try socket.accept() else { continue }
                    err("  connection from", clientAddress.pythonDescription)
                    connection.isBlocking = false
                    inputs.append(connection)
                    messageQueues[ObjectIdentifier(connection)] = []
                    peers[ObjectIdentifier(connection)] = clientAddress.pythonDescription
                } else {
                    guard let data = try socket.receive(maxCount: 1024) else { continue }
                    let id = ObjectIdentifier(socket)
                    if !data.isEmpty {
                        err("  received \(pythonBytes(data)) from \(try socket.peerAddress.pythonDescription)")
                        messageQueues[id, default: []].append(data)
                        if !outputs.contains(where: { $0 === socket }) { outputs.append(socket) }
                    } else {
                        // An empty read: the client closed the connection.
                        err("  closing", peers[id] ?? "")
                        outputs.removeAll { $0 === socket }
                        inputs.removeAll { $0 === socket }
                        socket.close()
                        messageQueues[id] = nil
                        closed += 1
                    }
                }
            }
            for socket in writable where socket.isOpen {
                let id = ObjectIdentifier(socket)
                if messageQueues[id, default: []].isEmpty {
                    // No messages waiting: stop checking for writability.
                    err("  ", try socket.peerAddress.pythonDescription, "queue empty")
                    outputs.removeAll { $0 === socket }
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
