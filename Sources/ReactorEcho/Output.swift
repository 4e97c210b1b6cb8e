import Glibc

/// Unbuffered line output: a script waiting for `listening ...` must see it at once, even when
/// standard output is a pipe, and a log line must never sit in a buffer when the process exits.
public enum Output {
    /// Writes `text` and a newline to standard output.
    public static func line(_ text: String) { write(text + "\n", to: 1) }

    /// Writes `text` and a newline to standard error.
    public static func error(_ text: String) { write(text + "\n", to: 2) }

    private static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
