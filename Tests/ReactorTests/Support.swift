import Foundation
import Reactor
import Testing

/// A connected, non-blocking Unix stream socket pair as raw descriptors; closed by `close()`.
struct RawPair {
    let left: Int32
    let right: Int32

    init() throws {
        var fds: [Int32] = [-1, -1]
        let result = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
        try #require(result == 0, "socketpair: errno \(errno)")
        left = fds[0]
        right = fds[1]
    }

    func close() {
        Foundation.close(left)
        Foundation.close(right)
    }
}

/// Writes `bytes` to `fd`, which must accept them at once.
func send(_ bytes: [UInt8], to fd: Int32) {
    let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
    #expect(written == bytes.count)
}

/// Reads whatever `fd` holds (up to 64 KiB).
@discardableResult
func drain(_ fd: Int32) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: 65536)
    let count = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
    return count > 0 ? Array(buffer[..<count]) : []
}

/// How long `body` took.
func elapsed(_ body: () throws -> Void) rethrows -> Duration {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    return clock.now - start
}

/// The descriptor numbers this process has open.
func openDescriptors() -> Set<Int32> {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return Set(names.compactMap { Int32($0) })
}

/// How many pidfds this process has open.
func openPidDescriptors() -> Int {
    openDescriptors().filter { fd in
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) == "anon_inode:[pidfd]"
    }.count
}

/// A descriptor number that was open and is closed now. Tests run in parallel and the kernel
/// hands out the lowest free number, so a number just closed may be reopened by another test at
/// once: this one is far above what the suite uses.
func closedDescriptor() -> Int32 {
    let fd = Int32(9_000 + Int.random(in: 0..<500))
    if dup2(0, fd) == fd { Foundation.close(fd) }
    return fd
}

/// Runs `body` on a new thread, which is joined before this returns.
func onNewThread(_ body: @escaping @Sendable () -> Void) -> Thread {
    let thread = Thread(block: body)
    thread.start()
    return thread
}
