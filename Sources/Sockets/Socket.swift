import Glibc

/// A socket: one owner of one file descriptor, for TCP, UDP and Unix sockets over IPv4 and IPv6.
///
/// Created close-on-exec. ``close()`` is idempotent and `deinit` closes a socket still open, so a
/// dropped socket never leaks its descriptor. Operations on a closed socket throw ``SocketError``
/// with `EBADF` and never hand `-1` to the kernel.
///
/// Blocking behaviour follows Python: a new socket blocks (``timeout`` is nil); a zero timeout makes
/// it non-blocking, and then operations return nil instead of waiting; a positive timeout makes them
/// wait up to that long and then throw ``SocketError/timeout(operation:address:)``.
///
/// Not `Sendable`: a socket is used by one thread at a time. To hand one to another thread or task,
/// give it away: ``accept()`` and ``pair(family:type:protocol:)`` return `sending` values, which the
/// compiler lets you move into a detached task or a thread's closure as long as you keep no other use.
///
/// Python: `socket.socket`.
public final class Socket {
    // `descriptor` is read by the inlinable fast paths of receive and send (Socket+Stream.swift),
    // so other modules see it, and the optimizer could no longer prove that no access to it overlaps
    // another: it would add a dynamic exclusivity check (about 96 instructions, through thread-local
    // storage) to every read. A socket is used by one thread at a time and nothing takes `descriptor`
    // inout, so unchecked is safe. `timeoutNanoseconds` stays internal: the optimizer drops its checks
    // (no `swift_beginAccess` in this module's release objects); keep it non-public.

    /// The descriptor, or -1 once closed.
    @usableFromInline @exclusivity(unchecked) internal var descriptor: Int32

    /// Blocking mode: -1 blocking (timeout nil), 0 non-blocking, > 0 a timeout in nanoseconds.
    internal var timeoutNanoseconds: Int64

    /// The address family the socket was created with.
    ///
    /// Python: `socket.family`.
    public let family: Family

    /// The socket type the socket was created with.
    ///
    /// Python: `socket.type`.
    public let type: Kind

    /// The protocol number the socket was created with (0: the family's default for the type).
    ///
    /// Python: `socket.proto`.
    public let `protocol`: Int32

    /// Added to every `recvfrom`: `MSG_TRUNC` on message sockets, so that the kernel returns a
    /// datagram's real length and a cut one can be reported; 0 on streams, where `MSG_TRUNC`
    /// would discard the bytes instead (tcp(7)).
    @usableFromInline internal let truncationFlag: Int32

    // Close observers: usually exactly one, the selector, which removes itself and so is kept
    // unretained (no weak reference: see `addRemovingCloseObserver`); others in a weak slot with no
    // allocation; an array is allocated only for a second weak observer.
    internal unowned(unsafe) var removingObserver: (any DescriptorCloseObserver)?
    internal weak var firstObserver: (any DescriptorCloseObserver)?
    internal var moreObservers: [WeakCloseObserver]?

    // Two facts Reactor's async layer keeps per socket; nothing in this module reads them. Only the
    // loop thread touches them. `@exclusivity(unchecked)`: being visible outside this module, they
    // would otherwise cost a dynamic exclusivity check (about 96 instructions) on every access.

    /// False once an async read returned less than it asked for: the next read waits for readiness
    /// before calling `recv`, rather than spend a system call that would most likely find nothing.
    @exclusivity(unchecked) package var mayHaveInput = true
    /// The readiness table whose watcher was last set up for this socket's descriptor; a table meets
    /// a socket it has not set up with a fresh `ev_io_set` (libev must learn that the descriptor
    /// number may now name another file).
    @exclusivity(unchecked) package var readinessTable: ObjectIdentifier?

    /// Wraps a descriptor this module just created; the socket owns it from now on.
    internal init(descriptor: Int32, family: Family, type: Kind, protocol: Int32, timeoutNanoseconds: Int64) {
        self.descriptor = descriptor
        self.family = family
        self.type = type
        self.protocol = `protocol`
        self.timeoutNanoseconds = timeoutNanoseconds
        self.truncationFlag = type == .stream ? 0 : Int32(MSG_TRUNC)
    }

    /// Creates a blocking, close-on-exec socket.
    ///
    /// Python: `socket.socket(family, type, proto)`.
    /// - Parameters:
    ///   - family: ``Family/ipv4``, ``Family/ipv6`` or ``Family/unix``.
    ///   - type: ``Kind/stream`` or ``Kind/datagram`` (or ``Kind/seqPacket``, ``Kind/raw``).
    ///   - protocol: 0 for the usual protocol of `type` (TCP for stream, UDP for datagram).
    /// - Throws: ``SocketError`` from `socket`, e.g. `EMFILE` when out of descriptors.
    public convenience init(family: Family, type: Kind, protocol: Int32 = 0) throws(SocketError) {
        let result = system_socket(family.rawValue, type.rawValue | Int32(SOCK_CLOEXEC.rawValue), `protocol`)
        if result.failed { throw SocketError(errno: result.errno, operation: "socket") }
        self.init(descriptor: result.value, family: family, type: type, protocol: `protocol`, timeoutNanoseconds: -1)
    }

    /// Takes ownership of an open socket descriptor (inherited, or from another library).
    ///
    /// Family, type and protocol are read from the kernel; a descriptor already in non-blocking mode
    /// gets a zero ``timeout``. The socket closes `descriptor` when closed or dropped.
    ///
    /// Python: `socket.socket(fileno=fd)`.
    /// - Throws: ``SocketError`` (`getsockopt`) with `ENOTSOCK` or `EBADF` for a descriptor that is not an
    ///   open socket, `EAFNOSUPPORT` for a family other than IPv4, IPv6 and Unix; the descriptor is then
    ///   left open.
    public convenience init(adopting descriptor: Int32) throws(SocketError) {
        guard descriptor >= 0 else { throw SocketError(errno: EBADF, operation: "getsockopt") }
        let (domainResult, domain) = system_getsockopt(descriptor, SOL_SOCKET, SO_DOMAIN)
        if domainResult.failed { throw SocketError(errno: domainResult.errno, operation: "getsockopt") }
        let (typeResult, rawType) = system_getsockopt(descriptor, SOL_SOCKET, SO_TYPE)
        if typeResult.failed { throw SocketError(errno: typeResult.errno, operation: "getsockopt") }
        let (protocolResult, rawProtocol) = system_getsockopt(descriptor, SOL_SOCKET, SO_PROTOCOL)
        if protocolResult.failed { throw SocketError(errno: protocolResult.errno, operation: "getsockopt") }
        guard let family = Family(rawValue: domain) else { throw SocketError(errno: EAFNOSUPPORT, operation: "getsockopt") }
        guard let type = Kind(rawValue: rawType) else { throw SocketError(errno: ESOCKTNOSUPPORT, operation: "getsockopt") }
        let flags = system_getStatusFlags(descriptor)
        if flags.failed { throw SocketError(errno: flags.errno, operation: "fcntl") }
        let timeout: Int64 = flags.value & O_NONBLOCK != 0 ? 0 : -1
        self.init(descriptor: descriptor, family: family, type: type, protocol: rawProtocol, timeoutNanoseconds: timeout)
    }

    /// Creates a pair of connected sockets, blocking and close-on-exec.
    ///
    /// Python: `socket.socketpair(family=AF_UNIX, type=SOCK_STREAM)`.
    /// - Returns: Two sockets, each the other's peer; each may be given away to another thread.
    /// - Throws: ``SocketError`` from `socketpair` (`EOPNOTSUPP` for families other than Unix).
    public static func pair(
        family: Family = .unix, type: Kind = .stream, protocol: Int32 = 0
    ) throws(SocketError) -> sending (Socket, Socket) {
        let (result, first, second) = system_socketpair(
            family.rawValue, type.rawValue | Int32(SOCK_CLOEXEC.rawValue), `protocol`)
        if result.failed { throw SocketError(errno: result.errno, operation: "socketpair") }
        return (
            Socket(descriptor: first, family: family, type: type, protocol: `protocol`, timeoutNanoseconds: -1),
            Socket(descriptor: second, family: family, type: type, protocol: `protocol`, timeoutNanoseconds: -1)
        )
    }

    /// The descriptor; -1 once the socket is closed.
    ///
    /// Python: `socket.fileno()`.
    public var fileDescriptor: Int32 { descriptor }

    /// True until ``close()``.
    ///
    /// Python: `socket.fileno() != -1`.
    public var isOpen: Bool { descriptor >= 0 }

    /// Closes the descriptor; calling it again does nothing.
    ///
    /// Close observers (the selectors watching this socket) are told first, so a watcher never sees a
    /// closed or reused descriptor number. The descriptor is released even if `close(2)` reports an
    /// error (Linux), so there is nothing to retry and nothing is thrown.
    ///
    /// Python: `socket.close()`.
    public func close() {
        let fd = descriptor
        guard fd >= 0 else { return }
        descriptor = -1  // first: an observer that closes us again finds us closed
        notifyCloseObservers(fd)
        _ = system_close(fd)
    }

    /// Gives up ownership: returns the descriptor and leaves the socket closed without closing it.
    ///
    /// Close observers are told, since the socket will no longer announce what happens to the descriptor.
    ///
    /// Python: `socket.detach()`.
    /// - Returns: The descriptor, or -1 if the socket was already closed.
    public func detach() -> Int32 {
        let fd = descriptor
        guard fd >= 0 else { return -1 }
        descriptor = -1
        notifyCloseObservers(fd)
        return fd
    }

    deinit {
        let fd = descriptor
        if fd >= 0 {
            notifyCloseObservers(fd)
            _ = system_close(fd)
        }
    }

    /// The descriptor of an open socket, or the `EBADF` error for `operation`.
    @inline(__always)
    internal func openDescriptor(_ operation: StaticString) throws(SocketError) -> Int32 {
        let fd = descriptor
        if _slowPath(fd < 0) { throw Socket.error(EBADF, operation) }
        return fd
    }

    /// The descriptor of an open socket, or the `EBADF` error for `operation` on `address`.
    @inline(__always)
    internal func openDescriptor(_ operation: StaticString, _ address: borrowing SocketAddress) throws(SocketError) -> Int32 {
        let fd = descriptor
        if _slowPath(fd < 0) { throw Socket.error(EBADF, operation, copy address) }
        return fd
    }

    @usableFromInline @inline(never)
    internal static func error(_ errno: Int32, _ operation: StaticString, _ address: SocketAddress? = nil) -> SocketError {
        SocketError(errno: errno, operation: "\(operation)", address: address)
    }

    /// The error for a datagram of `size` bytes received by `operation` into `capacity` bytes.
    @inline(never)
    internal static func truncated(_ operation: StaticString, size: Int, capacity: Int) -> SocketError {
        .truncated(operation: "\(operation)", size: size, capacity: capacity)
    }
}

@available(*, unavailable, message: "a Socket is used by one thread at a time; give it away with `sending`")
extension Socket: Sendable {}
