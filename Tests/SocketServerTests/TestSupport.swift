import Glibc
import SocketServer
import Synchronization
import Testing

/// Runs `server.serveForever()` on a background thread for the length of `body`, then shuts it
/// down, joins the thread and closes the server: Python's `run_server` pattern.
func serving<Server: BaseServer, Result>(
    _ server: Server, pollInterval: Duration? = .milliseconds(500), _ body: (Server) throws -> Result
) throws -> Result {
    let thread = try ServerThread.start { server.serveForever(pollInterval: pollInterval) }
    defer {
        server.shutdown()
        thread.join()
        server.serverClose()
    }
    return try body(server)
}

/// A blocking client connected to `address`, with a timeout so that a broken server fails the
/// test instead of hanging it.
func connect(to address: SocketAddress, timeout: Duration = .seconds(10)) throws -> Socket {
    let client = try Socket(family: address.family ?? .ipv4, type: .stream)
    client.timeout = timeout
    try client.connect(to: address)
    return client
}

/// Reads until `"\n"` or end-of-file.
func receiveLine(_ socket: Socket) throws -> String {
    var bytes: [UInt8] = []
    while bytes.last != 10 {
        let chunk = try #require(try socket.receive(maxCount: 1))
        if chunk.isEmpty { break }
        bytes += chunk
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Reads until end-of-file.
func receiveAll(_ socket: Socket) throws -> [UInt8] {
    var bytes: [UInt8] = []
    while true {
        let chunk = try #require(try socket.receive(maxCount: 65536))
        if chunk.isEmpty { return bytes }
        bytes += chunk
    }
}

/// A fresh private directory for Unix socket paths, short enough for `sun_path`.
struct TemporaryDirectory: ~Copyable {
    let path: String

    init() throws {
        var template = Array("/tmp/ss-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(made != nil, "mkdtemp")
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name != "." && name != ".." { unlink(path + "/" + name) }
            }
            closedir(directory)
        }
        rmdir(path)
    }
}

/// A thread-safe list of events, for hook traces and counters shared with handler threads.
final class Trace: Sendable {
    private let entries = Mutex<[String]>([])

    func append(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
    func count(of entry: String) -> Int { entries.withLock { $0.filter { $0 == entry }.count } }

    /// Waits up to `timeout` until `condition` holds for the entries.
    func wait(_ timeout: Duration = .seconds(10), until condition: ([String]) -> Bool) -> Bool {
        eventually(timeout) { condition(all) }
    }
}

/// Waits up to `timeout` for `condition`.
func eventually(_ timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(2000)
    }
    return condition()
}

/// The loopback address and port 0.
var loopback: SocketAddress { try! SocketAddress(host: "127.0.0.1", port: 0) }

extension Array where Element == UInt8 {
    init(_ text: String) { self = Array(text.utf8) }
}

/// Runs an exit test's body and exits: with status 0 when it returns; else the body's failure is
/// recorded as an issue, in words (the exit test's parent reports it with the child's failure, at
/// the ``check(_:_:sourceLocation:)`` that failed), and the status is 1. It exits once all the body
/// made is freed: under `--sanitize=address`, LeakSanitizer runs at exit and reports objects still
/// alive then (a Swift weak-reference side table shows up as a leak).
///
/// Why an issue and not standard error: `#expect(processExitsWith:observing:)` returns nil when the
/// status is not the one expected, so what the child wrote is lost exactly when it is needed.
func exitAfter(_ body: () throws -> Void) -> Never {
    do {
        try body()
    } catch let failed as CheckFailed {
        failExitTest(failed.description, sourceLocation: failed.sourceLocation)
    } catch {
        failExitTest("\(error)")
    }
    exit(0)
}

/// Records `sentence` as an issue, at `sourceLocation`, and exits with status 1: how an exit test
/// says what failed.
func failExitTest(_ sentence: String, sourceLocation: SourceLocation = #_sourceLocation) -> Never {
    Issue.record(Comment(rawValue: sentence), sourceLocation: sourceLocation)
    exit(1)
}

/// A failed ``check(_:_:sourceLocation:)`` in an exit test: what failed, and where.
struct CheckFailed: Error, CustomStringConvertible {
    let description: String
    let sourceLocation: SourceLocation
}

/// Ends an exit test's body unless `condition` holds; `failure` says what failed, in words.
func check(_ condition: Bool, _ failure: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if !condition { throw CheckFailed(description: failure(), sourceLocation: sourceLocation) }
}

/// Echoes lines until end-of-file, from a blocking handler: a request that lasts as long as its client.
final class EchoLinesHandler: StreamRequestHandler {
    override func handle() throws {
        while case let line = try rfile.readLine(), !line.isEmpty { try wfile.write(line) }
    }
}

/// A flag shared between threads.
final class Flag: Sendable {
    private let value = Atomic(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}

/// Calls `body` (a close that must not wait for `clients`); meanwhile a watchdog shuts the clients
/// down after 20 s, so that a close that does wait for them still ends. Returns whether `body`
/// finished before the watchdog had to act.
func finishesWithoutClients(_ clients: [Socket], _ body: () -> Void) throws -> Bool {
    let done = Flag()
    let fired = Flag()
    let descriptors = clients.map(\.fileDescriptor)
    let watchdog = try ServerThread.start {
        let deadline = ContinuousClock.now + .seconds(20)
        while !done.isSet, ContinuousClock.now < deadline { usleep(10_000) }
        if !done.isSet {
            fired.set()
            for descriptor in descriptors { shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
    }
    body()
    done.set()
    watchdog.join()
    return !fired.isSet
}

/// Sends `"x\n"` every 20 ms on `client` until `stop` is set or a send fails: a trickling upload.
func trickle(_ client: Socket, until stop: Flag) throws -> ServerThread {
    let descriptor = client.fileDescriptor
    return try ServerThread.start {
        var line: [UInt8] = Array("x\n".utf8)
        while !stop.isSet, send(descriptor, &line, 2, Int32(MSG_NOSIGNAL)) == 2 { usleep(20_000) }
    }
}
