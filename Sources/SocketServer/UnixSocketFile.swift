#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Sockets

/// The socket file a Unix server bound: cleared before `bind` when stale, removed by `serverClose()`.
struct UnixSocketFile {
    let path: String
    let device: UInt
    let inode: UInt

    /// Records the file just bound at `path`; nil for an abstract name (no file).
    init?(boundAt path: String) {
        guard let first = path.utf8.first, first != 0 else { return nil }
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        self.path = path
        device = UInt(status.st_dev)
        inode = UInt(status.st_ino)
    }

    /// Removes the file if it is still the one this server bound (not one another server has
    /// bound since). Python leaves the file behind.
    func remove() {
        var status = stat()
        guard lstat(path, &status) == 0, UInt(status.st_dev) == device, UInt(status.st_ino) == inode else { return }
        unlink(path)
    }

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
