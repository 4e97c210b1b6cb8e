import Glibc
import Sockets
import Testing

/// Records what it is told, and checks that the descriptor is still open when told.
final class RecordingObserver: DescriptorCloseObserver {
    var told: [Int32] = []
    var wasOpenWhenTold: [Bool] = []

    func descriptorWillClose(_ fd: Int32) {
        told.append(fd)
        wasOpenWhenTold.append(fcntl(fd, F_GETFD) != -1)
    }
}

@Suite("Descriptor ownership", .serialized)
struct LifecycleTests {
    @Test("close observers are told before the descriptor closes, once")
    func observerToldBeforeClose() throws {
        let socket = try Socket(family: .ipv4, type: .stream)
        let fd = socket.fileDescriptor
        let observer = RecordingObserver()
        socket.addCloseObserver(observer)
        socket.addCloseObserver(observer)  // idempotent
        socket.close()
        socket.close()
        #expect(observer.told == [fd])
        #expect(observer.wasOpenWhenTold == [true])
    }

    @Test("several observers are all told; a removed one is not")
    func severalObservers() throws {
        let socket = try Socket(family: .ipv4, type: .stream)
        let fd = socket.fileDescriptor
        let first = RecordingObserver(), second = RecordingObserver(), third = RecordingObserver()
        socket.addCloseObserver(first)
        socket.addCloseObserver(second)
        socket.addCloseObserver(third)
        socket.addCloseObserver(second)
        socket.removeCloseObserver(first)
        socket.removeCloseObserver(RecordingObserver())  // never added: no-op
        socket.close()
        #expect(first.told == [])
        #expect(second.told == [fd] && third.told == [fd])
    }

    @Test("a removed observer is not told")
    func removedObserver() throws {
        let socket = try Socket(family: .ipv4, type: .stream)
        let observer = RecordingObserver()
        socket.addCloseObserver(observer)
        socket.removeCloseObserver(observer)
        socket.close()
        #expect(observer.told.isEmpty)
    }

    @Test("observers are held weakly")
    func weakObservers() throws {
        let socket = try Socket(family: .ipv4, type: .stream)
        weak var weakObserver: RecordingObserver?
        do {
            let observer = RecordingObserver()
            weakObserver = observer
            socket.addCloseObserver(observer)
            let other = RecordingObserver()
            socket.addCloseObserver(other)
        }
        #expect(weakObserver == nil)
        socket.close()  // must not crash on dead observers
    }

    @Test("dropping an open socket tells its observers and closes the descriptor")
    func deinitCloses() throws {
        let observer = RecordingObserver()
        var fd: Int32 = -1
        do {
            let socket = try Socket(family: .ipv4, type: .stream)
            fd = socket.fileDescriptor
            socket.addCloseObserver(observer)
        }
        #expect(observer.told == [fd])
        #expect(observer.wasOpenWhenTold == [true])
        #expect(fcntl(fd, F_GETFD) == -1 && errno == EBADF)
    }

    @Test("an observer may close the socket again while being told")
    func reentrantClose() throws {
        final class Closer: DescriptorCloseObserver {
            var socket: Socket?
            var count = 0
            func descriptorWillClose(_ fd: Int32) {
                count += 1
                socket?.close()
            }
        }
        let socket = try Socket(family: .ipv4, type: .stream)
        let closer = Closer()
        closer.socket = socket
        socket.addCloseObserver(closer)
        socket.close()
        #expect(closer.count == 1)
        closer.socket = nil
    }

    @Test("sockets are created close-on-exec, accepted ones too")
    func closeOnExec() throws {
        let (client, server) = try makeConnectedTCP()
        #expect(fcntl(client.fileDescriptor, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(server.fileDescriptor, F_GETFD) & FD_CLOEXEC != 0)
        let (a, b) = try Socket.pair()
        #expect(fcntl(a.fileDescriptor, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(b.fileDescriptor, F_GETFD) & FD_CLOEXEC != 0)
    }

    @Test("adopting a descriptor reads its family, type and blocking mode; detach gives it back")
    func adoptAndDetach() throws {
        let (a, b) = try Socket.pair(family: .unix, type: .datagram)
        b.isBlocking = false
        let observer = RecordingObserver()
        b.addCloseObserver(observer)
        let fd = b.detach()
        #expect(b.fileDescriptor == -1 && observer.told == [fd])
        #expect(fcntl(fd, F_GETFD) != -1)  // still open: it was given away
        let adopted = try Socket(adopting: fd)
        #expect(adopted.family == .unix && adopted.type == .datagram && !adopted.isBlocking)
        try a.sendAll("hi")
        #expect(try adopted.receive(maxCount: 8) == [UInt8]("hi"))
        var pipeEnds: [Int32] = [-1, -1]
        #expect(pipe(&pipeEnds) == 0)
        defer { close(pipeEnds[0]); close(pipeEnds[1]) }
        #expect(throws: SocketError(errno: ENOTSOCK, operation: "getsockopt")) { try Socket(adopting: pipeEnds[0]) }
        #expect(fcntl(pipeEnds[0], F_GETFD) != -1)  // a refused descriptor is left open
    }

    @Test("an accepted socket can be given away to another task")
    func sendingAcrossTasks() async throws {
        let (listener, address) = try makeListener()
        let client = try Socket(family: .ipv4, type: .stream)
        try client.connect(to: address)
        guard let (connection, _) = try listener.accept() else { Issue.record("no connection"); return }
        let task = Task.detached {
            try connection.sendAll("from another task")
            connection.close()
        }
        try await task.value
        #expect(try receiveExactly(client, 17) == [UInt8]("from another task"))
    }
}

