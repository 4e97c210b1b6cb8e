import Reactor

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
    /// Write one line per connection accepted and closed to standard output.
    public var logConnections = false

    /// The defaults: TCP on 127.0.0.1:10000.
    public init() {}

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
