import ArgumentParser
import CommandLineSupport
import Reactor

// selectors_echo_server.py, selectors_echo_client.py: the package's Selector is Python's
// `selectors.DefaultSelector`, its keys' callbacks the seed's `key.data`.

struct SelectorsEchoServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selectors_echo_server",
        abstract: "Callback echo server on a Selector; stops after its first client closes.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var loop: BackendOption

    func run() throws {
        server.bounds.start()
        let selector = try Selector(backend: loop.backend ?? .automatic)
        defer { selector.close() }
        let listener = try Socket(family: .ipv4, type: .stream)
        listener.isBlocking = false
        try listener.bind(to: ipv4Address("localhost", server.port))
        out("starting up on localhost port \(try listener.localAddress.port ?? 0)")
        try listener.listen(backlog: 5)
        var keepRunning = true
        var failure: (any Error)?

        // Callback for read events. Errors end the program, as an exception does the seed's, except
        // a reset: the client may close with an echo still on its way (see selectors_echo_client),
        // and the seed's getpeername() and recv() would then fail on it. The address is the one
        // accepted, and a reset reads as the end of the connection.
        func read(_ connection: Socket, _ clientAddress: SocketAddress) {
            do {
                out("read(\(clientAddress.pythonDescription))")
                let data: [UInt8]
                do throws(SocketError) {
                    guard let received = try connection.receive(maxCount: 1024) else { return }
                    data = received
                } catch {
                    guard error.isConnectionReset else { throw error }
                    data = []
                }
                if !data.isEmpty {
                    out("  received \(pythonBytes(data))")
                    try connection.sendAll(data)
                } else {
                    out("  closing")
                    try selector.unregister(connection)
                    connection.close()
                    keepRunning = false  // Tell the main loop to stop
                }
            } catch {
                failure = error
            }
        }

        // Callback for new connections.
        func accept() {
            do {
                guard let (connection, address) = try listener.accept() else { return }
                out("accept(\(address.pythonDescription))")
                connection.isBlocking = false
                try selector.register(connection, events: .read) { _, _ in read(connection, address) }
            } catch {
                failure = error
            }
        }

        try selector.register(listener, events: .read) { _, _ in accept() }
        while keepRunning {
            out("waiting for I/O")
            for (key, mask) in try selector.select(timeout: .seconds(1)) {
                key.callback(key, mask)
                if let failure { throw failure }
            }
        }
        out("shutting down")
    }
}

struct SelectorsEchoClient: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selectors_echo_client",
        abstract: "Echo client that waits on a Selector for readiness to write, then to read.")

    @OptionGroup var client: ClientOptions
    @OptionGroup var loop: BackendOption

    func run() throws {
        let selector = try Selector(backend: loop.backend ?? .automatic)
        defer { selector.close() }
        var outgoing = [Array("It will be repeated.".utf8), Array("This is the message.  ".utf8)]
        var bytesSent = 0
        var bytesReceived = 0
        var keepRunning = true

        // Connecting is a blocking operation, so make the socket non-blocking after it returns.
        out("connecting to \(client.host) port \(client.port)")
        let socket = try Socket(family: .ipv4, type: .stream)
        try socket.connect(to: ipv4Address(client.host, client.port))
        socket.isBlocking = false

        // Watch for when the socket is ready to send data as well as when there is data to read.
        try selector.register(socket, events: [.read, .write])
        while keepRunning {
            out("waiting for I/O")
            for (key, mask) in try selector.select(timeout: .seconds(1)) {
                let connection = key.fileObject as! Socket
                out("client(\(try connection.peerAddress.pythonDescription))")
                if mask.contains(.read) {
                    out("  ready to read")
                    let data = try connection.receive(maxCount: 1024) ?? []
                    if !data.isEmpty {
                        out("  received \(pythonBytes(data))")
                        bytesReceived += data.count
                    }
                    // The seed's condition, kept: any data, or everything back, ends the loop.
                    keepRunning = !(!data.isEmpty || (bytesReceived != 0 && bytesReceived == bytesSent))
                }
                if mask.contains(.write) {
                    out("  ready to write")
                    if outgoing.isEmpty {
                        // Out of messages: only reading from now on.
                        out("  switching to read-only")
                        try selector.modify(socket, events: .read)
                    } else {
                        let next = outgoing.removeLast()
                        out("  sending \(pythonBytes(next))")
                        try socket.sendAll(next)
                        bytesSent += next.count
                    }
                }
            }
        }
        out("shutting down")
        try selector.unregister(socket)
        socket.close()
    }
}
