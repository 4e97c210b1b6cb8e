import Glibc

extension FtpRoot {
    /// Removes the hidden files of uploads whose server is gone (killed, or the machine stopped),
    /// anywhere under the root, and returns their paths. A file whose writer still runs (another
    /// server on the same root) is left alone. Links are not followed; at most `depth` levels.
    func removeStaleUploads(depth: Int = 64) -> [String] {
        guard let directory = reopen() else { return [] }
        return removeStaleUploads(in: directory, prefix: "", depth: depth)
    }

    private func removeStaleUploads(in directory: Int32, prefix: String, depth: Int) -> [String] {
        // fdopendir owns `directory` from here; closedir closes it.
        guard let stream = fdopendir(directory) else {
            close(directory)
            return []
        }
        defer { closedir(stream) }
        var removed: [String] = []
        var subdirectories: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != ".", name != ".." else { continue }
            if let writer = FtpUpload.writer(ofTemporary: name), kill(writer, 0) != 0, errno == ESRCH {
                if unlinkat(directory, name, 0) == 0 { removed.append(prefix + name) }
            } else if entry.pointee.d_type == DT_DIR || entry.pointee.d_type == DT_UNKNOWN {
                subdirectories.append(name)
            }
        }
        guard depth > 1 else { return removed }
        for name in subdirectories {
            let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child >= 0 { removed += removeStaleUploads(in: child, prefix: prefix + name + "/", depth: depth - 1) }
        }
        return removed
    }
}
