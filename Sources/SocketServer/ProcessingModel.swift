/// How a server processes its requests: the one setting that replaces Python's mix-in classes.
///
/// | model | handler | where it runs | Python |
/// |---|---|---|---|
/// | ``reactor`` | ``ReactorStreamHandler`` (stream), any handler (datagram) | the loop thread, event by event | asyncio's `Protocol` |
/// | ``async`` | ``AsyncStreamRequestHandler`` (stream) | a task per connection on the loop's executor | asyncio's `start_server` with a coroutine |
/// | ``synchronous`` | a blocking ``BaseRequestHandler`` | the loop thread, one request at a time | `TCPServer`, `UDPServer` |
/// | ``threading`` | a blocking ``BaseRequestHandler`` | a new thread per request | `ThreadingMixIn` |
/// | ``forking`` | a blocking ``BaseRequestHandler`` | a new child process per request | `ForkingMixIn` |
///
/// In every model the accept loop (or the datagram receive loop) stays on the server's libev loop.
/// For datagram servers ``reactor`` and ``synchronous`` are the same: each datagram is handled on
/// the loop thread, so its handler must not block for long.
///
/// Python: the choice between `TCPServer`, `ThreadingMixIn` + `TCPServer` and `ForkingMixIn` + `TCPServer`.
public enum ProcessingModel: Hashable, Sendable, CustomStringConvertible {
    /// Event-driven handlers on the loop thread: `handle()` runs when bytes arrive and never
    /// blocks; thousands of connections on one thread.
    ///
    /// Python: no socketserver counterpart; asyncio's `loop.create_server` with a `Protocol`.
    case reactor
    /// A task per connection, on the loop's executor: `handle() async throws` reads and writes
    /// through an `AsyncConnection`, suspending instead of blocking; thousands of connections on
    /// one thread, written as straight-line code.
    ///
    /// Python: no socketserver counterpart; `asyncio.start_server(client_connected_cb)`.
    case async
    /// One request at a time on the loop thread, with a blocking handler.
    ///
    /// Python: plain `socketserver.TCPServer` / `UDPServer`.
    case synchronous
    /// A new thread per request, with a blocking handler.
    ///
    /// Python: `socketserver.ThreadingMixIn` (`daemon_threads`, `block_on_close`).
    case threading
    /// A new child process per request, with a blocking handler; children are reaped through
    /// pidfd watchers on the loop.
    ///
    /// Python: `socketserver.ForkingMixIn` (`max_children`, `block_on_close`).
    case forking

    /// `.reactor`, `.async`, `.synchronous`, `.threading` or `.forking`.
    ///
    /// Python: the mix-in's class name plays this part.
    public var description: String {
        switch self {
        case .reactor: ".reactor"
        case .async: ".async"
        case .synchronous: ".synchronous"
        case .threading: ".threading"
        case .forking: ".forking"
        }
    }
}
