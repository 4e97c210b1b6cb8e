import Reactor

/// An event-driven handler for stream connections on the ``ProcessingModel/reactor`` model: it
/// runs on the server's loop thread and never blocks, so one thread serves thousands of clients.
///
/// - ``BaseRequestHandler/setup()`` runs when the connection is accepted.
/// - ``BaseRequestHandler/handle()`` runs each time bytes arrive, and once more at end-of-file
///   (``ReactorInputView/isAtEnd``). It reads what ``rfile`` holds, consumes what it can use, and
///   leaves the rest for the next call; it writes with ``wfile``, which sends at once what the
///   kernel takes and keeps the rest, sent as the socket becomes writable.
/// - ``BaseRequestHandler/finish()`` runs exactly once, when the connection ends, whichever side
///   ends it: the peer closes or resets it, the handler calls ``close()`` or throws, or the server
///   closes. Then the server's ``BaseServer/shutdownRequest(_:)`` closes the socket.
///
/// Back-pressure: while ``wfile`` holds more than ``highWaterMark`` bytes, the connection is not
/// writable (``ReactorOutputView/isWritable``): it is not read, and ``rfile`` shows nothing more, even of
/// what it holds: a handler that answers each line stops answering once the answers pass the mark,
/// whatever one read brought (64 KiB of newlines are 65,536 requests), so a peer that does not
/// read cannot make the server buffer its replies without bound. Once `wfile` has drained to a
/// quarter of the mark, `handle()` runs again on what was held back, then reading resumes.
/// ``rfile`` holds at most ``inputLimit`` bytes; reading pauses while it is full, so `handle()`
/// must consume what it can.
///
/// Writes from elsewhere (another connection's `handle()`, a timer) are not replies to this
/// connection's input, and pausing its reading does not slow them: a broadcast to a peer that
/// never reads would grow its `wfile` without bound. ``writabilityChanged(_:)`` tells when `wfile`
/// passes the mark and when it has drained: stop writing to the peer, or let it go with
/// ``abort()`` (the `chat_server` example does).
///
/// Fairness: in one turn of the loop, `handle()` takes from ``rfile`` at most ``inputBudget``
/// times (each `readLine`, `read`, `readAvailable` or `skip` is one); then `rfile` holds the rest
/// back and `handle()` runs on it again in the next turn, after the other connections had theirs.
/// So a connection with a flood of buffered requests never holds up the others for long. A nil
/// from `rfile` therefore means "not now": `handle()` always runs again while bytes are held back.
///
/// End a connection with ``close()`` (it ends once ``wfile`` has drained), not by closing
/// `request.socket`. After end-of-file, the connection ends once `wfile` has drained.
///
/// ```swift
/// final class Echo: ReactorStreamHandler {
///     override func handle() {
///         rfile.peek { wfile.write($0) }     // no allocation per message
///         rfile.skip(rfile.count)
///     }
/// }
/// ```
///
/// Python: no socketserver counterpart; asyncio's `Protocol` (`connection_made`, `data_received`,
/// `eof_received`, `connection_lost`) with `transport.write` and its high-water mark.
open class ReactorStreamHandler: BaseRequestHandler {
    /// The size of one read, and of the server's shared read buffer.
    static let readSize = 65536

    // Input is read into the server's shared buffer and `handle()` sees it there; only what the
    // handler leaves is copied into `held`, and then later reads append to `held`.
    //
    // The connection's state is touched on the loop thread only, by short accesses that never span a
    // call into handler code (`rfile.peek` lends a pointer, not an access): unchecked, since this
    // class is open and so its properties' accesses could not be proved apart and each cost a dynamic
    // exclusivity check (about 80 instructions through thread-local storage, four per message).
    @exclusivity(unchecked) var life = ConnectionLife.open
    @exclusivity(unchecked) var input = ConnectionInput()
    @exclusivity(unchecked) var held = ByteQueue()
    @exclusivity(unchecked) var output = ByteQueue()
    /// Whether `output` is at most the high-water mark (or has drained to a quarter of it since).
    @exclusivity(unchecked) var isWritable = true
    /// What the selector watches now; empty when not registered.
    @exclusivity(unchecked) var watched: Events = []
    /// Handler code on the stack: interest changes wait until it returns.
    @exclusivity(unchecked) var depth = 0
    @exclusivity(unchecked) var slot = -1

    /// How many bytes ``wfile`` may hold before reading pauses. Default 64 KiB.
    ///
    /// Python: asyncio's `transport.set_write_buffer_limits(high=...)`.
    open var highWaterMark: Int { 65536 }

    /// How many bytes ``rfile`` may hold; reading pauses while it is full. Default 64 KiB.
    ///
    /// Python: asyncio's `StreamReader` `limit`.
    open var inputLimit: Int { 65536 }

    /// How many times `handle()` may take from ``rfile`` in one turn of the loop before `rfile`
    /// holds the rest back until the next turn (see "Fairness" above). Default 64.
    ///
    /// Python: no counterpart (asyncio hands `data_received` each read whole).
    open var inputBudget: Int { 64 }

    /// What the peer sent and the handler has not consumed.
    ///
    /// Python: the `data` of asyncio's `data_received(data)`, kept until consumed.
    public var rfile: ReactorInputView { ReactorInputView(handler: self) }

    /// Where replies go: sent at once when the kernel takes them, else buffered and sent on writability.
    /// ``ReactorOutputView/isWritable`` says whether it holds more than ``highWaterMark``.
    ///
    /// Python: asyncio's `transport.write(data)`.
    public var wfile: ReactorOutputView { ReactorOutputView(handler: self) }

    /// Called when ``wfile`` passes ``highWaterMark`` (`false`), and when it has drained to a
    /// quarter of the mark again (`true`); does nothing.
    ///
    /// It runs on the loop thread: for `false`, inside the `wfile.write` that
    /// passed the mark, whichever handler made it (as asyncio calls `pause_writing()` inside
    /// `transport.write`); for `true`, once the socket has taken enough. Writing, ``close()`` and
    /// ``abort()`` are allowed here. While not writable, the connection is not read either.
    ///
    /// Python: asyncio's `Protocol.pause_writing()` (`false`) and `Protocol.resume_writing()` (`true`).
    open func writabilityChanged(_ isWritable: Bool) {}

    /// Whether the connection has not ended yet (``BaseRequestHandler/finish()`` has not run).
    ///
    /// Python: `not transport.is_closing()`, roughly.
    public var isOpen: Bool { life != .ended }

    /// Ends the connection once ``wfile`` has drained; reading stops now. Idempotent.
    ///
    /// Python: asyncio's `transport.close()`.
    public func close() {
        guard life == .open else { return }
        life = .closing
        if depth == 0 { settle() }
    }

    /// Ends the connection at once (as soon as the handler code running returns): what ``wfile``
    /// holds is dropped, reading stops, `finish()` runs. Idempotent.
    ///
    /// Python: asyncio's `transport.abort()`.
    public func abort() {
        guard life == .open || life == .closing else { return }
        life = .aborting
        if depth == 0 { settle() }
    }

    /// Registers the connection and runs `setup()`; the loop does the rest.
    override func serveRequest() throws {
        slot = server.connections.insert(self)
        depth += 1
        do {
            try setup()
        } catch {
            depth -= 1
            server.connections.remove(slot: slot)
            life = .ended
            throw error
        }
        depth -= 1
        settle()
    }
}
