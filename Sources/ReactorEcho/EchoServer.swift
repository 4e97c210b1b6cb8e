import Glibc
import Reactor
import ReactorObservability

/// The callback echo server of the seeds' `selectors_echo_server.py`, on `Selector` callbacks:
/// TCP, and optionally UDP, a Unix stream socket and a Unix datagram socket, all on one loop.
///
/// Every byte comes back in order whatever the sizes; a peer that does not read costs a bounded
/// buffer; resets, half-closes and garbage are ordinary events; running out of descriptors pauses
/// accepting instead of spinning (man 3 ev, "The special problem of accept()ing when you can't").
public final class EchoServer {
    /// The selector all sockets are registered with.
    public let selector: Selector
    /// What the server listens on, with the ports the kernel picked.
    public private(set) var listeners: [Listener] = []
    /// The read buffer shared by every connection and UDP socket of this loop.
    let buffer: UnsafeMutableBufferPointer<UInt8>
    /// The Unix datagram socket's own buffer, as large as the largest datagram a peer can send it.
    private var unixDatagramBuffer: UnsafeMutableBufferPointer<UInt8>?
    /// The log, the counts and the metrics.
    private(set) var telemetry: EchoTelemetry!
    /// Every stream connection's echo (one object for all of them).
    private(set) var streams: StreamEcho!
    private var unixFiles: [UnixSocketFile] = []
    /// The listening and datagram sockets, closed when accepting stops.
    private var listenerSockets: [Socket] = []
    let acceptPause = AcceptPause()
    private let drainTimeout: Duration
    private var isAccepting = true
    private var isClosed = false

    /// The size of the shared read buffer, and so the most a connection ever holds back.
    public static let readBufferSize = 65536

    /// Opens every listener of `configuration` on `loop` (a new loop on the configured backend if nil).
    ///
    /// - Throws: ``EchoServerError``: a bad address, a port in use, an unusable Unix path, an
    ///   unavailable backend. Nothing stays open when it throws.
    public init(configuration: EchoConfiguration, loop: EventLoop? = nil) throws(EchoServerError) {
        if let loop {
            selector = Selector(loop: loop)
        } else {
            do { selector = try Selector(backend: configuration.backend) } catch { throw .loop(error) }
        }
        buffer = .allocate(capacity: Self.readBufferSize)
        drainTimeout = configuration.drainTimeout
        do {
            try open(configuration)
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
        buffer.deallocate()
        unixDatagramBuffer?.deallocate()
    }

    /// The loop the server runs on.
    public var loop: EventLoop { selector.loop }

    /// How many connections are open now.
    public var connectionCount: Int { isClosed ? 0 : telemetry.tally.pointee.accepted - telemetry.tally.pointee.closed }

    /// What the server has counted so far: connections accepted, open and closed, bytes received
    /// and sent, datagrams, errors, accept pauses. Loop thread (or after ``run()``).
    ///
    /// With a swift-metrics backend bootstrapped (or a task-local factory bound) when the server
    /// was made, the same figures are published as metrics every second while ``run()`` runs,
    /// and when it returns (see `ServerMetrics` in ReactorObservability; the dimension `server`
    /// is ``EchoConfiguration/metricsName``). Bytes and datagrams are counted only then: with no
    /// backend the per-message path adds nothing, and `bytesReceived`, `bytesSent` and `datagrams`
    /// stay zero; connections, errors and accept pauses are counted either way.
    public var statistics: ServerCounts { telemetry.statistics }

    /// Serves until ``stop()``.
    public func run() {
        telemetry.startPublishing(on: loop)
        selector.run()
        telemetry.stopPublishing(on: loop)
    }

    /// Makes ``run()`` return after the current callback; connections stay open until ``close()``.
    public func stop() { selector.stop() }

    /// A graceful stop, after ``run()`` has returned: stops accepting (the listeners and datagram
    /// sockets close, the Unix socket files go, new clients are refused), then runs the loop, still
    /// echoing on the open connections, until their peers have closed them or `timeout` has
    /// passed. ``close()`` then closes what is left. Loop thread only.
    ///
    /// - Parameter timeout: The drain deadline; default ``EchoConfiguration/drainTimeout``.
    public func drain(timeout: Duration? = nil) {
        stopAccepting()
        let timeout = timeout ?? drainTimeout
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        telemetry.startPublishing(on: loop)
        defer { telemetry.stopPublishing(on: loop) }
        while connectionCount > 0 {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { break }
            loop.runOnce(timeout: remaining)
        }
    }

    /// Closes the listeners and datagram sockets and removes the Unix socket files; open
    /// connections go on. Idempotent.
    public func stopAccepting() {
        guard isAccepting else { return }
        isAccepting = false
        acceptPause.cancel()
        for socket in listenerSockets { socket.close() }
        for file in unixFiles { file.remove() }
        unixFiles = []
    }

    /// Closes every connection and listener and removes the Unix socket files. Idempotent.
    public func close() {
        guard !isClosed else { return }
        stopAccepting()
        streams?.closeAll()
        telemetry?.stopPublishing(on: loop)
        isClosed = true
        selector.close()
    }

    private func open(_ configuration: EchoConfiguration) throws(EchoServerError) {
        let bound = try BoundSockets(configuration: configuration)
        unixFiles = bound.unixFiles
        listeners = bound.entries.map(\.listener)
        listenerSockets = bound.entries.map(\.socket)
        telemetry = EchoTelemetry(configuration: configuration, listeners: listeners)
        streams = StreamEcho(selector: selector, buffer: buffer, telemetry: telemetry)
        for entry in bound.entries {
            let socket = entry.socket
            do {
                if entry.isStream {
                    let isTCP = entry.listener.transport == .tcp
                    // unowned(unsafe): the server outlives its keys (close() unregisters them all, and
                    // deinit closes), and `unowned` would cost a strong retain and release per wake-up.
                    try watch(socket) { [unowned(unsafe) self] _, _ in acceptConnections(on: socket, tcp: isTCP) }
                } else {
                    // Any address of the right size serves as the initial value the receives overwrite.
                    let sender = entry.listener.address
                    // A UDP payload is at most 65,527 bytes: the shared 64 KiB buffer holds any.
                    let buffer = entry.listener.transport == .unixDatagram ? try largestDatagramBuffer(for: socket) : self.buffer
                    // Bytes are counted only for metrics: two callbacks, so that without a backend
                    // the per-datagram path has nothing to add.
                    if telemetry.countsBytes {
                        try watch(socket) { [unowned(unsafe) self] _, _ in echoAndCountDatagrams(on: socket, sender: sender, into: buffer) }
                    } else {
                        try watch(socket) { [unowned(unsafe) self] _, _ in echoDatagrams(on: socket, sender: sender, into: buffer) }
                    }
                }
            } catch {
                bound.close()
                throw error
            }
        }
    }

    /// A receive buffer for the largest datagram a peer can send the Unix datagram `socket`
    /// (``BoundSockets/largestUnixDatagram(on:)``); memory is touched only as far as the longest one.
    private func largestDatagramBuffer(for socket: Socket) throws(EchoServerError) -> UnsafeMutableBufferPointer<UInt8> {
        let size = try BoundSockets.largestUnixDatagram(on: socket)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(size, Self.readBufferSize))
        unixDatagramBuffer = buffer
        return buffer
    }

    private func watch(_ socket: Socket, _ callback: @escaping (SelectorKey, Events) -> Void) throws(EchoServerError) {
        do { try selector.register(socket, events: .read, callback: callback) } catch { throw .selector(error) }
    }
}
