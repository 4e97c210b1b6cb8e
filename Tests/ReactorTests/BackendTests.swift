import Reactor
import Testing

@Suite("Backends")
struct BackendTests {
    @Test("automatic picks epoll on Linux and reports it")
    func automaticIsEpoll() throws {
        #expect(try EventLoop().backend == .epoll)
    }

    @Test("each explicit backend is the one in use", arguments: [Backend.epoll, .poll, .select])
    func explicitBackend(backend: Backend) throws {
        #expect(try EventLoop(backend: backend).backend == backend)
        #expect(Backend.available.contains(backend))
    }

    @Test("io_uring is opt-in: it either runs or throws backendUnavailable, never aborts")
    func ioUring() {
        do {
            let loop = try EventLoop(backend: .ioUring)
            #expect(loop.backend == .ioUring)
        } catch {
            #expect(error == .backendUnavailable(.ioUring))
        }
    }

    @Test("backend names parse and print as on the command line")
    func names() {
        #expect(Backend(name: "io_uring") == .ioUring)
        #expect(Backend(name: "epoll") == .epoll)
        #expect(Backend(name: "kqueue") == nil)
        #expect(Backend.ioUring.description == "io_uring")
    }

    @Test("an unavailable backend's error names the ones that are")
    func unavailableMessage() {
        let message = EventLoopError.backendUnavailable(.ioUring).description
        #expect(message.hasPrefix("backend io_uring is not available here (available: automatic, epoll, poll, select"))
    }
}
