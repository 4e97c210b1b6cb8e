import Glibc
@testable import SocketServer
import Synchronization
import Testing

// Lib/test/test_socketserver.py: test_shutdown, test_close_immediately, test_tcpserver_bind_leak,
// test_context_manager, SocketWriterTest, MiscTestCase.

@Suite("CPython test_socketserver: shutdown, close, leaks, writer, misc", .timeLimit(.minutes(1)))
struct CPythonMiscCases {
    @Test("test_shutdown: shutdown() right after the serving thread starts always ends serveForever")
    func shutdownRace() throws {
        var started: [(TCPServer, ServerThread)] = []
        for _ in 0..<20 {
            let server = try TCPServer(address: loopback, handler: StreamRequestHandler.self)
            started.append((server, try ServerThread.start { server.serveForever(pollInterval: nil) }))
        }
        for (server, _) in started { server.shutdown() }
        for (server, thread) in started {
            thread.join()
            server.serverClose()
        }
    }

    @Test("test_close_immediately: a threading server closed before serving")
    func closeImmediately() throws {
        let server = try ThreadingTCPServer(address: loopback, handler: BaseRequestHandler.self)
        server.serverClose()
        #expect(server.fileDescriptor == -1)
    }

    @Test("test_tcpserver_bind_leak: 1024 servers whose bind fails leak no descriptor")
    func bindLeak() async {
        await #expect(processExitsWith: .success) {
            exitAfter {
                let holder = try TCPServer(address: loopback, handler: StreamRequestHandler.self)
                let taken = holder.serverAddress
                let before = countDescriptors()
                for _ in 0..<1024 {
                    do {
                        _ = try TCPServer(address: taken, handler: StreamRequestHandler.self)
                        failExitTest("a second server bound \(taken), which a first one holds")
                    } catch let error as SocketServerError {
                        guard case .socket(let socketError) = error, socketError.errno == EADDRINUSE else {
                            failExitTest("binding a taken address threw \(error), not EADDRINUSE")
                        }
                    }
                }
                holder.serverClose()
                // The holder's socket goes (its loop lives on with it).
                try check(countDescriptors() == before - 1, "\(countDescriptors() - before + 1) descriptors leaked")
            }
        }
    }

    @Test("test_context_manager: closing { } closes the server")
    func contextManager() throws {
        let server = try TCPServer(address: loopback, handler: StreamRequestHandler.self)
        let descriptor = server.closing { $0.fileDescriptor }
        #expect(descriptor >= 0)
        #expect(server.fileDescriptor == -1)
    }

    @Test("SocketWriterTest.test_basics: wfile writes the request's own descriptor")
    func writerBasics() throws {
        final class Handler: StreamRequestHandler {
            static let descriptors = Mutex<(Int32, Int32)>((0, 0))
            override func handle() throws {
                Self.descriptors.withLock { $0 = (wfile.fileDescriptor, request.socket.fileDescriptor) }
            }
        }
        let server = try TCPServer(address: loopback, handler: Handler.self)
        defer { server.serverClose() }
        try connect(to: server.serverAddress).close()
        server.handleRequest()
        let (written, requested) = Handler.descriptors.withLock { $0 }
        #expect(written == requested && written > 0)
    }

    @Test("SocketWriterTest.test_write: wfile sends at once without flush, and sends big writes whole")
    func writerWrite() throws {
        let size = 16 * 1024 * 1024
        final class Handler: StreamRequestHandler {
            static let results = Mutex<(sent1: Int, received: [UInt8], sent2: Int)>((0, [], 0))
            override func handle() throws {
                let sent1 = try wfile.write("write data\n")
                let received = try rfile.readLine()
                let sent2 = try wfile.write([UInt8](repeating: 0, count: 16 * 1024 * 1024))
                Self.results.withLock { $0 = (sent1, received, sent2) }
            }
        }
        let server = try TCPServer(address: loopback, handler: Handler.self)
        defer { server.serverClose() }
        let clientThread = try ServerThread.start { [address = server.serverAddress] in
            do {
                let client = try connect(to: address)
                // Only possible if "write data\n" left before the handler returned.
                guard try receiveLine(client) == "write data\n" else { return }
                try client.sendAll("client response\n")
                _ = try client.receive(maxCount: 100)
                var total = 0
                while let chunk = try client.receive(maxCount: 65536), !chunk.isEmpty { total += chunk.count }
                WriteTestClient.received.withLock { $0 = total }
            } catch {}
        }
        server.handleRequest()
        clientThread.join()
        let results = Handler.results.withLock { $0 }
        #expect(results.sent1 == 11)
        #expect(results.received == Array("client response\n".utf8))
        #expect(results.sent2 == size)
        #expect(WriteTestClient.received.withLock { $0 } >= size - 100)
    }

    @Test("MiscTestCase: shutdownRequest runs even when verifyRequest refuses")
    func shutdownRequestAfterRefusal() throws {
        final class Server: TCPServer, @unchecked Sendable {
            var shutdownCalls = 0
            override func verifyRequest(_ request: Request, clientAddress: SocketAddress) -> Bool { false }
            override func shutdownRequest(_ request: Request) {
                shutdownCalls += 1
                super.shutdownRequest(request)
            }
        }
        let server = try Server(address: loopback, handler: StreamRequestHandler.self)
        defer { server.serverClose() }
        try connect(to: server.serverAddress).close()
        server.handleRequest()
        #expect(server.shutdownCalls == 1)
    }

    @Test("MiscTestCase.test_threads_reaped: ended request threads are not kept")
    func threadsReaped() throws {
        let server = try ThreadingTCPServer(address: loopback, handler: StreamRequestHandler.self)
        defer { server.serverClose() }
        for _ in 0..<10 {
            let client = try connect(to: server.serverAddress)
            server.handleRequest()
            client.close()
            usleep(5000)
        }
        #expect(server.pendingThreadCount < 10)
    }
}

enum WriteTestClient {
    static let received = Mutex(0)
}

/// Sockets and epoll instances this process has open: what a server owns (the test runner's own
/// threads open and close eventfds and timerfds at any time, so those are not counted).
func countDescriptors() -> Int {
    guard let directory = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(directory) }
    var count = 0
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        guard Int32(name) != nil else { continue }
        var target = [CChar](repeating: 0, count: 64)
        guard readlink("/proc/self/fd/\(name)", &target, target.count - 1) > 0 else { continue }
        let text = target.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if text.hasPrefix("socket:") || text == "anon_inode:[eventpoll]" { count += 1 }
    }
    return count
}
