import Glibc  // fflush, usleep
import Logging
import ReactorEcho
import ReactorServiceLifecycle
import ServiceLifecycle
import SocketServer

/// Answers each line in capitals, after 200 ms of "work": a request that takes time to finish.
final class Shout: StreamRequestHandler {
    override func handle() throws {
        while case let line = try rfile.readLine(), !line.isEmpty {
            usleep(200_000)
            _ = try wfile.write(String(decoding: line, as: UTF8.self).uppercased())
        }
    }
}

let shout = try ThreadingTCPServer(host: "127.0.0.1", port: 0, handler: Shout.self)
shout.drainTimeout = .seconds(5)                        // requests running at SIGTERM get 5 s to finish

var configuration = EchoConfiguration()
configuration.port = 0
configuration.drainTimeout = .seconds(5)                // open connections get 5 s to close
let echo = try EchoServerService(configuration: configuration)

print("listening shout \(shout.serverAddress)")
for listener in echo.listeners { print(listener) }     // listening tcp 127.0.0.1:41231
fflush(nil)                                             // out now, also into a pipe

let group = ServiceGroup(
    services: [SocketServerService(shout), echo],
    gracefulShutdownSignals: [.sigterm, .sigint],       // stop accepting, drain, close: both servers
    logger: Logger(label: "example-service-group"))
try await group.run()
print("stopped")
