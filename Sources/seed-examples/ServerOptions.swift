import ArgumentParser
import Glibc
import Reactor

/// Where a client connects: the seed's `('localhost', 10000)` by default.
struct ClientOptions: ParsableArguments {
    @Option(help: "The server's host name or address (the seed's: localhost).")
    var host = "localhost"

    @Option(help: "The server's port (the seed's: 10000).")
    var port: UInt16 = 10000
}

/// What every server example takes beyond the seed: the port, and a bounded lifetime so that a
/// script can run it against its client and see it end by itself.
struct ServerOptions: ParsableArguments {
    @Option(help: "Port to listen on (the seed's: 10000); 0 picks a free one, and the port printed is the real one.")
    var port: UInt16 = 10000

    @OptionGroup var bounds: Bounds
}

/// How long a server example runs: the seed's serve forever.
struct Bounds: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Exit after serving this many clients (connections, or datagrams for UDP); the seed's programs serve forever.",
        valueName: "count"))
    var requests: Int?

    @Option(help: ArgumentHelp(
        "Exit (status 0) after this many seconds whatever is going on, with a note on standard error.",
        valueName: "seconds"))
    var lifetime: Double?

    /// Arms the lifetime timer, if any. Call once, before serving.
    func start() {
        if let lifetime { Lifetime.arm(seconds: lifetime) }
    }

    /// Whether the clients served so far use up `--requests`.
    func isDone(served: Int) -> Bool {
        requests.map { served >= $0 } ?? false
    }
}

/// A process-wide deadline: `SIGALRM` from `setitimer`, whose handler writes one line and calls
/// `_exit`, both async-signal-safe. Every example writes its lines with `write(2)` as it goes, so
/// exiting at any point loses no output; the kernel closes the sockets.
enum Lifetime {
    static func arm(seconds: Double) {
        signal(SIGALRM) { _ in
            let note = "seed-examples: --lifetime is over, exiting\n"
            _ = note.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
            _exit(0)
        }
        let whole = max(seconds, 0.001)
        var timer = itimerval()
        timer.it_value.tv_sec = Int(whole)
        timer.it_value.tv_usec = Int((whole - Double(Int(whole))) * 1_000_000)
        setitimer(__itimer_which_t(ITIMER_REAL.rawValue), &timer, nil)
    }
}

/// The backend option of the examples built on `Selector`.
struct BackendOption: ParsableArguments {
    @Option(help: Backend.argumentHelp)
    var backend: Backend?
}

/// Tells a script which port a server picked when its seed program prints no address (`--port 0`):
/// one line on standard error, so standard output stays what the seed prints.
func announcePort(_ socket: Socket, asked: UInt16) throws {
    guard asked == 0 else { return }
    err("seed-examples: listening on \(try socket.localAddress)")
}

/// Resolves `host` as Python's `bind((host, port))` and `connect((host, port))` do for an `AF_INET` socket.
func ipv4Address(_ host: String, _ port: UInt16, type: Socket.Kind = .stream) throws -> SocketAddress {
    try SocketAddress.resolve(host: host, port: port, family: .ipv4, type: type)
}
