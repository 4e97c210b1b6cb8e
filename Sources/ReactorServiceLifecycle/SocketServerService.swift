import Logging
import ServiceLifecycle
import SocketServer

/// A SocketServer server (`TCPServer`, `UDPServer`, the Unix servers
/// and their threading and forking variants) as a swift-service-lifecycle `Service`, for a
/// `ServiceGroup`.
///
/// ``run()`` serves on a thread of its own (`serveForever()` runs the server's loop; a blocking
/// call cannot run on Swift concurrency's threads) and returns once the server is closed. On
/// graceful shutdown (SIGTERM through the group's `gracefulShutdownSignals`) or cancellation, it
/// shuts down in the server's own way, whatever its processing model: accepting stops, the
/// listening socket closes, what runs is given `BaseServer.drainTimeout` to finish
/// (reactor connections flush their `wfile`, request threads and children end; then they are ended),
/// and the server is closed (`serverClose()`).
///
/// ```swift
/// let server = try ThreadingTCPServer(host: "127.0.0.1", port: 8009, handler: MenuHandler.self)
/// server.drainTimeout = .seconds(10)
/// let group = ServiceGroup(services: [SocketServerService(server)], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
///
/// The service owns the server from ``run()`` on: do not serve or close it yourself. The forking
/// model forks from the service's thread, while Swift concurrency's threads exist too: see
/// `BaseServer`'s note on `fork()` for what a child may do.
public struct SocketServerService: Service {
    /// The server the service runs.
    public let server: BaseServer
    /// How often the server's `serviceActions()` runs (see `serveForever(pollInterval:)`).
    public let pollInterval: Duration?

    /// A service that runs `server`.
    public init(_ server: BaseServer, pollInterval: Duration? = .milliseconds(500)) {
        self.server = server
        self.pollInterval = pollInterval
    }

    /// Serves until graceful shutdown or cancellation, then shuts down and closes the server
    /// (draining for up to its `drainTimeout`), and returns.
    ///
    /// - Throws: `SocketServerError.threadStartFailed(errno:)` when no thread can be started.
    public func run() async throws {
        let server = self.server
        let pollInterval = self.pollInterval
        let finished = ThreadCompletion()
        let thread = try ServerThread.start(name: "socketserver") {
            server.serveForever(pollInterval: pollInterval)
            server.serverClose()
            finished.fire()
        }
        let stop = Once()
        await withTaskCancellationOrGracefulShutdownHandler {
            await finished.wait()
        } onCancelOrGracefulShutdown: {
            // On the loop's thread, shutdown() stops serveForever without waiting for it; a job
            // sent before serveForever has started stops it as soon as it starts.
            stop { try? server.loopHandle.execute { server.shutdown() } }
        }
        thread.join()
    }
}
