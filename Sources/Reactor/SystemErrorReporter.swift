internal import CLibev
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Replaces libev's default reaction to a failed system call it cannot handle (print and
/// `abort()`) with a line on stderr: a library must not kill its host process.
///
/// libev: `ev_set_syserr_cb`, process-wide.
enum SystemErrorReporter {
    private static let installed: Void = {
        ev_set_syserr_cb { message in
            let code = errno
            let text = message.map { String(cString: $0) } ?? "libev"
            let line = "Reactor: \(text): \(system_strerror(code)) (errno \(code))\n"
            var bytes = Array(line.utf8)
            _ = write(2, &bytes, bytes.count)
        }
    }()

    /// Installs the reporter the first time any loop is created.
    static func installOnce() { installed }
}
