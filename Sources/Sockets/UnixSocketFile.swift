import Glibc

/// The socket file a Unix server bound, recorded by device and inode so that the server removes it
/// when it closes only if it is still that file: another server may have bound the path since (after
/// removing a file it found stale), and its file must stay.
///
/// Shared by SocketServer's Unix servers and the echo servers. Python leaves the file behind.
package struct UnixSocketFile: Sendable, Equatable {
    /// The path bound.
    package let path: String
    private let device: UInt
    private let inode: UInt

    /// Records the file just bound at `path`; nil for an abstract name (no file) or a file gone already.
    package init?(boundAt path: String) {
        guard let first = path.utf8.first, first != 0 else { return nil }
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        self.path = path
        device = UInt(status.st_dev)
        inode = UInt(status.st_ino)
    }

    /// Removes the file if it is still the one bound (not one another server has bound since).
    package func remove() {
        var status = stat()
        guard lstat(path, &status) == 0, UInt(status.st_dev) == device, UInt(status.st_ino) == inode else { return }
        unlink(path)
    }
}
