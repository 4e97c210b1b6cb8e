import Glibc
import Synchronization

/// An upload in progress: a hidden file `.upload-PID-N` in the target's directory, renamed over the
/// target only once every byte is written, so a reader sees the old file or the whole new one, never
/// part of it. The hidden name has a fixed length, so a name of up to `NAME_MAX` bytes can be uploaded.
final class FtpUpload {
    private let directory: Int32
    private let file: String
    private let temporary: String
    private var descriptor: Int32
    private static let count = Atomic(0)

    /// Creates the hidden file in `directory`, a descriptor this upload owns once created (the
    /// caller keeps it when this throws).
    init(directory: Int32, file: String) throws {
        let temporary = ".upload-\(getpid())-\(Self.count.add(1, ordering: .relaxed).newValue)"
        let descriptor = openat(directory, temporary, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o644)
        // Thrown before the properties are set: no deinit runs, nothing is closed twice.
        guard descriptor >= 0 else { throw FtpError("\(escaped(file)): \(systemMessage(errno))") }
        self.directory = directory
        self.file = file
        self.temporary = temporary
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { abandon() }
        close(directory)
    }

    /// Appends `bytes`; throws the system's words (`No space left on device`) when the file system refuses.
    func write(_ bytes: [UInt8]) throws {
        try FileIO.write(descriptor, bytes)
    }

    /// Renames the finished file over the target.
    func commit() throws {
        close(descriptor)
        descriptor = -1
        guard renameat(directory, temporary, directory, file) == 0 else {
            let failure = errno
            unlinkat(directory, temporary, 0)
            throw FtpError("\(escaped(file)): \(systemMessage(failure))")
        }
    }

    /// Removes the unfinished file.
    func abandon() {
        close(descriptor)
        descriptor = -1
        unlinkat(directory, temporary, 0)
    }

    /// Whether `name` is an upload's hidden file (this version's `.upload-PID-N`, or an earlier
    /// version's `.NAME.upload-PID-N`), and the process that wrote it.
    static func writer(ofTemporary name: String) -> pid_t? {
        guard let match = name.wholeMatch(of: /\.(?:.+\.)?upload-(\d+)-\d+/) else { return nil }
        return pid_t(match.1)
    }
}
