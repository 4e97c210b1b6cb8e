import Glibc
import Reactor
import Synchronization

/// ``EchoServer`` on several loops, one per thread: the calling thread's loop and `loops - 1` more.
///
/// Each loop has its own listeners on the same TCP (and UDP) port, bound with `SO_REUSEPORT`, and
/// the kernel spreads new connections (and datagram senders) over them; a connection then stays on
/// its loop, and no connection costs any cross-thread traffic. One acceptor handing connections to
/// the other loops through `EventLoopHandle.execute(_:)` was measured too (the README's
/// "echo-bench" section): the same echo throughput, about 10 % more server CPU per connection under
/// churn, and every accept on one thread. A Unix socket path can be bound only once, so the Unix listeners are on
/// the first loop only. Signals belong to the first loop (libev allows one loop per signal): it
/// runs on the calling thread, and when it stops, it stops the others through their handles.
public final class EchoLoops {
    /// The first loop's server, on the calling thread: its listeners carry the real ports.
    public let primary: EchoServer
    private var others: [pthread_t] = []
    private var handles: [EventLoopHandle] = []
    private let drainTimeout: Duration
    private var isClosed = false

    /// Opens the first loop's listeners here, then starts `configuration.loops - 1` threads that
    /// open theirs on the same ports and serve until ``stop()`` or the end of ``run()``.
    ///
    /// - Throws: ``EchoServerError`` from any loop; nothing is left open or running when it throws.
    public init(configuration: EchoConfiguration) throws(EchoServerError) {
        primary = try EchoServer(configuration: configuration.forFirstOfLoops)
        drainTimeout = configuration.drainTimeout
        guard configuration.loops > 1 else { return }
        let rest = configuration.forOtherLoops(after: primary.listeners)
        let started = StartReports()
        var failure: EchoServerError?
        for _ in 1..<configuration.loops {
            do { others.append(try spawnLoop(rest, reportingTo: started)) } catch {
                failure = error
                break
            }
        }
        // Wait for every loop started to report that it listens (or why it could not): even when a
        // later thread could not start, the running ones must be stopped through their handles.
        while started.results.withLock({ $0.count }) < others.count { usleep(1_000) }
        let results = started.results.withLock { $0 }
        handles = results.compactMap { try? $0.get() }
        for case .failure(let error) in results where failure == nil { failure = error }
        if let failure {
            close()
            throw failure
        }
    }

    deinit { close() }

    /// What the first loop listens on (the other loops listen on the same TCP and UDP ports).
    public var listeners: [Listener] { primary.listeners }

    /// The first loop, where signal watchers belong.
    public var loop: EventLoop { primary.loop }

    /// Serves on the calling thread until ``stop()``; then drains every loop (see
    /// ``EchoServer/drain(timeout:)``: accepting stops, open connections go on for up to
    /// ``EchoConfiguration/drainTimeout``), stops the other loops and waits for them.
    public func run() {
        primary.run()
        // The other loops drain on their own threads (LoopThread.run) while this one does.
        for handle in handles { handle.stop() }
        primary.drain()
        stopOthers()
    }

    /// Makes ``run()`` drain and return after the current callback. Loop thread only, like
    /// ``EchoServer/stop()``.
    public func stop() { primary.stop() }

    /// Stops every loop, waits for their threads, and closes the first loop's server. Idempotent.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        stopOthers()
        primary.close()
    }

    private func stopOthers() {
        for handle in handles { handle.stop() }
        handles = []
        for thread in others { pthread_join(thread, nil) }
        others = []
    }
}

/// Starts a thread that opens an ``EchoServer`` on its own loop, reports its handle (or its error)
/// into `started`, and serves until stopped through that handle.
private func spawnLoop(_ configuration: EchoConfiguration, reportingTo started: StartReports) throws(EchoServerError) -> pthread_t {
    let context = LoopThread(configuration: configuration, started: started)
    // Signals go to the first loop: block them here so the kernel never picks this thread.
    var blocked = sigset_t(), previous = sigset_t()
    sigemptyset(&blocked)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&blocked, signal) }
    pthread_sigmask(SIG_BLOCK, &blocked, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    do { return try startThread { context.run() } } catch {
        throw .loop(.systemCallFailed(operation: "pthread_create", errno: error.errno))
    }
}

/// Where the loop threads report that they listen, or why they could not.
private final class StartReports: Sendable {
    let results = Mutex<[Result<EventLoopHandle, EchoServerError>]>([])
}

private final class LoopThread: Sendable {
    let configuration: EchoConfiguration
    let started: StartReports

    init(configuration: EchoConfiguration, started: StartReports) {
        self.configuration = configuration
        self.started = started
    }

    func run() {
        let server: EchoServer
        do {
            server = try EchoServer(configuration: configuration)
        } catch {
            started.results.withLock { $0.append(.failure(error)) }
            return
        }
        started.results.withLock { $0.append(.success(server.loop.handle)) }
        server.run()
        server.drain()
        server.close()
    }
}
