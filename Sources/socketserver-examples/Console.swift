import Glibc

/// Unbuffered lines: each line is one `write(2)`, so lines from the server thread, the client and
/// forked children never interleave mid-line, and a script reading a pipe sees each line at once.
enum Console {
    /// Writes `text` and a newline to standard output.
    static func line(_ text: String) { write(text + "\n", to: 1) }

    /// Writes `text` (no newline) to standard output: a prompt.
    static func prompt(_ text: String) { write(text, to: 1) }

    /// Writes `text` and a newline to standard error.
    static func error(_ text: String) { write(text + "\n", to: 2) }

    /// `name: message`, as Python's `logging.basicConfig(format='%(name)s: %(message)s')`.
    static func log(_ name: String, _ message: String) { line("\(name): \(message)") }

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

/// `"Hello, world"`: bytes shown as Swift shows a string.
func quoted(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self).debugDescription
}
