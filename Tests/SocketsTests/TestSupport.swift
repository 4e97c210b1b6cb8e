import Glibc
import Sockets
import Testing

/// A fresh private directory (mkdtemp) for Unix socket paths; removed with its files by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/sockets-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw SocketError(errno: errno, operation: "mkdtemp") }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { unlink(file(name)) }
            }
            closedir(directory)
        }
        rmdir(path)
    }
}

/// Number of open sockets of this process: entries of /proc/self/fd that link to `socket:[...]`.
func openSocketCount() -> Int {
    guard let directory = opendir("/proc/self/fd") else { return -1 }
    var count = 0
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
        }
        guard let fd = Int32(name) else { continue }
        var target = [CChar](repeating: 0, count: 64)
        guard readlink("/proc/self/fd/\(fd)", &target, target.count - 1) > 0 else { continue }
        if target.withUnsafeBufferPointer({ String(cString: $0.baseAddress!) }).hasPrefix("socket:") { count += 1 }
    }
    closedir(directory)
    return count
}

/// The highest descriptor number open in this process.
func highestOpenDescriptor() -> Int32 {
    guard let directory = opendir("/proc/self/fd") else { return -1 }
    var highest: Int32 = -1
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
        }
        if let fd = Int32(name) { highest = max(highest, fd) }
    }
    closedir(directory)
    return highest
}

/// A listening TCP socket on the loopback address of `family`, port chosen by the kernel.
func makeListener(_ family: Socket.Family = .ipv4) throws -> (Socket, SocketAddress) {
    let listener = try Socket(family: family, type: .stream)
    try listener.bind(to: SocketAddress(host: family == .ipv6 ? "::1" : "127.0.0.1", port: 0))
    try listener.listen()
    return (listener, try listener.localAddress)
}

/// A connected TCP pair over loopback: (client, server side).
func makeConnectedTCP(_ family: Socket.Family = .ipv4) throws -> (Socket, Socket) {
    let (listener, address) = try makeListener(family)
    let client = try Socket(family: family, type: .stream)
    try client.connect(to: address)
    let (server, _) = try #require(try listener.accept())
    return (client, server)
}

/// Receives exactly `count` bytes from a blocking socket.
func receiveExactly(_ socket: Socket, _ count: Int) throws -> [UInt8] {
    var received: [UInt8] = []
    while received.count < count {
        let chunk = try #require(try socket.receive(maxCount: count - received.count))
        if chunk.isEmpty { break }
        received += chunk
    }
    return received
}

extension Array where Element == UInt8 {
    init(_ text: String) { self = Array(text.utf8) }
}
