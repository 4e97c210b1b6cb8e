import ConsoleOutput
import CoreMetrics
import Logging
import Reactor
import ReactorObservability
import Synchronization

/// The engine and the hooks of every server: the loop that accepts (or receives) requests, the
/// processing model that runs their handlers, and the methods to override.
///
/// Use ``TCPServer``, ``UDPServer``, ``UnixStreamServer`` or ``UnixDatagramServer``; subclass them
/// to override hooks. ``serveForever(pollInterval:)`` runs the server's own libev `EventLoop`
/// (no polling: ``shutdown()`` from another thread returns as soon as the loop has stopped).
///
/// Threads: the loop, and so the server, is driven by one thread at a time, the one in
/// `serveForever()` or `handleRequest()`. ``shutdown()`` may be called from any thread. With the
/// ``ProcessingModel/threading`` model, as in Python, handler threads call ``finishRequest(_:clientAddress:)``,
/// ``handleError(_:clientAddress:error:)``, ``shutdownRequest(_:)`` and ``closeRequest(_:)``: overrides
/// of those must be safe to call from several threads. Settings are read when serving starts or a
/// request arrives: set them before serving. The type is `@unchecked Sendable` on these terms.
///
/// Ctrl-C: `try server.loop.onSignal(SIGINT) { _ in server.shutdown() }` before serving; a
/// `shutdown()` on the loop thread stops the loop after the current callback without waiting.
///
/// Python: `socketserver.BaseServer`.
open class BaseServer: @unchecked Sendable, FileDescriptorRepresentable {
    /// The address the server is bound to; with port 0 asked for, the port the kernel picked.
    ///
    /// Python: `server.server_address`.
    public internal(set) var serverAddress: SocketAddress
    /// The handler class; one instance serves each request.
    ///
    /// Python: `server.RequestHandlerClass`.
    public let handlerType: BaseRequestHandler.Type
    /// How requests are processed.
    ///
    /// Python: the mix-in class (`ThreadingMixIn`, `ForkingMixIn`) or none.
    public let model: ProcessingModel
    /// The listening (or datagram) socket.
    ///
    /// Python: `server.socket`.
    public let socket: Socket
    /// The server's own event loop: add signal watchers and timers to it before serving, or on the
    /// loop's thread (from a handler or a loop callback). Other threads use ``loopHandle``.
    ///
    /// The loop is not `Sendable` and the server is: debug builds trap when this is read from
    /// another thread while the loop runs (`Reactor: BaseServer.loop called off its loop's thread`),
    /// rather than let two threads drive libev.
    ///
    /// Python: no counterpart (`serve_forever` polls with `selectors`).
    public var loop: EventLoop {
        ownLoop.requireLoopThread("BaseServer.loop")
        return ownLoop
    }
    /// The `Sendable` door into ``loop`` for any thread: wake it, stop it, run work on it.
    ///
    /// Python: no counterpart.
    public let loopHandle: EventLoopHandle
    /// ``loop`` without the check, for the server's own code that may run off the loop's thread.
    let ownLoop: EventLoop
    let selector: Selector
    let isEventDriven: Bool

    /// How long ``handleRequest()`` waits for a request before it calls ``handleTimeout()``; nil
    /// waits forever. ``serveForever(pollInterval:)`` ignores it, as in Python.
    ///
    /// Python: `BaseServer.timeout`.
    public var timeout: Duration?
    /// ``ProcessingModel/threading``: true makes request threads detached, never joined by
    /// ``serverClose()``.
    ///
    /// Python: `ThreadingMixIn.daemon_threads` (which also lets the interpreter exit without them;
    /// a Swift process ends all its threads when it exits, whatever this says).
    public var daemonThreads = false
    /// ``serverClose()`` lets what is still running finish, for up to ``drainTimeout``:
    /// ``ProcessingModel/threading`` and ``ProcessingModel/forking`` wait for the request threads
    /// or child processes to end, ``ProcessingModel/async`` for the connections' tasks,
    /// ``ProcessingModel/reactor`` lets open connections send what their `wfile` still holds.
    /// False: it ends them at once (threads are left running, detached; tasks are cancelled).
    /// ``ProcessingModel/synchronous`` has nothing running by then: its one request ran on the
    /// serving thread, and `serveForever` returned only after it.
    ///
    /// Python: `ThreadingMixIn.block_on_close`, `ForkingMixIn.block_on_close` (which wait without limit).
    public var blockOnClose = true
    /// ``ProcessingModel/forking``: at most this many children at once; accepting pauses (clients
    /// wait in the listen backlog) until one exits.
    ///
    /// Python: `ForkingMixIn.max_children` (Python blocks in `waitpid` instead).
    public var maxChildren = 40
    /// ``ProcessingModel/threading``: at most this many request threads at once; accepting pauses
    /// (clients wait in the listen backlog) until one ends, so idle clients cannot make the server
    /// start a thread each (10,000 idle connections made 10,000 threads). Default 256.
    ///
    /// Python: no counterpart (`ThreadingMixIn` starts a thread per request, without limit).
    public var maxThreads = 256
    /// ``ProcessingModel/threading`` and ``ProcessingModel/forking``: the longest a request may
    /// run. Past it, its connection is shut down (threading: the handler's reads see end-of-file,
    /// its writes fail) or its child is killed (forking, `SIGKILL`). nil (the default): no limit.
    /// A thread blocked on something other than its connection is not interrupted, and a datagram
    /// request, whose socket is the server's own, is not either (threading).
    ///
    /// Python: no counterpart (`StreamRequestHandler.timeout` bounds each read, not the request).
    public var requestTimeout: Duration?
    /// How long ``serverClose()`` (with ``blockOnClose``) lets what is still running finish before
    /// it ends it: reactor connections flushing their `wfile` are closed, request threads get their
    /// connections shut down (then at most a second more to end, or they are left running,
    /// detached), tasks are cancelled (then their connections closed), children are killed
    /// (`SIGKILL`). So a trickling upload or an idle client cannot hold a shutdown. Default 5 seconds.
    ///
    /// Python: no counterpart (`server_close` waits for every thread and child).
    public var drainTimeout: Duration = .seconds(5)
    /// ``ProcessingModel/forking``: the children not reaped yet. Read it on the loop thread.
    ///
    /// Python: `ForkingMixIn.active_children`.
    public internal(set) var activeChildren: Set<Int32> = []
    /// Where the server's diagnostics go: errors reported to ``handleError(_:clientAddress:error:)``
    /// (by its default), accept pauses when the process is out of descriptors (at most one line
    /// every 10 seconds, with the number of pauses in between). Each report carries structured
    /// metadata (`client`, `errno`, `pause_ms`, `held_back`...) and, where there is one, the error.
    ///
    /// The default writes each message alone, on standard error, as Python's `socketserver` prints
    /// it, through a thread of its own (`BackgroundLog`), so that a standard error nobody reads
    /// never stops the loop. Give your own `Logger` (any swift-log backend) to route, filter or
    /// format the reports; `Logger.background(label:)` (ReactorObservability) writes them with
    /// the time, level and metadata. Set it before serving.
    ///
    /// Python: no counterpart (`handle_error` prints a traceback to `sys.stderr`).
    public var logger = Logger.background(label: "socketserver", format: .plain(prefix: ""))
    /// Counts kept on the loop thread with plain additions (the bytes of reactor connections,
    /// accepts, pauses); published to swift-metrics when a backend is bootstrapped (see
    /// ``statistics``).
    let counts: UnsafeMutablePointer<ServerCounts>
    /// Errors reported, from the loop thread and from request threads.
    let errorCount = Atomic<Int>(0)
    /// The metrics factory when the server was made (a task-local one counts), and the metrics
    /// made from it once the server's address is known.
    let metricsFactory = MetricsSystem.factory
    var metrics: ServerMetrics?
    var metricsTimer: LoopTimer?
    var pauseReports = ReportRateLimit()

    // Loop-thread state (Serving, Dispatch, Forking, Children, Threading and Connections extensions).
    var childWatchers: [Int32: ChildWatcher] = [:]
    var unwatchedChildReaper: LoopTimer?
    var childDeadlines: [Int32: LoopTimer] = [:]
    var threadDeadlines: [Int: LoopTimer] = [:]
    var watching = WatchMode.none
    var singleRequestReady = false
    let acceptPause = AcceptPause()
    var isClosed = false
    var unixSocketFile: UnixSocketFile?
    var connections = ConnectionTable()
    /// Reactor connections owed a turn of `handle()` on input they hold back, and its timer.
    var inputResumptions: [ReactorStreamHandler] = []
    var inputTurn: LoopTimer?
    /// ``ProcessingModel/async``: the connections' tasks, to cancel and wait for when the server closes.
    var requestTasks = RequestTasks()
    /// The reactor's read buffer, shared by every connection of this server's loop.
    let readBuffer: UnsafeMutableBufferPointer<UInt8>
    let serveState = ServeState()
    let threads = Mutex(ThreadTable())

    /// Creates a server on `socket`, already created (and not yet bound) by the subclass.
    ///
    /// Python: `BaseServer.__init__(server_address, RequestHandlerClass)`.
    /// - Parameters:
    ///   - serverAddress: The address to bind to.
    ///   - socket: The server's socket.
    ///   - handler: The handler class.
    ///   - model: nil for the handler's natural model: ``ProcessingModel/reactor`` for a
    ///     ``ReactorStreamHandler`` and for datagram servers, ``ProcessingModel/synchronous``
    ///     for a blocking handler on a stream server (Python's `TCPServer`).
    /// - Throws: ``SocketServerError`` when the handler cannot run with `model`, or the loop cannot start.
    public init(
        serverAddress: SocketAddress, socket: Socket, handler: BaseRequestHandler.Type, model: ProcessingModel? = nil
    ) throws(SocketServerError) {
        let stream = socket.type != .datagram
        self.model = try Self.resolve(model, handler: handler, stream: stream)
        do { ownLoop = try EventLoop() } catch { throw .eventLoop(error) }
        loopHandle = ownLoop.handle
        self.serverAddress = serverAddress
        self.socket = socket
        self.handlerType = handler
        self.isEventDriven = handler is ReactorStreamHandler.Type
        selector = Selector(loop: ownLoop)
        readBuffer = .allocate(capacity: isEventDriven ? ReactorStreamHandler.readSize : 0)
        // Allocated after the last throw: a throwing init runs no deinit to free it.
        counts = .allocate(capacity: 1)
        counts.initialize(to: ServerCounts())
        socket.isBlocking = false
    }

    deinit {
        acceptPause.cancel()
        inputTurn?.cancel()
        unwatchedChildReaper?.cancel()
        for timer in Array(childDeadlines.values) + Array(threadDeadlines.values) { timer.cancel() }
        metricsTimer?.cancel()
        selector.close()
        readBuffer.deallocate()
        counts.deallocate()
    }

    /// The socket's descriptor, so a server can be registered with a `Selector`.
    ///
    /// Python: `server.fileno()`.
    public var fileDescriptor: Int32 { socket.fileDescriptor }

    /// Handles requests until ``shutdown()``: runs the loop, with the socket watched for requests.
    ///
    /// Python: `BaseServer.serve_forever(poll_interval)`.
    /// - Parameter pollInterval: How often ``serviceActions()`` runs, requests or not (it also
    ///   runs after each batch of requests); nil: only after requests. It does not delay ``shutdown()``.
    open func serveForever(pollInterval: Duration? = .milliseconds(500)) {
        defaultServeForever(pollInterval: pollInterval)
    }

    /// Waits for one request, within ``timeout``, and handles it; calls ``handleTimeout()`` if
    /// none came. The loop runs meanwhile, so reactor connections and child exits are served too.
    ///
    /// Python: `BaseServer.handle_request()`.
    open func handleRequest() {
        defaultHandleRequest()
    }

    /// Stops ``serveForever(pollInterval:)`` and returns once it has returned; from any thread.
    ///
    /// Called on the loop thread (from a handler or a signal watcher), it stops the loop after the
    /// current callback and returns at once. Called before `serveForever` starts, that call
    /// returns at once, and this waits for it, as in Python.
    ///
    /// Python: `BaseServer.shutdown()`.
    open func shutdown() {
        defaultShutdown()
    }

    /// Closes the socket and ends what the model left running: reactor connections (after a drain,
    /// see ``blockOnClose``), request threads (joined with ``blockOnClose``), children (waited
    /// for with ``blockOnClose``). Idempotent. Call it after `serveForever` has returned.
    ///
    /// Python: `BaseServer.server_close()` and the mix-ins' overrides.
    open func serverClose() {
        defaultServerClose()
    }

    /// Returns whether to process the request; false closes it before any handler runs. The
    /// default accepts every request.
    ///
    /// ```swift
    /// override func verifyRequest(_ request: Request, clientAddress: SocketAddress) -> Bool {
    ///     isInLoopbackNetwork(clientAddress)    // only 127.0.0.0/8
    /// }
    /// ```
    ///
    /// Python: `BaseServer.verify_request(request, client_address)`.
    open func verifyRequest(_ request: Request, clientAddress: SocketAddress) -> Bool {
        true
    }

    /// Processes a verified request with the server's ``model``: on the loop thread, on a new
    /// thread or in a child process.
    ///
    /// Python: `BaseServer.process_request`, `ThreadingMixIn.process_request`, `ForkingMixIn.process_request`.
    /// - Throws: What ``finishRequest(_:clientAddress:)`` throws (loop-thread models), or the
    ///   thread or `fork` failure; the caller then calls ``handleError(_:clientAddress:error:)``
    ///   and ``shutdownRequest(_:)``.
    open func processRequest(_ request: Request, clientAddress: SocketAddress) throws {
        try defaultProcessRequest(request, clientAddress: clientAddress)
    }

    /// Makes the handler and runs it: `setup`, `handle`, `finish` for a blocking handler; for a
    /// ``ReactorStreamHandler``, `setup` and the connection's registration on the loop; for an
    /// ``AsyncStreamRequestHandler``, `setup` and the connection's task on the loop's executor.
    ///
    /// Python: `BaseServer.finish_request(request, client_address)`.
    /// - Throws: What the handler's hooks throw.
    open func finishRequest(_ request: Request, clientAddress: SocketAddress) throws {
        let handler = handlerType.init(request: request, clientAddress: clientAddress, server: self)
        try handler.serveRequest()
    }

    /// Reports an error a handler threw; the default logs it to ``logger`` at `.error`:
    /// `Exception occurred during processing of request from ('127.0.0.1', 40312): <error>`, with
    /// the metadata `client` and the error. With the default logger that is one line on standard
    /// error, written by a thread of its own, so that a standard error nobody reads never stops
    /// the loop (``serverClose()`` gives the lines a second to get out).
    ///
    /// Python: `BaseServer.handle_error(request, client_address)` (which prints a traceback).
    open func handleError(_ request: Request, clientAddress: SocketAddress, error: any Error) {
        logger.error(
            "Exception occurred during processing of request from \(clientAddress.pythonDescription): \(error)",
            error: error, metadata: ["client": "\(clientAddress)"])
    }

    /// Called by ``handleRequest()`` when no request came within ``timeout``; does nothing.
    ///
    /// Python: `BaseServer.handle_timeout()` (`ForkingMixIn` reaps children there; here pidfd
    /// watchers do that as children exit).
    open func handleTimeout() {}

    /// Called by ``serveForever(pollInterval:)`` after each batch of requests and every
    /// `pollInterval` (a loop timer); does nothing.
    ///
    /// Python: `BaseServer.service_actions()`.
    open func serviceActions() {}

    /// Ends a request: half-closes a connection (`shutdown(SHUT_WR)`, errors ignored), then
    /// ``closeRequest(_:)``.
    ///
    /// Python: `TCPServer.shutdown_request(request)`, `UDPServer.shutdown_request(request)`.
    open func shutdownRequest(_ request: Request) {
        if case .connection(let socket) = request { try? socket.shutdown(.write) }
        closeRequest(request)
    }

    /// Releases a request: closes a connection; nothing for a datagram.
    ///
    /// Python: `TCPServer.close_request(request)`, `UDPServer.close_request(request)`.
    open func closeRequest(_ request: Request) {
        if case .connection(let socket) = request { socket.close() }
    }

    /// Takes the next request from the socket without blocking: nil when none is pending.
    ///
    /// The subclasses implement it (`accept`, `recvfrom`); the base class has none.
    ///
    /// Python: `TCPServer.get_request()`, `UDPServer.get_request()`.
    /// - Throws: `SocketError` from `accept` or `recvfrom`.
    open func getRequest() throws(SocketError) -> (request: Request, clientAddress: SocketAddress)? {
        nil
    }

    private static func resolve(
        _ model: ProcessingModel?, handler: BaseRequestHandler.Type, stream: Bool
    ) throws(SocketServerError) -> ProcessingModel {
        let name = String(describing: handler)
        if handler is AsyncStreamRequestHandler.Type {
            guard stream, model == nil || model == .async else { throw .asyncHandlerNeedsAsyncStream(handler: name, model: model) }
            return .async
        }
        if handler is ReactorStreamHandler.Type {
            guard stream else { throw .eventDrivenHandlerOnDatagramServer(handler: name) }
            guard model == nil || model == .reactor else { throw .eventDrivenHandlerNeedsReactor(handler: name, model: model!) }
            return .reactor
        }
        guard stream else { return model ?? .reactor }
        if model == .reactor { throw .blockingHandlerOnReactor(handler: name) }
        if model == .async { throw .blockingHandlerOnAsync(handler: name) }
        return model ?? .synchronous
    }
}
