// The README's reactor echo server on SocketServer, as a program that ./scripts/instructions measures
// (SocketServer's own cost per message and per connection, beside reactor-echo's):
//
//   example-socketserver-echo [--port P]    # 0 picks a free port
//
// Prints `listening tcp HOST:PORT`, serves until SIGINT or SIGTERM.
import Glibc  // SIGINT, SIGTERM
import SocketServer

final class Echo: ReactorStreamHandler {
    override func handle() {
        rfile.peek { wfile.write($0) }     // what arrived goes straight back, no copy
        rfile.skip(rfile.count)
    }
}

var port: UInt16 = 10000
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let name = arguments.next() {
    // --udp is accepted and ignored, so that the same command lines as reactor-echo's work.
    guard let value = arguments.next().flatMap({ UInt16($0) }), name == "--port" || name == "--udp" else {
        print("usage: example-socketserver-echo [--port P]")
        exit(64)
    }
    if name == "--port" { port = value }
}

let server = try TCPServer(host: "127.0.0.1", port: port, handler: Echo.self)
let line = Array("listening tcp \(server.serverAddress)\n".utf8)
_ = line.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
for signal in [SIGINT, SIGTERM] {
    try server.loop.onSignal(signal) { _ in server.shutdown() }
}
server.serveForever()
server.serverClose()
