import Glibc
import Logging
import Reactor
import ReactorEcho
import ServiceLifecycle

/// The echo server of `reactor-echo` (ReactorEcho) as a swift-service-lifecycle `Service`.
///
/// The listeners open when the service is made, so a bad address or a port in use is an error
/// there, and ``listeners`` tells the ports the kernel picked. ``run()`` serves on a thread of its
/// own (the first loop's; `EchoConfiguration.loops` adds more) until graceful shutdown or
/// cancellation, then drains: accepting stops on every loop (new clients are refused), open
/// connections go on being echoed until their peers close them or
/// `EchoConfiguration.drainTimeout` passes, and the rest are closed.
///
/// ```swift
/// var configuration = EchoConfiguration()
/// configuration.drainTimeout = .seconds(5)
/// let echo = try EchoServerService(configuration: configuration)
/// let group = ServiceGroup(services: [echo], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
public final class EchoServerService: Service, Sendable {
    /// How connections are served.
    public enum Style: Sendable {
        /// Selector callbacks (`EchoLoops`), as `reactor-echo` does by default.
        case callbacks
        /// A task per connection on the loop's executor (`AsyncEchoLoops`), as `reactor-echo --async`.
        case tasks
    }

    /// What the first loop listens on, with the ports the kernel picked.
    public let listeners: [Listener]
    private let handle: EventLoopHandle
    // The loops are not Sendable: after init only `run()` touches them, on the thread it starts.
    nonisolated(unsafe) private var server: (any EchoService)?

    /// Opens the listeners of `configuration`, to be served by ``run()``.
    ///
    /// - Throws: `EchoServerError`: a bad address, a port in use, an unusable Unix path.
    public init(configuration: EchoConfiguration, style: Style = .callbacks) throws(EchoServerError) {
        let server: any EchoService = switch style {
        case .callbacks: try EchoLoops(configuration: configuration)
        case .tasks: try AsyncEchoLoops(configuration: configuration)
        }
        listeners = server.listeners
        handle = server.loop.handle
        self.server = server
    }

    /// Serves until graceful shutdown or cancellation, then drains and closes every loop, and
    /// returns. Call it once.
    ///
    /// - Throws: `EventLoopError.systemCallFailed(operation:errno:)` when no thread can be started.
    public func run() async throws {
        guard let server else { return }
        self.server = nil
        let finished = ThreadCompletion()
        let box = UncheckedSendable(server)
        let thread: pthread_t
        do {
            thread = try startThread {
                box.value.run()
                box.value.close()
                finished.fire()
            }
        } catch {
            server.close()
            throw EventLoopError.systemCallFailed(operation: "pthread_create", errno: error.errno)
        }
        let handle = self.handle
        let stop = Once()
        await withTaskCancellationOrGracefulShutdownHandler {
            await finished.wait()
        } onCancelOrGracefulShutdown: {
            stop { handle.stop() }
        }
        pthread_join(thread, nil)
    }
}

/// A value moved to the thread that alone uses it from then on.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
