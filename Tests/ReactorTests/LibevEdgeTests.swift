import CLibev
import Foundation
import Reactor
import Testing

// DESIGN.md, "libev's sharp edges": each control shows the edge is real (raw libev kills the
// process), next to the test that shows the Swift layer throws or copes instead.
@Suite("libev's sharp edges")
struct LibevEdgeTests {
    @Test("control: raw libev aborts when an io watcher starts on a closed descriptor (epoll)")
    func rawStartOnClosedDescriptor() async {
        await #expect(processExitsWith: .signal(SIGABRT)) {
            let loop = ev_loop_new(UInt32(EVBACKEND_EPOLL))
            let fd = dup(0)
            close(fd)
            let watcher = UnsafeMutablePointer<ev_io>.allocate(capacity: 1)
            clibev_io_init(watcher, { _, _, _ in }, fd, Int32(EV_READ))
            ev_io_start(loop, watcher)
            ev_run(loop, Int32(EVRUN_NOWAIT))
            exit(0)
        }
    }

    @Test("control: raw libev's poll backend aborts when a watched descriptor is closed behind its back")
    func rawPollClosedBehindBack() async {
        await #expect(processExitsWith: .signal(SIGABRT)) {
            let loop = ev_loop_new(UInt32(EVBACKEND_POLL))
            var fds: [Int32] = [0, 0]
            pipe(&fds)
            let watcher = UnsafeMutablePointer<ev_io>.allocate(capacity: 1)
            clibev_io_init(watcher, { _, _, _ in }, fds[0], Int32(EV_READ))
            ev_io_start(loop, watcher)
            ev_run(loop, Int32(EVRUN_NOWAIT))
            close(fds[0])
            ev_run(loop, Int32(EVRUN_NOWAIT))
            exit(0)
        }
    }

    // Descriptor numbers are process-wide and tests run in parallel: in a child process the
    // number just closed is the one the next socket gets.
    @Test("a reused descriptor number registered again gets its events (epoll), without a stale callback")
    func reusedDescriptorNumber() async {
        await #expect(processExitsWith: .success) {
            let selector = try! Selector(backend: .epoll)
            let first = try! RawPair()
            var stale = 0
            try! selector.register(first.left, events: .read) { _, _ in stale += 1 }
            send([1], to: first.right)
            try! selector.unregister(first.left)
            first.close()
            let second = try! RawPair()
            // Either end of the new pair may get the number; watch that end, write from the other.
            let (fd, peer) = second.left == first.left ? (second.left, second.right) : (second.right, second.left)
            guard fd == first.left else { exit(2) }
            var fresh = 0
            try! selector.register(fd, events: .read) { key, _ in
                fresh += 1
                drain(key.fileDescriptor)
            }
            send([2], to: peer)
            selector.loop.runOnce(timeout: .seconds(5))
            exit(fresh == 1 && stale == 0 ? 0 : 1)
        }
    }
}

@Suite("Sockets registered with a selector")
struct RegisteredSocketTests {
    @Test("closing a registered Socket unregisters it first, so the poll backend does not abort")
    func closingRegisteredSocket() async {
        await #expect(processExitsWith: .success) {
            // In a closure, so everything is freed before exit() (LeakSanitizer runs at exit).
            let unregistered = { () -> Bool in
                let selector = try! Selector(backend: .poll)
                defer { selector.close() }
                let (left, right) = try! Socket.pair()
                try! selector.register(left, events: .read)
                try! right.sendAll([1])
                left.close()
                return selector.count == 0 && (try! selector.select(timeout: .milliseconds(10))).isEmpty
            }()
            exit(unregistered ? 0 : 1)
        }
    }

    @Test("a Socket closed inside another key's callback is never dispatched afterwards", arguments: Backend.available.filter { $0 != .automatic && $0 != .ioUring })
    func closeOtherSocketDuringDispatch(backend: Backend) throws {
        let selector = try Selector(backend: backend)
        defer { selector.close() }
        let (a, aPeer) = try Socket.pair()
        let (b, bPeer) = try Socket.pair()
        var fired: [String] = []
        try selector.register(a, events: .read) { _, _ in fired.append("a"); b.close() }
        try selector.register(b, events: .read) { _, _ in fired.append("b"); a.close() }
        try aPeer.sendAll([1])
        try bPeer.sendAll([1])
        selector.loop.runOnce(timeout: .seconds(5))
        #expect(fired == ["a"] || fired == ["b"])
        #expect(selector.count == 1)  // the closed one unregistered itself; the other stays
    }

    @Test("a key's fileObject is the registered Socket")
    func keyHoldsSocket() throws {
        let selector = try Selector()
        defer { selector.close() }
        let (socket, _) = try Socket.pair()
        let key = try selector.register(socket, events: .read)
        #expect(key.fileObject as? Socket === socket)
        #expect(selector.key(for: socket) === key)
    }
}
