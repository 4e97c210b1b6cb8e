import Sockets

/// The base of every request handler: the server makes one instance per request (per connection,
/// or per datagram) and calls ``setup()``, ``handle()`` and ``finish()`` on it.
///
/// Subclass it (or ``StreamRequestHandler`` / ``DatagramRequestHandler``) and override
/// ``handle()``. With the blocking models (``ProcessingModel/synchronous``, ``ProcessingModel/threading``,
/// ``ProcessingModel/forking``) `handle()` runs once and may block; the connection ends when it
/// returns. For the event-driven ``ProcessingModel/reactor`` model, subclass ``ReactorStreamHandler``.
///
/// An error thrown by a hook goes to the server's ``BaseServer/handleError(_:clientAddress:error:)``;
/// `finish()` still runs when `handle()` throws (not when `setup()` does), as in Python.
///
/// Python: `socketserver.BaseRequestHandler`.
open class BaseRequestHandler {
    /// The connection, or the datagram and the server socket.
    ///
    /// Python: `self.request`.
    public let request: Request
    /// The peer's address.
    ///
    /// Python: `self.client_address`.
    public let clientAddress: SocketAddress
    /// The server that made this handler; cast it to reach your own server's state.
    ///
    /// Python: `self.server`.
    public let server: BaseServer

    /// Stores the request; the server then calls ``BaseRequestHandler/setup()``, ``BaseRequestHandler/handle()`` and
    /// ``BaseRequestHandler/finish()``.
    ///
    /// Override it (calling `super`) to trace or prepare per-request state.
    ///
    /// Python: `BaseRequestHandler.__init__(request, client_address, server)`, which in Python
    /// also runs the three hooks.
    public required init(request: Request, clientAddress: SocketAddress, server: BaseServer) {
        self.request = request
        self.clientAddress = clientAddress
        self.server = server
    }

    /// Runs before ``handle()``; the default does nothing.
    ///
    /// Python: `BaseRequestHandler.setup()`.
    /// - Throws: Anything; ``handle()`` and ``finish()`` then do not run.
    open func setup() throws {}

    /// Serves the request; the default does nothing.
    ///
    /// Python: `BaseRequestHandler.handle()`.
    /// - Throws: Anything; it goes to ``BaseServer/handleError(_:clientAddress:error:)`` after ``finish()``.
    open func handle() throws {}

    /// Runs after ``handle()``, also when it threw; the default does nothing.
    ///
    /// Python: `BaseRequestHandler.finish()`.
    /// - Throws: Anything; it goes to ``BaseServer/handleError(_:clientAddress:error:)``.
    open func finish() throws {}

    /// Runs the request to its end: `setup`, `handle`, then `finish` even if `handle` threw (an
    /// error from `finish` wins, as in a Python `finally`). The event-driven handler overrides it.
    func serveRequest() throws {
        try setup()
        do {
            try handle()
        } catch {
            try finish()
            throw error
        }
        try finish()
    }
}

@available(*, unavailable, message: "a handler belongs to the thread or loop that serves its request")
extension BaseRequestHandler: Sendable {}
