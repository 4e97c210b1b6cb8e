import ConsoleOutput
import Logging
import Reactor
import ReactorObservability

/// Where and how an ``EchoServer`` listens.
public struct EchoConfiguration: Sendable {
    /// The TCP (and UDP) address to listen on: numeric IPv4 or IPv6, or a host name, resolved to its
    /// first IPv4 address (its first IPv6 one if it has none). Default `127.0.0.1`, like the seeds.
    public var host = "127.0.0.1"
    /// The TCP port; 0 picks a free one (``EchoServer/listeners`` tells which).
    public var port: UInt16 = 10000
    /// A UDP port to echo datagrams on, on ``host``; 0 picks one; nil for none.
    public var udpPort: UInt16?
    /// A Unix stream socket path to listen on as well; nil for none.
    public var unixPath: String?
    /// A Unix datagram socket path to echo datagrams on; nil for none.
    public var unixDatagramPath: String?
    /// The event loop backend.
    public var backend: Backend = .automatic
    /// Bind the TCP and UDP sockets with `SO_REUSEPORT`, so several loops can each own a listener
    /// on the same port and let the kernel spread the connections.
    public var reusePort = false
    /// Event loops, each on its own thread with its own listeners (``EchoLoops``); default 1.
    public var loops = 1
    /// Log one line per connection accepted and closed (`accept 127.0.0.1:41234`, `close ...`),
    /// at `.info`, to ``logger``.
    public var logConnections = false
    /// Where the server's lines go: connections accepted and closed (`.info`, with
    /// ``logConnections``), accept pauses when the process is out of descriptors (`.warning`, at
    /// most one every 10 seconds, with the number of pauses in between), datagrams too long to echo
    /// (`.warning`, likewise limited), other accept failures (`.error`). Each carries structured
    /// metadata (`peer`, `errno`, `pause_ms`, `held_back`...).
    ///
    /// The default, ``plainLogger``, prints them as reactor-echo always did: connection lines on
    /// standard output, the others on standard error after `reactor-echo: `, written by a thread of
    /// its own so that an output nobody reads never stops a loop. ``timestampedLogger(level:)`` adds
    /// the time, level and metadata; any swift-log `Logger` will do.
    public var logger = EchoConfiguration.plainLogger
    /// How long a graceful stop lets open connections finish after accepting has stopped: when
    /// ``EchoServer/run()`` returns after ``EchoServer/stop()`` (``EchoLoops``, ``AsyncEchoLoops``)
    /// or through ``EchoServer/drain(timeout:)``, the listeners close (new clients are refused),
    /// open connections go on being echoed until their peers close them or this passes, and the
    /// rest are then closed. Default zero: connections are closed at once, as reactor-echo does on
    /// SIGTERM.
    public var drainTimeout: Duration = .zero
    /// The `server` dimension of the metrics (`reactor_connections_accepted`...), published every
    /// second while serving when a swift-metrics backend is bootstrapped. Default `reactor-echo`.
    public var metricsName = "reactor-echo"

    /// The defaults: TCP on 127.0.0.1:10000.
    public init() {}

    /// Connection lines on standard output as they are, the other lines on standard error after
    /// `reactor-echo: `; at `.info` and above.
    public static var plainLogger: Logger {
        Logger.background(
            label: "reactor-echo", format: .plain(prefix: "reactor-echo: "), level: .info,
            output: .standardOutput, errorOutput: .standardError)
    }

    /// reactor-echo's log with `--log-level`: `2026-11-20T06:31:26.123Z info reactor-echo: accept
    /// 127.0.0.1:41234 peer=127.0.0.1:41234`, the lines below `.warning` on standard output, the
    /// others on standard error, from `level` up.
    public static func timestampedLogger(level: Logger.Level) -> Logger {
        Logger.background(label: "reactor-echo", format: .timestamped, level: level, output: .standardOutput, errorOutput: .standardError)
    }

    /// The first loop's configuration when there are several: its TCP and UDP sockets share their
    /// ports (`SO_REUSEPORT`) with the other loops'.
    var forFirstOfLoops: EchoConfiguration {
        var first = self
        if loops > 1 { first.reusePort = true }
        return first
    }

    /// The configuration of the loops after the first: the ports the first one bound (the kernel's
    /// choice for port 0), and no Unix sockets, since a path can be bound only once.
    func forOtherLoops(after listeners: [Listener]) -> EchoConfiguration {
        var rest = forFirstOfLoops
        rest.unixPath = nil
        rest.unixDatagramPath = nil
        for listener in listeners {
            if listener.transport == .tcp { rest.port = listener.address.port ?? rest.port }
            if listener.transport == .udp { rest.udpPort = listener.address.port }
        }
        return rest
    }
}
