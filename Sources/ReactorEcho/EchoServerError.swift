import Reactor

/// Why an ``EchoServer`` could not start: a bad address, a socket call that failed, or the loop.
public enum EchoServerError: Error, CustomStringConvertible {
    /// The host or path is not a valid address.
    case address(SocketAddressError)
    /// The host name could not be resolved.
    case resolver(ResolverError)
    /// A socket call failed: `bind` on a port in use, an unwritable Unix path, ...
    case socket(SocketError)
    /// The selector refused a listener.
    case selector(SelectorError)
    /// The event loop could not be created (an unavailable backend) or refused a watcher.
    case loop(EventLoopError)

    /// One line, naming what failed: `bind 127.0.0.1:10000: Address already in use (errno 98)`.
    public var description: String {
        switch self {
        case .address(let error): error.description
        case .resolver(let error): error.description
        case .socket(let error): error.description
        case .selector(let error): error.description
        case .loop(let error): error.description
        }
    }
}
