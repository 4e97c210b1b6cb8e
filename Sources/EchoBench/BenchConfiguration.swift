import Logging
import Reactor
import ReactorObservability

/// What ``EchoBench`` drives and how hard: the target, the connections and the message shape.
public struct BenchConfiguration: Sendable {
    /// Where the echo server listens.
    public enum Target: Sendable, CustomStringConvertible {
        /// A TCP server.
        case tcp(SocketAddress)
        /// A Unix stream socket server.
        case unix(SocketAddress)
        /// A UDP server; each client is a connected datagram socket.
        case udp(SocketAddress)

        /// The server's address.
        public var address: SocketAddress {
            switch self {
            case .tcp(let address), .unix(let address), .udp(let address): address
            }
        }

        /// `tcp 127.0.0.1:10000`.
        public var description: String {
            switch self {
            case .tcp(let address): "tcp \(address)"
            case .unix(let address): "unix \(address)"
            case .udp(let address): "udp \(address)"
            }
        }
    }

    /// How each connection exercises the server.
    public enum Mode: String, Sendable {
        /// Long-lived connections, each keeping `depth` messages in flight.
        case stream
        /// Connect, echo one message, close, again, on each of `connections` concurrent slots.
        case churn
        /// Connected UDP sockets, each keeping `depth` datagrams in flight.
        case datagram = "udp"
    }

    /// The server to load.
    public var target: Target
    /// Concurrent connections (UDP: sockets; churn: concurrent connect/echo/close loops). Default 1.
    public var connections = 1
    /// Messages in flight per connection; 1 is ping-pong. Default 1.
    public var depth = 1
    /// Bytes per message. Default 64.
    public var size = 64
    /// The measured period. Default 5 s.
    public var duration: Duration = .seconds(5)
    /// Load before measuring starts, not counted. Default 1 s.
    public var warmup: Duration = .seconds(1)
    /// Connect, echo and close per request instead of long-lived connections.
    public var churn = false
    /// Loops, each on its own thread with its share of the connections. Default 1.
    public var threads = 1
    /// How long a datagram may go unanswered before it counts as lost and is replaced. Default 200 ms.
    public var datagramTimeout: Duration = .milliseconds(200)
    /// How long the clients wait for outstanding echoes after the measured period. Default 5 s.
    public var drainLimit: Duration = .seconds(5)
    /// Where the first few errors and mismatches of a run are reported (`.error`, with the metadata
    /// `kind` and `thread`); later ones are only counted. Default: one line each on standard
    /// error, `echo-bench: <what happened>`, written by a thread of its own.
    public var logger = Logger.background(label: "echo-bench", format: .plain(prefix: "echo-bench: "))

    /// A configuration for `target` with the defaults: 1 connection, depth 1, 64 B, 5 s after 1 s warm-up.
    public init(target: Target) {
        self.target = target
    }

    /// The mode that `target` and ``churn`` select.
    public var mode: Mode {
        if case .udp = target { return .datagram }
        return churn ? .churn : .stream
    }

    /// Why this configuration cannot run, in one line, or nil if it can.
    public var problem: String? {
        if connections < 1 { return "--connections must be at least 1 (got \(connections))" }
        if depth < 1 { return "--depth must be at least 1 (got \(depth))" }
        if size < 1 { return "--size must be at least 1 byte (got \(size))" }
        if size > 1 << 24 { return "--size must be at most 16 MiB (got \(size))" }
        if duration <= .zero { return "--duration must be more than 0 seconds" }
        if warmup < .zero { return "--warmup must not be negative" }
        if threads < 1 { return "--threads must be at least 1 (got \(threads))" }
        if threads > connections { return "--threads (\(threads)) must not exceed --connections (\(connections))" }
        if churn, case .udp = target { return "--churn needs a stream target (--tcp or --unix), not --udp" }
        switch mode {
        case .churn:
            if depth != 1 { return "--churn sends one message per connection: --depth must be 1" }
        case .datagram:
            if size < DatagramClient.headerSize || size > 65_507 {
                return "--size must be \(DatagramClient.headerSize)...65507 bytes for UDP (got \(size))"
            }
        case .stream:
            break
        }
        return nil
    }
}
