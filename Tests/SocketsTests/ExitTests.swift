import Glibc
import Sockets
import Testing

@Suite("What must not kill the process", .timeLimit(.minutes(1)))
struct ExitTests {
    @Test("control: a plain write() to a closed peer dies of SIGPIPE")
    func plainWriteDies() async {
        await #expect(processExitsWith: .signal(SIGPIPE)) {
            signal(SIGPIPE, SIG_DFL)
            var fds: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else { exit(2) }
            close(fds[1])
            var byte: UInt8 = 1
            _ = write(fds[0], &byte, 1)
            exit(0)
        }
    }

    @Test("sending to a closed peer throws EPIPE and the process lives")
    func sendSurvivesClosedPeer() async {
        await #expect(processExitsWith: .success) {
            signal(SIGPIPE, SIG_DFL)
            do {
                let (left, right) = try Socket.pair()
                right.close()
                do throws(SocketError) {
                    try left.sendAll("hello")
                    exit(3)  // must have thrown
                } catch {
                    guard error == SocketError(errno: EPIPE, operation: "send") || error.errno == ECONNRESET else { exit(4) }
                    guard error.description == "send: Broken pipe (errno 32)" else { exit(5) }
                }
                // Datagram and span variants too.
                let (a, b) = try Socket.pair()
                b.close()
                let bytes: [UInt8] = [1, 2, 3]
                do throws(SocketError) { _ = try a.send(bytes); exit(6) } catch { guard error.isConnectionReset else { exit(7) } }
                // TCP: the peer's close makes the second send fail (RST after the first).
                let (client, server) = try makeConnectedTCP()
                server.close()
                var failed = false
                for _ in 0..<100 where !failed {
                    do throws(SocketError) { try client.sendAll("x"); usleep(1000) } catch { failed = error.isConnectionReset }
                }
                exit(failed ? 0 : 8)
            } catch {
                exit(9)
            }
        }
    }

    @Test("100 sockets dropped without close() leak no descriptor")
    func noLeak() async {
        // In an exit test's own process, so that no test running in parallel opens sockets meanwhile.
        // Only sockets are counted: the test library's threads open and close eventfds and timerfds
        // at any time (and the child inherits a dozen sockets from `swift test` itself).
        await #expect(processExitsWith: .success) {
            do {
                let before = openSocketCount()
                for _ in 0..<100 { _ = try Socket(family: .ipv4, type: .stream) }
                for _ in 0..<50 { _ = try Socket.pair() }
                do {
                    let (listener, address) = try makeListener()
                    for _ in 0..<10 {
                        let client = try Socket(family: .ipv4, type: .stream)
                        try client.connect(to: address)
                        _ = try listener.accept()
                    }
                }
                let after = openSocketCount()
                exit(after == before ? 0 : Int32(100 + after - before))
            } catch {
                exit(2)
            }
        }
    }

    @Test("socketpair across fork: the parent pings, the child pongs (socket_socketpair.py)")
    func socketPairAcrossFork() async {
        await #expect(processExitsWith: .success) {
            do {
                let (parent, child) = try Socket.pair()
                let pid = fork()
                if pid == 0 {
                    parent.close()
                    let message = try child.receive(maxCount: 1024)
                    try child.sendAll(message == [UInt8]("ping") ? "pong" : "what?")
                    child.close()
                    _exit(0)
                }
                child.close()
                try parent.sendAll("ping")
                let response = try parent.receive(maxCount: 1024)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
                exit(response == [UInt8]("pong") && status == 0 ? 0 : 1)
            } catch {
                exit(2)
            }
        }
    }

    @Test("running out of descriptors is a SocketError (EMFILE) from socket and accept, not a crash")
    func outOfDescriptors() async {
        await #expect(processExitsWith: .success) {
            // The descriptor table is exhausted in a forked child with a single thread, so that no
            // thread of the test library is starved of descriptors meanwhile.
            let pid = fork()
            if pid == 0 { _exit(exhaustDescriptorsAndAccept()) }
            var status: Int32 = 0
            guard pid > 0, waitpid(pid, &status, 0) == pid else { exit(10) }
            exit(status & 0x7f == 0 ? (status >> 8) & 0xff : 100 + (status & 0x7f))  // 100 + signal
        }
    }
}

/// Uses up the descriptor table, checks the EMFILE errors of `socket` and `accept`, then frees one
/// descriptor and accepts the pending connection. Returns 0 on success, another code naming the step.
private func exhaustDescriptorsAndAccept() -> Int32 {
    do {
        let (listener, address) = try makeListener()
        let client = try Socket(family: .ipv4, type: .stream)
        try client.connect(to: address)
        // Lower the limit to just above the highest descriptor open now (the test library holds some
        // too), then use up the rest.
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = rlim_t(highestOpenDescriptor() + 8)
        guard setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 2 }
        var hoard: [Socket] = []
        var socketError: SocketError?
        while socketError == nil {
            do throws(SocketError) { hoard.append(try Socket(family: .ipv4, type: .datagram)) } catch { socketError = error }
        }
        guard !hoard.isEmpty else { return 12 }
        guard socketError == SocketError(errno: EMFILE, operation: "socket") else { return 3 }
        guard socketError?.description == "socket: Too many open files (errno 24)" else { return 4 }
        guard socketError?.isOutOfDescriptors == true else { return 5 }
        do throws(SocketError) { _ = try listener.accept(); return 6 } catch {
            guard error == SocketError(errno: EMFILE, operation: "accept") else { return 7 }
        }
        // The server decides: free one descriptor and the pending connection is still there.
        hoard.removeLast()
        guard try listener.accept() != nil else { return 8 }
        return 0
    } catch {
        return 9
    }
}
