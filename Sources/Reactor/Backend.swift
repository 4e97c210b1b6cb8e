internal import CLibev

/// The kernel interface an event loop waits with.
///
/// Python: `DefaultSelector` is ``automatic``, `EpollSelector` ``epoll``, `PollSelector` ``poll``,
/// `SelectSelector` ``select``. libev: the `EVBACKEND_*` flags of `ev_loop_new`.
public enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    /// libev's recommended backend for this system: epoll on Linux.
    case automatic
    /// Linux `epoll`: O(1) in the number of idle descriptors.
    case epoll
    /// POSIX `poll`: O(n) per wait.
    case poll
    /// POSIX `select`: O(n) per wait; the oldest and most portable.
    case select
    /// Linux `io_uring`, compiled into Debian's libev but experimental there: used only when asked for.
    case ioUring

    /// The name used on command lines and in messages: `automatic`, `epoll`, `poll`, `select`, `io_uring`.
    public var description: String { self == .ioUring ? "io_uring" : rawValue }

    /// Parses a command-line name (`epoll`, `io_uring` or `ioUring`, ...); nil for an unknown name.
    public init?(name: String) {
        if name == "io_uring" { self = .ioUring; return }
        self.init(rawValue: name)
    }

    /// The backends this process's libev was built with and the kernel supports.
    public static var available: [Backend] {
        let supported = ev_supported_backends()
        return allCases.filter { $0 == .automatic || supported & $0.flag != 0 }
    }

    /// libev's `EVBACKEND_*` flag; 0 for automatic (libev then picks its recommended backend).
    var flag: UInt32 {
        switch self {
        case .automatic: 0
        case .epoll: UInt32(EVBACKEND_EPOLL)
        case .poll: UInt32(EVBACKEND_POLL)
        case .select: UInt32(EVBACKEND_SELECT)
        case .ioUring: UInt32(EVBACKEND_IOURING)
        }
    }

    /// The backend a running loop reports through `ev_backend`.
    init(activeFlag: UInt32) {
        self = Backend.allCases.first { $0 != .automatic && $0.flag == activeFlag } ?? .automatic
    }
}
