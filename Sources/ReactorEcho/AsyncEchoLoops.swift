import Reactor

/// ``AsyncEchoServer`` on several loops: the calling thread's loop, which ``run()`` runs, and
/// `loops - 1` `EventLoopThread`s, each with its own `SO_REUSEPORT` listeners on the same ports,
/// as ``EchoLoops`` does for the callback server. Signals belong to the first loop.
public final class AsyncEchoLoops {
    /// The first loop, run on the calling thread by ``run()``: signal watchers go here.
    public let loop: EventLoop
    private let servers: [AsyncEchoServer]
    private var threads: [EventLoopThread]
    private let drainTimeout: Duration
    private var isClosed = false

    /// Opens the first loop's listeners, then starts the other loops and opens theirs.
    ///
    /// - Throws: ``EchoServerError`` from any loop; nothing is left open or running when it throws.
    public init(configuration: EchoConfiguration) throws(EchoServerError) {
        do { loop = try EventLoop(backend: configuration.backend) } catch { throw .loop(error) }
        let first = try AsyncEchoServer(configuration: configuration.forFirstOfLoops, handle: loop.handle)
        var servers = [first]
        var threads: [EventLoopThread] = []
        let rest = configuration.forOtherLoops(after: first.listeners)
        func undo() {
            for server in servers { server.closeWithoutServing() }
            for thread in threads { thread.syncShutdown() }
        }
        for _ in 1..<max(configuration.loops, 1) {
            let thread: EventLoopThread
            do { thread = try EventLoopThread(name: "reactor-echo", backend: configuration.backend) } catch {
                undo()
                throw .loop(error)
            }
            threads.append(thread)
            do { servers.append(try AsyncEchoServer(configuration: rest, handle: thread.handle)) } catch {
                undo()
                throw error
            }
        }
        self.servers = servers
        self.threads = threads
        drainTimeout = configuration.drainTimeout
    }

    deinit { close() }

    /// What the first loop listens on (the others listen on the same TCP and UDP ports).
    public var listeners: [Listener] { servers[0].listeners }

    /// Serves on every loop until ``stop()``; then stops accepting on every loop, lets the open
    /// connections go on for up to ``EchoConfiguration/drainTimeout`` (until their peers close
    /// them), cancels the tasks of those left, waits for them, and stops the other loops.
    public func run() {
        let tasks = servers.map { server in Task(executorPreference: server.handle.executor) { await server.serve() } }
        loop.runForever()
        for server in servers { server.stopAccepting() }
        // The first server's tasks run on this loop: keep it running until they are all done.
        let handle = loop.handle
        let drainTimeout = drainTimeout
        Task(executorPreference: handle.executor) {
            let deadline = Task(executorPreference: handle.executor) {
                if drainTimeout > .zero { try? await handle.sleep(for: drainTimeout) }
                for task in tasks { task.cancel() }
            }
            for task in tasks { await task.value }
            deadline.cancel()
            handle.stop()
        }
        loop.runForever()
        close()
    }

    /// Makes ``run()`` wind down (drain, then close) after the current callback. Loop thread only.
    public func stop() { loop.stop() }


    /// Stops the other loops and waits for their threads. Idempotent.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        for server in servers { server.closeWithoutServing() }
        for thread in threads { thread.syncShutdown() }
        threads = []
    }
}
