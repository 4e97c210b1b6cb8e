import ArgumentParser
import CommandLineSupport
import Glibc
import Sockets

// select_echo_multiclient.py, select_echo_slow_client.py. Like the seed's, they print to standard error.

struct SelectEchoMulticlient: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select_echo_multiclient",
        abstract: "Two connections send the message in three parts, in turn; prints to stderr.")

    @OptionGroup var client: ClientOptions

    func run() throws {
        let messages = ["This is the message. ", "It will be sent ", "in parts."]
        let sockets = [try Socket(family: .ipv4, type: .stream), try Socket(family: .ipv4, type: .stream)]
        err("connecting to \(client.host) port \(client.port)")
        let address = try ipv4Address(client.host, client.port)
        for socket in sockets { try socket.connect(to: address) }
        for message in messages {
            let outgoing = Array(message.utf8)
            // Send on both sockets.
            for socket in sockets {
                err("\(try socket.localAddress.pythonDescription): sending \(pythonBytes(outgoing))")
                _ = try socket.send(outgoing)
            }
            // Read the responses on both sockets.
            for socket in sockets where socket.isOpen {
                let name = try socket.localAddress.pythonDescription
                let data = try socket.receive(maxCount: 1024) ?? []
                err("\(name): received \(pythonBytes(data))")
                if data.isEmpty {
                    err("closing socket", name)
                    socket.close()
                }
            }
        }
    }
}

struct SelectEchoSlowClient: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select_echo_slow_client",
        abstract: "Sends two parts with pauses (1 s, then 1.5 s after each), then reads the echo; prints to stderr.")

    @OptionGroup var client: ClientOptions

    @Option(help: ArgumentHelp("Multiplies every pause (the seed's: 1; 0.2 runs five times faster).", valueName: "factor"))
    var pace: Double = 1

    func run() throws {
        let socket = try Socket(family: .ipv4, type: .stream)
        err("connecting to \(client.host) port \(client.port)")
        try socket.connect(to: ipv4Address(client.host, client.port))
        pause(1)
        let messages = ["Part one of the message.", "Part two of the message."]
        let amountExpected = messages.joined().utf8.count
        defer { err("closing socket"); socket.close() }
        for message in messages {
            let data = Array(message.utf8)
            err("sending \(pythonBytes(data))")
            try socket.sendAll(data)
            pause(1.5)
        }
        var amountReceived = 0
        while amountReceived < amountExpected {
            let data = try socket.receive(maxCount: 16) ?? []
            amountReceived += data.count
            err("received \(pythonBytes(data))")
            if data.isEmpty { break }
        }
    }

    /// Python: `time.sleep(seconds)`, scaled by `--pace`.
    private func pause(_ seconds: Double) {
        let microseconds = max(0, seconds * pace * 1_000_000)
        var request = timespec(tv_sec: Int(microseconds / 1_000_000), tv_nsec: Int(microseconds.truncatingRemainder(dividingBy: 1_000_000)) * 1000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
