import Glibc

/// The directory an `ftp_server` serves, and the rule that keeps every name inside it.
///
/// A name is a relative path of ordinary components: no empty, `.` or `..` component, no
/// component starting with `.` (uploads in progress are hidden files), no NUL, not absolute. The
/// directory part must resolve (symbolic links followed) inside the root; the file itself is
/// opened with `O_NOFOLLOW` and replaced by `rename`, so a symbolic link planted in the root can
/// neither be read through nor written through.
struct FtpRoot {
    /// The root, fully resolved.
    let path: String

    init(_ path: String) throws {
        guard let resolved = realpath(path, nil) else {
            throw FtpError("--root \(path): \(String(cString: strerror(errno)))")
        }
        self.path = String(cString: resolved)
        free(resolved)
        var status = stat()
        guard stat(self.path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw FtpError("--root \(path): not a directory")
        }
    }

    /// Where `name` lives: its resolved directory and its full path.
    func resolve(_ name: String) throws -> (directory: String, file: String) {
        let refuse = { (reason: String) in FtpError("refused name \(name.debugDescription): \(reason)") }
        guard !name.isEmpty, name.utf8.count <= 4096 else { throw refuse("empty or too long") }
        guard !name.hasPrefix("/") else { throw refuse("absolute paths are not served") }
        guard !name.utf8.contains(0) else { throw refuse("it contains a NUL byte") }
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        for component in components {
            if component == ".." { throw refuse("'..' leaves the root") }
            if component.isEmpty || component == "." { throw refuse("empty or '.' path component") }
            if component.hasPrefix(".") { throw refuse("hidden names are not served") }
        }
        let parent = components.dropLast().joined(separator: "/")
        var directory = path
        if !parent.isEmpty {
            guard let resolved = realpath(path + "/" + parent, nil) else {
                throw FtpError("no such directory: \(parent)")
            }
            directory = String(cString: resolved)
            free(resolved)
            guard directory == path || directory.hasPrefix(path + "/") else {
                throw refuse("a symbolic link leads out of the root")
            }
        }
        return (directory, directory + "/" + components.last!)
    }
}
