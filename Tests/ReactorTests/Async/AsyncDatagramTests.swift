import Foundation
import Reactor
import Testing

@Suite("Async datagrams on a loop", .timeLimit(.minutes(1)))
struct AsyncDatagramTests {
    @Test("UDP datagrams go out and come back with their sender's address")
    func udpRoundTrip() async throws {
        let thread = try EventLoopThread()
        let server = try AsyncDatagramSocket(bindingTo: SocketAddress(host: "127.0.0.1", port: 0), handle: thread.handle)
        let client = try AsyncDatagramSocket(bindingTo: SocketAddress(host: "127.0.0.1", port: 0), handle: thread.handle)
        let serverAddress = try await thread.handle.submit { _ in try server.socket.localAddress }
        let clientAddress = try await thread.handle.submit { _ in try client.socket.localAddress }
        let echo = Task(executorPreference: thread.handle.executor) {
            var buffer = [UInt8](repeating: 0, count: 2048)
            for _ in 0..<50 {
                let (count, sender, truncated) = try await server.receive(into: &buffer)
                #expect(!truncated)
                #expect(sender == clientAddress)
                try await server.send(buffer[..<count], to: sender)
            }
        }
        var buffer = [UInt8](repeating: 0, count: 2048)
        for index in 0..<50 {
            let message = Array("datagram \(index)".utf8)
            try await client.send(message, to: serverAddress)
            let (count, sender, _) = try await client.receive(into: &buffer)
            #expect(Array(buffer[..<count]) == message)
            #expect(sender == serverAddress)
        }
        try await echo.value
        server.close()
        client.close()
        await thread.shutdown()
    }

    @Test("a datagram longer than the buffer is reported truncated, never cut silently")
    func truncationIsReported() async throws {
        let thread = try EventLoopThread()
        let folder = try temporaryFolder()
        let receiver = try AsyncDatagramSocket(bindingTo: SocketAddress(unixPath: "\(folder)/r.sock"), handle: thread.handle)
        let sender = try AsyncDatagramSocket(bindingTo: SocketAddress(unixPath: "\(folder)/s.sock"), handle: thread.handle)
        try await sender.send([UInt8](repeating: 7, count: 1000), to: SocketAddress(unixPath: "\(folder)/r.sock"))
        var small = [UInt8](repeating: 0, count: 100)
        let (count, from, truncated) = try await receiver.receive(into: &small)
        #expect(count == 100)
        #expect(truncated)
        #expect(from == (try SocketAddress(unixPath: "\(folder)/s.sock")))
        receiver.close()
        sender.close()
        await thread.shutdown()
    }

    @Test("a receive whose timeout passes throws a timeout error naming recvfrom")
    func receiveTimeout() async throws {
        let thread = try EventLoopThread()
        let socket = try AsyncDatagramSocket(
            bindingTo: SocketAddress(host: "127.0.0.1", port: 0), handle: thread.handle, timeout: .milliseconds(20))
        var buffer = [UInt8](repeating: 0, count: 16)
        await #expect(throws: SocketError.timeout(operation: "recvfrom")) { _ = try await socket.receive(into: &buffer) }
        socket.close()
        await thread.shutdown()
    }
}

/// A fresh temporary folder with a short path, for Unix socket files.
func temporaryFolder() throws -> String {
    var template = Array("/tmp/rt-XXXXXX".utf8CString)
    let path = try #require(mkdtemp(&template), "mkdtemp")
    return String(cString: path)
}
