import Glibc

/// Unbuffered output for the package's executables: each text goes out with `write(2)` at once, so
/// a script waiting for `listening ...` sees it even when standard output is a pipe, a line never
/// sits in a buffer when the process exits (or a forked child ends with `_exit`), and lines from
/// several threads or processes never interleave mid-line.
public enum Console {
    /// Writes `text` and a newline to standard output.
    public static func line(_ text: String) { write(text + "\n", to: STDOUT_FILENO) }

    /// Writes `text` and a newline to standard error.
    public static func error(_ text: String) { write(text + "\n", to: STDERR_FILENO) }

    /// Writes all of `text` to `descriptor`, retrying after signals; gives up silently when the
    /// descriptor is closed or broken (there is nowhere left to report it).
    public static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0), to: descriptor) }
    }

    /// Writes all of `bytes` to `descriptor`, as ``write(_:to:)-(String,_)`` does.
    public static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
