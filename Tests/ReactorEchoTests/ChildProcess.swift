import Foundation
import Testing

/// A child process started with `posix_spawn`: standard output and error on pipes, standard input
/// from a file (/dev/null unless given), and a clean signal state (nothing blocked, default dispositions), whatever the
/// test runner's threads have blocked. Foundation's `Process` passes the spawning thread's mask on
/// and leaks under LeakSanitizer, so it is not used here. Descriptors the test runner holds without
/// close-on-exec are inherited: tests compare a child's descriptor count with its own earlier count.
final class ChildProcess {
    let pid: pid_t
    /// The read ends of the child's standard output and error.
    let output: Int32
    let errors: Int32
    private var exitStatus: Int32?

    /// Starts `executable` with standard input from `input`; with `outputBufferSize`, its standard
    /// output holds only about that many bytes unread before the child's writes block (the kernel's
    /// minimum is about 4.5 KiB).
    init(_ executable: String, _ arguments: [String], input: String = "/dev/null", outputBufferSize: Int32? = nil) throws {
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        // Socket pairs rather than pipes: created close-on-exec atomically (no pipe2 in Swift's
        // Glibc), so a child spawned by a test running in parallel cannot inherit a write end.
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        try #require(socketpair(AF_UNIX, type, 0, &outPipe) == 0 && socketpair(AF_UNIX, type, 0, &errPipe) == 0)
        if var size = outputBufferSize {
            let length = socklen_t(MemoryLayout<Int32>.size)
            setsockopt(outPipe[1], SOL_SOCKET, SO_SNDBUF, &size, length)
            setsockopt(outPipe[0], SOL_SOCKET, SO_RCVBUF, &size, length)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard result == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw SpawnError(code: result, executable: executable)
        }
        pid = child
        output = outPipe[0]
        errors = errPipe[0]
    }

    /// Starts `executable` under `prlimit` with RLIMIT_NOFILE set so that exactly `freeDescriptors`
    /// descriptor numbers are free when it starts (it inherits the test runner's descriptors, so
    /// the limit is counted from the ones actually open, by a shell that then execs `prlimit`).
    convenience init(_ executable: String, _ arguments: [String], freeDescriptors: Int) throws {
        let script = """
            wanted=$1; shift; free=0; n=0
            while [ $free -lt $wanted ]; do [ -e /proc/$$/fd/$n ] || free=$((free + 1)); n=$((n + 1)); done
            exec /usr/bin/prlimit --nofile=$n -- "$@"
            """
        try self.init("/bin/bash", ["-c", script, "bash", String(freeDescriptors), executable] + arguments)
    }

    deinit {
        if isRunning {
            kill(pid, SIGKILL)
            _ = waitForExit()
        }
        close(output)
        close(errors)
    }

    /// Whether the child has not exited yet (reaps it if it has).
    var isRunning: Bool {
        guard exitStatus == nil else { return false }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return true }
        exitStatus = status
        return false
    }

    /// Waits for the child: its exit code, or 128 + the signal that killed it (as a shell reports).
    func waitForExit() -> Int32 {
        if exitStatus == nil {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            exitStatus = status
        }
        let status = exitStatus!
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Reads what is available on `fd`, waiting up to `timeout` for the first byte; empty at EOF.
    static func read(_ fd: Int32, timeout: Duration) -> Data {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&poller, 1, milliseconds) > 0 else { return Data() }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = Foundation.read(fd, &buffer, buffer.count)
        return count > 0 ? Data(buffer[..<count]) : Data()
    }

    /// Runs `executable` to completion: its exit status and everything it wrote to standard output
    /// and standard error.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: Data, errors: Data) {
        let child = try ChildProcess(executable, arguments)
        let output = readToEnd(child.output)
        let errors = readToEnd(child.errors)
        return (child.waitForExit(), output, errors)
    }

    /// Reads `fd` to end-of-file (the child must have exited or closed it).
    static func readToEnd(_ fd: Int32) -> Data {
        var data = Data()
        while true {
            let chunk = read(fd, timeout: .seconds(10))
            if chunk.isEmpty { return data }
            data += chunk
        }
    }
}

struct SpawnError: Error, CustomStringConvertible {
    let code: Int32
    let executable: String
    var description: String { "posix_spawn \(executable): \(String(cString: strerror(code)))" }
}
