import CommandLineSupport
import Sockets

/// The accept-and-echo loop the seed's blocking stream servers share (socket_echo_server.py, its
/// `_explicit`, `_any` and `_uds` variants): one connection at a time, 16 bytes per `recv`.
struct StreamEchoLoop {
    /// What the server prints after accepting: `connection from` or `client connected:`.
    var acceptedLabel = "connection from"
    /// Whether it prints `sending data back to the client` and `no data from ...` (the first and
    /// the Unix server do; the explicit and any-address ones do not).
    var isVerbose = true

    /// Serves connections until `bounds.requests` are done (forever without it). As in the seed, the
    /// loop prints `waiting for a connection` before each accept, so the last line is that one.
    func serve(_ listener: Socket, _ bounds: Bounds) throws {
        var served = 0
        while true {
            out("waiting for a connection")
            if bounds.isDone(served: served) { return }
            guard let (connection, client) = try listener.accept() else { continue }
            defer { connection.close() }
            out(acceptedLabel, pythonPrinted(client))
            while true {
                let data = try connection.receive(maxCount: 16) ?? []
                out("received \(pythonBytes(data))")
                if !data.isEmpty {
                    if isVerbose { out("sending data back to the client") }
                    try connection.sendAll(data)
                } else {
                    if isVerbose { out("no data from", pythonPrinted(client)) }
                    break
                }
            }
            served += 1
        }
    }
}

/// The seed's message: 42 bytes, two spaces after the period (the seed's text shows one, but its
/// output, `received 42 bytes` and the chunk `b' repeated.'`, shows the program's two).
let seedMessage = Array("This is the message.  It will be repeated.".utf8)

/// The seed clients' exchange: send the message, then print what comes back 16 bytes at a time
/// until as many bytes came back. Stops at end-of-file too (the seed's loop would spin on `b''`).
func sendAndReceiveEcho(_ socket: Socket) throws {
    out("sending \(pythonBytes(seedMessage))")
    try socket.sendAll(seedMessage)
    var amountReceived = 0
    while amountReceived < seedMessage.count {
        let data = try socket.receive(maxCount: 16) ?? []
        amountReceived += data.count
        out("received \(pythonBytes(data))")
        if data.isEmpty { break }
    }
}
