import Glibc
import Sockets

extension UnixSocketFile {
    /// Makes way for a bind at `path`: a stale socket file (nothing listens) is removed; a live
    /// socket or another kind of file is refused.
    static func clear(path: String, address: SocketAddress) throws(SocketServerError) {
        do {
            try Socket.removeStaleUnixSocket(at: address)
        } catch {
            switch error.errno {
            case EADDRINUSE: throw .unixSocketInUse(path: path)
            case ENOTSOCK: throw .notASocket(path: path)
            default: throw .socket(error)
            }
        }
    }
}
