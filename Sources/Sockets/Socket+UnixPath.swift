import Glibc

extension Socket {
    /// Clears the way to bind a Unix socket at `address`: removes the socket file left there by a
    /// server that is gone, and refuses to touch one a live server still uses, or any other file.
    ///
    /// A blind `unlink` before `bind` (what Python's examples do) would steal the path from a running
    /// server; never removing would fail every restart after a crash. This probes the file with a
    /// non-blocking connect: refused means stale. Abstract and non-Unix addresses are left alone.
    ///
    /// Python: the `os.unlink(path)` that precedes `bind` in `socket_echo_server_uds.py`, made safe.
    /// - Throws: ``SocketError`` for `bind` with the address: `EADDRINUSE` when a server listens or a
    ///   datagram socket is bound there, `ENOTSOCK` when the path exists and is not a socket; the
    ///   `lstat` or `unlink` error (`EACCES`...) otherwise.
    public static func removeStaleUnixSocket(at address: SocketAddress) throws(SocketError) {
        guard case .unix(let path) = address.kind, let first = path.utf8.first, first != 0 else { return }
        var status = stat()
        guard lstat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT { return }
            throw SocketError(errno: code, operation: "lstat", address: address)
        }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw SocketError(errno: ENOTSOCK, operation: "bind", address: address)
        }
        if try isListenedOn(address, type: .stream) {
            throw SocketError(errno: EADDRINUSE, operation: "bind", address: address)
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw SocketError(errno: errno, operation: "unlink", address: address)
        }
    }

    /// Whether something is bound at a Unix socket path: a stream listener, or a datagram socket.
    private static func isListenedOn(_ address: SocketAddress, type: Kind) throws(SocketError) -> Bool {
        let probe = try Socket(family: .unix, type: type)
        defer { probe.close() }
        probe.isBlocking = false
        do {
            try probe.connect(to: address)
            return true
        } catch {
            switch error.errno {
            case ECONNREFUSED, ENOENT: return false
            case EAGAIN, EINPROGRESS: return true  // a listener whose queue is full is alive
            case EPROTOTYPE where type == .stream: return try isListenedOn(address, type: .datagram)
            default: throw error
            }
        }
    }
}
