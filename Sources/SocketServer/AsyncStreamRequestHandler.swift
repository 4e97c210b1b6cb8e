import Reactor

/// A handler for stream connections on the ``ProcessingModel/async`` model: `handle()` is an
/// `async` function that reads and writes ``connection`` as straight-line code, in a task on the
/// server's loop executor, so one thread serves thousands of connections.
///
/// - ``BaseRequestHandler/setup()`` runs on the loop thread when the connection is accepted.
/// - ``handle()`` runs in the connection's task; when it returns (or throws), the connection ends.
///   Reads and writes suspend the task, never the thread; a peer that never reads holds the task in
///   `AsyncConnection.write(_:)`, not memory.
/// - ``BaseRequestHandler/finish()`` runs once `handle()` has returned or thrown, then the server's
///   ``BaseServer/shutdownRequest(_:)`` closes the connection. An error from `handle()` or `finish()`
///   goes to ``BaseServer/handleError(_:clientAddress:error:)``.
///
/// ``BaseServer/serverClose()`` lets the tasks still running go on for up to
/// ``BaseServer/drainTimeout`` (with ``BaseServer/blockOnClose``, the default), so a reply being
/// written is finished; then it cancels the rest (their waits throw `CancellationError`), and
/// closes the connections of those that still have not ended.
///
/// ```swift
/// final class Echo: AsyncStreamRequestHandler {
///     override func handle() async throws {
///         var buffer = [UInt8](repeating: 0, count: 4096)
///         while case let count = try await connection.read(into: &buffer), count > 0 {
///             try await connection.write(buffer[..<count])
///         }
///     }
/// }
/// let server = try TCPServer(host: "127.0.0.1", port: 9000, handler: Echo.self)   // model .async
/// ```
///
/// Python: no socketserver counterpart; asyncio's `start_server(client_connected_cb)` with a
/// `StreamReader`/`StreamWriter` pair.
open class AsyncStreamRequestHandler: BaseRequestHandler {
    /// The connection, for async reads and writes on the server's loop.
    ///
    /// Python: the `reader`/`writer` pair of `client_connected_cb`.
    public let connection: AsyncConnection

    public required init(request: Request, clientAddress: SocketAddress, server: BaseServer) {
        connection = AsyncConnection(adopting: request.socket, handle: server.loopHandle)
        super.init(request: request, clientAddress: clientAddress, server: server)
    }

    /// Serves the connection; the default does nothing (the connection then ends).
    ///
    /// Python: the body of `client_connected_cb`.
    /// - Throws: Anything; it goes to ``BaseServer/handleError(_:clientAddress:error:)`` after ``BaseRequestHandler/finish()``.
    open func handle() async throws {}

    /// `setup()` on the loop thread, then the connection's task on the loop's executor.
    override func serveRequest() throws {
        try setup()
        let server = self.server
        let socket = request.socket
        let id = server.requestTasks.reserve()
        // The handler is the task's alone from here on: this method's caller only drops it.
        let handler = UncheckedBox(value: self)
        let task = Task(executorPreference: server.loopHandle.executor) {
            await handler.value.run()
            server.requestTasks.ended(id)
        }
        server.requestTasks.insert(id, task: task, socket: socket)
    }

    /// The task: `handle()`, then `finish()` even if `handle()` threw (an error from `finish()`
    /// wins, as in the blocking models), then `shutdownRequest`.
    private func run() async {
        var failure: (any Error)?
        do { try await handle() } catch { failure = error }
        do { try finish() } catch { failure = error }
        if let failure { server.handleError(request, clientAddress: clientAddress, error: failure) }
        server.shutdownRequest(request)
    }
}
