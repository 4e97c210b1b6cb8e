import Glibc

/// The directory an `ftp_server` serves, and the rule that keeps every name inside it.
///
/// A name is a relative path of ordinary components: not empty, not absolute, no NUL, no `|` (the
/// protocol's separator), no empty, `.` or `..` component, no component starting with `.` (uploads
/// in progress are hidden files), none longer than `NAME_MAX`. It is resolved from a descriptor of
/// the root one component at a time, each directory opened with `openat(O_DIRECTORY | O_NOFOLLOW)`
/// relative to the one before, and the file itself opened, created and renamed relative to its
/// directory's descriptor (`openat`, `renameat`): no path string is resolved again, and no symbolic
/// link is followed anywhere in a name, so swapping a directory for a link while a request runs
/// cannot lead it out of the root.
///
/// What this does not promise: a hard link in the root to a file elsewhere is served like any file
/// (the kernel cannot tell it from the original); a directory moved out of the root while a request
/// walks through it takes that request with it.
final class FtpRoot: @unchecked Sendable {
    /// The root as given, for messages.
    let path: String
    /// A descriptor of the root directory; every name is resolved from it. Never closed: it lives
    /// as long as the server (the process).
    private let descriptor: Int32

    init(_ path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FtpError(errno == ENOTDIR ? "--root \(path): not a directory" : "--root \(path): \(systemMessage(errno))")
        }
    }

    /// A new descriptor of the root (its own, closed by the caller); nil if the root cannot be opened.
    func reopen() -> Int32? {
        let fd = openat(descriptor, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        return fd >= 0 ? fd : nil
    }

    /// The components of `name`, or a refusal that says which rule it breaks.
    static func components(of name: String) throws -> [String] {
        let refuse = { (reason: String) in FtpError("refused name \(escaped(name)): \(reason)") }
        guard !name.isEmpty, name.utf8.count <= Int(PATH_MAX) else { throw refuse("empty or longer than \(PATH_MAX) bytes") }
        guard !name.hasPrefix("/") else { throw refuse("absolute paths are not served") }
        guard !name.utf8.contains(0) else { throw refuse("it contains a NUL byte") }
        guard !name.contains("|") else { throw refuse("'|' separates the protocol's fields") }
        let components = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for component in components {
            if component == ".." { throw refuse("'..' leaves the root") }
            if component.isEmpty || component == "." { throw refuse("empty or '.' path component") }
            if component.hasPrefix(".") { throw refuse("hidden names are not served") }
            if component.utf8.count > Int(NAME_MAX) { throw refuse("a component is longer than \(NAME_MAX) bytes") }
        }
        return components
    }

    /// The directory that holds `name`'s last component, opened from the root without following a
    /// link, and that component. The caller closes the descriptor.
    func parent(of name: String) throws -> (directory: Int32, file: String) {
        let components = try Self.components(of: name)
        guard var directory = reopen() else { throw FtpError("\(escaped(name)): \(systemMessage(errno))") }
        for (index, component) in components.dropLast().enumerated() {
            let current = directory
            let next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let failure = errno
            defer { close(current) }
            guard next >= 0 else {
                let walked = components[...index].joined(separator: "/")
                if failure == ENOENT { throw FtpNoSuchFile(directory: walked) }
                if failure == ELOOP || isSymbolicLink(current, component) {
                    throw FtpError("refused name \(escaped(name)): \(escaped(walked)) is a symbolic link (links are not followed)")
                }
                if failure == ENOTDIR { throw FtpError("no such directory: \(escaped(walked)) is not a directory") }
                throw FtpError("\(escaped(walked)): \(systemMessage(failure))")
            }
            directory = next
        }
        return (directory, components.last!)
    }

    /// Opens `name` for reading: a regular file, or a refusal. A FIFO, a device or a directory is
    /// refused without being opened for I/O (checked before opening, and again on the descriptor,
    /// which is opened non-blocking so that a FIFO swapped in meanwhile cannot hang the request).
    func openForReading(_ name: String) throws -> (descriptor: Int32, size: Int) {
        let (directory, file) = try parent(of: name)
        defer { close(directory) }
        var before = stat()
        guard fstatat(directory, file, &before, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { throw FtpNoSuchFile() }
            throw FtpError("\(escaped(name)): \(systemMessage(errno))")
        }
        try Self.requireRegular(before, name)
        let fd = openat(directory, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw FtpNoSuchFile() }
            if errno == ELOOP { throw FtpError("refused name \(escaped(name)): it is a symbolic link") }
            throw FtpError("\(escaped(name)): \(systemMessage(errno))")
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            close(fd)
            throw FtpError("\(escaped(name)): \(systemMessage(errno))")
        }
        do { try Self.requireRegular(status, name) } catch {
            close(fd)
            throw error
        }
        return (fd, Int(status.st_size))
    }

    /// Where an upload of `name` goes: a hidden file beside it, created exclusively. Refused before
    /// any byte is sent when `name` exists and is not a regular file (a directory, a link, a FIFO).
    func startUpload(_ name: String) throws -> FtpUpload {
        let (directory, file) = try parent(of: name)
        var status = stat()
        if fstatat(directory, file, &status, AT_SYMLINK_NOFOLLOW) == 0 {
            do { try Self.requireRegular(status, name) } catch {
                close(directory)
                throw error
            }
        }
        do { return try FtpUpload(directory: directory, file: file) } catch {
            close(directory)
            throw error
        }
    }

    private static func requireRegular(_ status: stat, _ name: String) throws {
        switch status.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFLNK: throw FtpError("refused name \(escaped(name)): it is a symbolic link")
        case S_IFDIR: throw FtpError("refused name \(escaped(name)): it is a directory")
        default: throw FtpError("refused name \(escaped(name)): not a regular file")
        }
    }

    private func isSymbolicLink(_ directory: Int32, _ component: String) -> Bool {
        var status = stat()
        return fstatat(directory, component, &status, AT_SYMLINK_NOFOLLOW) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }
}
