import Reactor

/// An event-driven handler for stream connections on the ``ProcessingModel/reactor`` model: it
/// runs on the server's loop thread and never blocks, so one thread serves thousands of clients.
///
/// - ``BaseRequestHandler/setup()`` runs when the connection is accepted.
/// - ``BaseRequestHandler/handle()`` runs each time bytes arrive, and once more at end-of-file
///   (``ReceiveBuffer/isAtEnd``). It reads what ``rfile`` holds, consumes what it can use, and
///   leaves the rest for the next call; it writes with ``wfile``, which sends at once what the
///   kernel takes and keeps the rest, sent as the socket becomes writable.
/// - ``BaseRequestHandler/finish()`` runs exactly once, when the connection ends, whichever side
///   ends it: the peer closes or resets it, the handler calls ``close()`` or throws, or the server
///   closes. Then the server's ``BaseServer/shutdownRequest(_:)`` closes the socket.
///
/// Back-pressure: while ``wfile`` holds more than ``highWaterMark`` bytes, the connection is not
/// writable (``SendBuffer/isWritable``): it is not read, and ``rfile`` shows nothing more, even of
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
    @exclusivity(unchecked) var held = ByteQueue()
    @exclusivity(unchecked) var readingShared = false
    @exclusivity(unchecked) var sharedStart = 0
    @exclusivity(unchecked) var sharedEnd = 0
    @exclusivity(unchecked) var output = ByteQueue()
    /// What the selector watches now; empty when not registered.
    @exclusivity(unchecked) var watched: Events = []
    /// Handler code on the stack: interest changes wait until it returns.
    @exclusivity(unchecked) var depth = 0
    @exclusivity(unchecked) var slot = -1
    @exclusivity(unchecked) var peerClosed = false
    @exclusivity(unchecked) var closing = false
    @exclusivity(unchecked) var failed = false
    @exclusivity(unchecked) var ended = false
    @exclusivity(unchecked) var outputPaused = false
    /// Takes from `rfile` left in this turn; unlimited outside `handle()`.
    @exclusivity(unchecked) var takesLeft = Int.max
    /// Input held back (budget spent, or `wfile` past the mark) that `handle()` has yet to see.
    @exclusivity(unchecked) var inputPending = false

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
    public var rfile: ReceiveBuffer { ReceiveBuffer(handler: self) }

    /// Where replies go: sent at once when the kernel takes them, else buffered and sent on writability.
    /// ``SendBuffer/isWritable`` says whether it holds more than ``highWaterMark``.
    ///
    /// Python: asyncio's `transport.write(data)`.
    public var wfile: SendBuffer { SendBuffer(handler: self) }

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
    public var isOpen: Bool { !ended }

    /// Ends the connection once ``wfile`` has drained; reading stops now. Idempotent.
    ///
    /// Python: asyncio's `transport.close()`.
    public func close() {
        guard !ended else { return }
        closing = true
        if depth == 0 { settle() }
    }

    /// Ends the connection at once (as soon as the handler code running returns): what ``wfile``
    /// holds is dropped, reading stops, `finish()` runs. Idempotent.
    ///
    /// Python: asyncio's `transport.abort()`.
    public func abort() {
        guard !ended else { return }
        failed = true
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
            ended = true
            throw error
        }
        depth -= 1
        settle()
    }

    /// The selector callback.
    final func onEvents(_ events: Events) {
        depth &+= 1
        if events.contains(.write) { flushOutput() }
        if events.contains(.read), !failed, !ended, !closing { readAndHandle() }
        depth &-= 1
        settle()
    }

    private func readAndHandle() {
        let socket = request.socket
        let received: Int?
        if held.isEmpty {
            let room = UnsafeMutableBufferPointer(rebasing: server.readBuffer[..<min(Self.readSize, inputLimit)])
            var span = room.mutableSpan
            do { received = try socket.receive(into: &span) } catch { return fail() }
            guard let count = received else { return }
            if count == 0 {
                peerClosed = true
            } else {
                server.counts.pointee.bytesReceived &+= count
                readingShared = true
                sharedStart = 0
                sharedEnd = count
            }
        } else {
            let tail = held.freeTail(wanted: 16384, limit: inputLimit)
            guard !tail.isEmpty else { return }  // full: settle() stops reading
            var span = tail.mutableSpan
            do { received = try socket.receive(into: &span) } catch { return fail() }
            guard let count = received else { return }
            if count == 0 {
                peerClosed = true
            } else {
                server.counts.pointee.bytesReceived &+= count
                held.commit(count)
            }
        }
        runHandle()
    }

    /// One turn of `handle()`, within the budget; what it leaves of the shared buffer is kept, and
    /// what it was not shown is owed another turn.
    private func runHandle() {
        takesLeft = inputBudget
        do {
            try handle()
        } catch {
            readingShared = false
            takesLeft = .max
            return teardown(error: error)
        }
        let budgetSpent = takesLeft <= 0
        takesLeft = .max
        keepLeftover()
        guard request.socket.isOpen else { return teardown() }  // the handler closed the socket itself
        inputPending = !held.isEmpty && (budgetSpent || outputPaused)
        if inputPending, !outputPaused { server.resumeInputNextTurn(self) }
    }

    /// The next turn for input held back: `handle()` runs on it again (the server's turn timer).
    func resumeInput() {
        guard inputPending, !ended, !closing, !failed, !outputPaused else { return }
        inputPending = false
        depth &+= 1
        runHandle()
        depth &-= 1
        settle()
    }

    /// What the handler left of the shared buffer moves into `held`: the shared buffer is reused
    /// by the next connection's read.
    private func keepLeftover() {
        guard readingShared else { return }
        readingShared = false
        if sharedStart < sharedEnd {
            held.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: server.readBuffer[sharedStart..<sharedEnd])))
        }
    }

    @inline(never)
    private func fail() {
        failed = true
    }

    private func flushOutput() {
        let socket = request.socket
        while !output.isEmpty {
            let sent: Int?
            do { sent = try socket.send(UnsafeBufferPointer(output.readable).span) } catch { return fail() }
            guard let sent else { return }
            server.counts.pointee.bytesSent &+= sent
            output.consume(sent)
        }
    }

    /// After handler code or an event: end the connection if it is over, else watch what it needs.
    func settle() {
        guard !ended else { return }
        if outputPaused, !failed, output.count <= highWaterMark / 4 {
            outputPaused = false
            if inputPending { server.resumeInputNextTurn(self) }
            notifyWritability(true)
            guard !ended else { return }
        }
        if failed || (closing && output.isEmpty) || (peerClosed && output.isEmpty && !inputPending) { return teardown() }
        var wanted: Events = []
        if !output.isEmpty { wanted.insert(.write) }
        if !peerClosed, !closing, !outputPaused, !inputPending, held.count < inputLimit { wanted.insert(.read) }
        guard wanted != watched else { return }
        let selector = server.selector
        let socket = request.socket
        do {
            if watched.isEmpty {
                try selector.register(socket, events: wanted) { [self] _, events in onEvents(events) }
            } else if wanted.isEmpty {
                try selector.unregister(socket)
            } else {
                try selector.modify(socket, events: wanted)
            }
            watched = wanted
        } catch {
            failed = true
            teardown()
        }
    }

    /// Ends the connection, once: `finish()`, the errors to `handleError`, then `shutdownRequest`.
    func teardown(error: (any Error)? = nil) {
        guard !ended else { return }
        ended = true
        let socket = request.socket
        if !watched.isEmpty, socket.isOpen { _ = try? server.selector.unregister(socket) }
        watched = []
        server.connections.remove(slot: slot)
        var finishError: (any Error)?
        depth += 1
        do { try finish() } catch { finishError = error }
        depth -= 1
        if let error { server.report(request, clientAddress: clientAddress, error: error) }
        if let finishError { server.report(request, clientAddress: clientAddress, error: finishError) }
        server.shutdownRequest(request)
        held.deallocate()
        output.deallocate()
    }

    /// Writes `bytes`: straight to the socket while nothing waits, the rest into `output`.
    /// After the end, only what the socket takes at once (from `finish()`), the rest is dropped.
    final func write(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty, !failed else { return }
        var sent = 0
        if output.isEmpty {
            let socket = request.socket
            let all = bytes.assumingMemoryBound(to: UInt8.self)
            while sent < bytes.count {
                let count: Int?
                do { count = try socket.send(UnsafeBufferPointer(rebasing: all[sent...]).span) } catch {
                    if !ended { fail() }
                    break
                }
                guard let count else { break }
                sent &+= count
            }
            server.counts.pointee.bytesSent &+= sent
        }
        guard !ended else { return }
        if !failed, sent < bytes.count {
            output.append(UnsafeRawBufferPointer(rebasing: bytes[sent...]))
            if !outputPaused, output.count > highWaterMark {
                outputPaused = true
                notifyWritability(false)
            }
        }
        if depth == 0 { settle() }
    }

    /// Runs ``writabilityChanged(_:)``; interest changes wait until it returns.
    @inline(never)
    private func notifyWritability(_ isWritable: Bool) {
        depth &+= 1
        writabilityChanged(isWritable)
        depth &-= 1
    }
}
