import Reactor

/// Why a server could not be created, bound or started, in words that say which problem it is.
///
/// Python: the `OSError` (`EADDRINUSE`...), `ValueError` and `TypeError` that `socketserver`
/// constructors raise.
public enum SocketServerError: Error, Equatable, CustomStringConvertible {
    /// The address is not valid: not a numeric host, or a Unix path too long for `sun_path`.
    ///
    /// Python: `OSError: AF_UNIX path too long`, `socket.gaierror`.
    case address(SocketAddressError)
    /// The host name does not resolve.
    ///
    /// Python: `socket.gaierror: [Errno -2] Name or service not known`.
    case resolver(ResolverError)
    /// A socket call failed: `bind` on a port in use, `listen`, `setsockopt`...
    ///
    /// Python: `OSError` (`[Errno 98] Address already in use`).
    case socket(SocketError)
    /// A Unix stream or datagram server is already bound at the path; it is left alone.
    ///
    /// Python: `OSError: [Errno 98] Address already in use`.
    case unixSocketInUse(path: String)
    /// The Unix socket path exists and is not a socket; it is left alone.
    ///
    /// Python: `OSError: [Errno 98] Address already in use` (Python does not say why).
    case notASocket(path: String)
    /// The server's event loop could not be created.
    ///
    /// Python: no counterpart (`selectors` cannot fail this way).
    case eventLoop(EventLoopError)
    /// A blocking handler was given to a stream server with the ``ProcessingModel/reactor`` model.
    ///
    /// Python: no counterpart.
    case blockingHandlerOnReactor(handler: String)
    /// An event-driven ``ReactorStreamHandler`` was given with a model other than ``ProcessingModel/reactor``.
    ///
    /// Python: no counterpart.
    case eventDrivenHandlerNeedsReactor(handler: String, model: ProcessingModel)
    /// An event-driven ``ReactorStreamHandler`` was given to a datagram server.
    ///
    /// Python: no counterpart.
    case eventDrivenHandlerOnDatagramServer(handler: String)
    /// A blocking handler was given to a stream server with the ``ProcessingModel/async`` model.
    ///
    /// Python: no counterpart.
    case blockingHandlerOnAsync(handler: String)
    /// An ``AsyncStreamRequestHandler`` was given with a model other than ``ProcessingModel/async``,
    /// or to a datagram server.
    ///
    /// Python: no counterpart.
    case asyncHandlerNeedsAsyncStream(handler: String, model: ProcessingModel?)
    /// `fork()` failed (`EAGAIN`: too many processes, `ENOMEM`).
    ///
    /// Python: `OSError` from `os.fork()`.
    case forkFailed(errno: Int32)
    /// A request thread could not be started (`EAGAIN`: too many threads).
    ///
    /// Python: `RuntimeError: can't start new thread`.
    case threadStartFailed(errno: Int32)
    /// A datagram of `size` bytes was longer than the server's `maxPacketSize`: it was refused
    /// (no handler ran) and reported to ``BaseServer/handleError(_:clientAddress:error:)``.
    ///
    /// Python: no counterpart (`UDPServer` hands the handler the first `max_packet_size` bytes).
    case datagramTruncated(size: Int, maxPacketSize: Int)

    /// One line naming the problem.
    ///
    /// Python: `str(exception)`.
    public var description: String {
        switch self {
        case .address(let error):
            error.description
        case .resolver(let error):
            error.description
        case .socket(let error):
            error.description
        case .unixSocketInUse(let path):
            "bind \(path): a server is already bound there (a live socket is never replaced)"
        case .notASocket(let path):
            "bind \(path): the path exists and is not a socket (it is never replaced)"
        case .eventLoop(let error):
            "event loop: \(error)"
        case .blockingHandlerOnReactor(let handler):
            "\(handler) is a blocking handler: a stream server's .reactor model needs a ReactorStreamHandler "
                + "subclass (or choose .synchronous, .threading or .forking)"
        case .eventDrivenHandlerNeedsReactor(let handler, let model):
            "\(handler) is an event-driven ReactorStreamHandler: it needs the .reactor model, not \(model)"
        case .eventDrivenHandlerOnDatagramServer(let handler):
            "\(handler) is an event-driven ReactorStreamHandler: it serves stream connections, not datagrams"
        case .blockingHandlerOnAsync(let handler):
            "\(handler) is a blocking handler: a stream server's .async model needs an AsyncStreamRequestHandler "
                + "subclass (or choose .synchronous, .threading or .forking)"
        case .asyncHandlerNeedsAsyncStream(let handler, let model):
            if let model {
                "\(handler) is an AsyncStreamRequestHandler: it needs the .async model, not \(model)"
            } else {
                "\(handler) is an AsyncStreamRequestHandler: it serves stream connections, not datagrams"
            }
        case .forkFailed(let errno):
            SocketError(errno: errno, operation: "fork").description
        case .threadStartFailed(let errno):
            SocketError(errno: errno, operation: "pthread_create").description
        case .datagramTruncated(let size, let maxPacketSize):
            "a datagram of \(size) bytes is longer than maxPacketSize (\(maxPacketSize)): refused"
        }
    }
}
