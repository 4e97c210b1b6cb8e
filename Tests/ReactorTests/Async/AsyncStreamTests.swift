import Foundation
import Reactor
import Synchronization
import Testing

/// Serves an async echo on `listener` until the task is cancelled.
func serveEcho(_ listener: AsyncListener) async throws {
    try await withThrowingDiscardingTaskGroup { group in
        for try await connection in listener {
            group.addTask {
                defer { connection.close() }
                var buffer = [UInt8](repeating: 0, count: 65536)
                while case let count = try await connection.read(into: &buffer), count > 0 {
                    try await connection.write(buffer[..<count])
                }
            }
        }
    }
}

@Suite("Async streams on a loop", .timeLimit(.minutes(1)))
struct AsyncStreamTests {
    @Test("an async echo server returns every byte, in order, to a client on another loop")
    func echoRoundTrip() async throws {
        let server = try EventLoopThread(name: "echo-server")
        let client = try EventLoopThread(name: "echo-client")
        let listener = try AsyncListener(bindingTo: try SocketAddress(host: "127.0.0.1", port: 0), handle: server.handle)
        let serving = Task(executorPreference: server.handle.executor) { try await serveEcho(listener) }
        let received = try await Task(executorPreference: client.handle.executor) {
            let connection = try await AsyncConnection.connect(to: listener.localAddress, handle: client.handle)
            var all: [UInt8] = []
            for round in 0..<200 {
                let message = (0..<(1 + round * 37 % 3000)).map { UInt8(truncatingIfNeeded: $0 &+ round) }
                try await connection.write(message)
                var got: [UInt8] = []
                while got.count < message.count { got += try await connection.read() }
                #expect(got == message)
                all += got
            }
            connection.close()
            return all.count
        }.value
        #expect(received > 0)
        serving.cancel()
        try await serving.value
        listener.close()
        await client.shutdown()
        await server.shutdown()
    }

    @Test("1,000 concurrent async clients are all served by one loop thread")
    func thousandClients() async throws {
        let server = try EventLoopThread(name: "many-server")
        let client = try EventLoopThread(name: "many-client")
        let listener = try AsyncListener(bindingTo: try SocketAddress(host: "127.0.0.1", port: 0), handle: server.handle)
        let serving = Task(executorPreference: server.handle.executor) { try await serveEcho(listener) }
        let served = try await withTaskExecutorPreference(client.handle.executor) {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        let connection = try await AsyncConnection.connect(to: listener.localAddress, handle: client.handle)
                        defer { connection.close() }
                        let message = Array("client \(index)\n".utf8)
                        for _ in 0..<5 {
                            try await connection.write(message)
                            var got: [UInt8] = []
                            while got.count < message.count { got += try await connection.read() }
                            guard got == message else { return 0 }
                        }
                        return 1
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        #expect(served == 1000)
        serving.cancel()
        try await serving.value
        await client.shutdown()
        await server.shutdown()
    }

    @Test("a cancelled read throws CancellationError and leaves no watcher behind")
    func cancelledRead() async throws {
        let thread = try EventLoopThread()
        let (connection, right) = try AsyncConnection.makePair(handle: thread.handle)
        let reader = Task(executorPreference: thread.handle.executor) {
            var buffer = [UInt8](repeating: 0, count: 16)
            _ = try await connection.read(into: &buffer)
        }
        try await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        await #expect(throws: CancellationError.self) { try await reader.value }
        // The wait is gone: a new reader may wait on the same descriptor and gets the data.
        try await right.write("after")
        let got = try await connection.read()
        #expect(got == Array("after".utf8))
        connection.close()
        right.close()
        await thread.shutdown()
    }

    @Test("a descriptor number closed and reused in one loop iteration serves the new connection")
    func descriptorReusedInOneIteration() async {
        // libev's epoll backend goes silent on a number closed and reused before it next applies
        // its changes, unless told the number may name another file: the waiter must say so.
        // In a process of its own: `dup2` onto a number just closed is safe only where no other
        // test may open a descriptor meanwhile.
        await #expect(processExitsWith: .success) {
            let thread = try! EventLoopThread()
            let (first, firstPeer) = try! connectionAndPeer(handle: thread.handle)
            let number = try! await thread.handle.submit { _ in first.socket.fileDescriptor }
            let firstReader = Task(executorPreference: thread.handle.executor) { try await first.read() }
            try! await Task.sleep(for: .milliseconds(50))  // its wait is now in epoll's set
            // In one go on the loop: close, reuse the number, start reading the new connection.
            let (secondReader, secondPeer) = try! await thread.handle.submit { _ in
                first.close()
                let (second, secondPeer) = try connectionAndPeer(movedTo: number, handle: thread.handle)
                let reader = Task(executorPreference: thread.handle.executor) { try await second.read() }
                return (reader, secondPeer)
            }
            guard case .failure(let error as SocketError) = await firstReader.result, error.errno == EBADF else { _exit(2) }
            try! await secondPeer.write("new")
            guard (try? await secondReader.value) == Array("new".utf8) else { _exit(3) }  // a 10 s timeout otherwise
            firstPeer.close()
            secondPeer.close()
            await thread.shutdown()
            _exit(0)  // not exit: LeakSanitizer would count what the process still holds and fail it
        }
    }

    @Test("a read whose timeout passes throws a timeout error")
    func readTimeout() async throws {
        let thread = try EventLoopThread()
        var (connection, right) = try AsyncConnection.makePair(handle: thread.handle)
        connection.timeout = .milliseconds(30)
        do {
            _ = try await connection.read()
            Issue.record("read returned without data")
        } catch let error as SocketError {
            #expect(error == SocketError.timeout(operation: "recv"))
            #expect(error.description == "recv: timed out")
        }
        connection.close()
        right.close()
        await thread.shutdown()
    }

    @Test("a second concurrent reader is refused with alreadyWaiting")
    func secondReaderRefused() async throws {
        let thread = try EventLoopThread()
        let (connection, right) = try AsyncConnection.makePair(handle: thread.handle)
        let fd = try await thread.handle.submit { _ in connection.socket.fileDescriptor }
        let first = Task(executorPreference: thread.handle.executor) { try await connection.read() }
        try await Task.sleep(for: .milliseconds(20))
        await #expect(throws: EventLoopError.alreadyWaiting(fd: fd, forWriting: false)) {
            _ = try await connection.read()
        }
        try await right.write([7])
        #expect(try await first.value == [7])
        connection.close()
        right.close()
        await thread.shutdown()
    }

    @Test("closing a connection wakes the task waiting to read it with EBADF")
    func closeWakesReader() async throws {
        let thread = try EventLoopThread()
        let (connection, right) = try AsyncConnection.makePair(handle: thread.handle)
        let reader = Task(executorPreference: thread.handle.executor) { try await connection.read() }
        try await Task.sleep(for: .milliseconds(20))
        connection.close()
        await #expect(throws: SocketError(errno: EBADF, operation: "recv")) { try await reader.value }
        right.close()
        await thread.shutdown()
    }

    @Test("shutting a loop down resumes every task awaiting its I/O with loopClosed")
    func shutdownResumesWaiters() async throws {
        let thread = try EventLoopThread()
        var peers: [AsyncConnection] = []
        var readers: [Task<[UInt8], any Error>] = []
        for _ in 0..<20 {
            let (connection, right) = try AsyncConnection.makePair(handle: thread.handle)
            peers.append(right)
            readers.append(Task(executorPreference: thread.handle.executor) { try await connection.read() })
        }
        try await Task.sleep(for: .milliseconds(30))
        await thread.shutdown()
        for reader in readers {
            await #expect(throws: EventLoopError.loopClosed) { try await reader.value }
        }
        // Work sent after shutdown is refused, never lost.
        #expect(throws: EventLoopError.loopClosed) { try thread.handle.execute {} }
        for peer in peers { peer.close() }
    }

    @Test("a write to a peer that never reads suspends, holding no more than the caller's buffer")
    func writeToNonReader() async throws {
        let thread = try EventLoopThread()
        let (connection, right) = try AsyncConnection.makePair(handle: thread.handle)
        let payload = (0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let writerDone = Atomic<Bool>(false)
        let writer = Task(executorPreference: thread.handle.executor) {
            try await connection.write(payload)
            writerDone.store(true, ordering: .relaxed)
        }
        try await Task.sleep(for: .milliseconds(50))
        // Still suspended: the kernel holds what it can, the rest waits in the caller's buffer.
        let finishedEarly = writerDone.load(ordering: .relaxed)
        #expect(!finishedEarly)
        var received: [UInt8] = []
        received.reserveCapacity(payload.count)
        while received.count < payload.count { received += try await right.read() }
        try await writer.value
        #expect(received == payload)
        connection.close()
        right.close()
        await thread.shutdown()
    }

    @Test("called from a task on no loop, reads and writes hop to the loop and back")
    func hopsFromElsewhere() async throws {
        let thread = try EventLoopThread()
        let (connection, peer) = try AsyncConnection.makePair(handle: thread.handle)
        try await connection.write("ping")
        #expect(try await peer.read() == Array("ping".utf8))
        #expect(!thread.handle.isCurrent)
        connection.close()
        peer.close()
        await thread.shutdown()
    }
}

/// A connected pair, the first socket on descriptor `number` when one is given (moved there with
/// `dup2` unless `socketpair` chose it); reads time out after 10 s, so that a wait the loop never
/// wakes fails instead of hanging.
func connectionAndPeer(movedTo number: Int32? = nil, handle: EventLoopHandle) throws -> (AsyncConnection, AsyncConnection) {
    var fds: [Int32] = [-1, -1]
    try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0)
    if let number, fds[0] != number {
        try #require(dup2(fds[0], number) == number)
        Foundation.close(fds[0])
        fds[0] = number
    }
    let socket = try Socket(adopting: fds[0])
    let peer = try Socket(adopting: fds[1])
    return (AsyncConnection(socket, handle: handle, timeout: .seconds(10)), AsyncConnection(peer, handle: handle, timeout: .seconds(10)))
}
