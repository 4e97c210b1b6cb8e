import Synchronization
import Glibc

/// Ends a request thread's connection from the loop thread, at the request's deadline or when the
/// server closes: `shutdown(SHUT_RDWR)`, which the handler's blocked reads see as end-of-file and
/// its writes as a broken pipe, so a handler waiting on its client returns.
///
/// The socket tells it before it closes (a close observer, as selectors are), and the lock orders
/// that with a shutdown: a descriptor number reused since is never touched.
final class RequestCanceller: DescriptorCloseObserver, Sendable {
    private let descriptor: Mutex<Int32>

    /// Watches `socket`; call on the loop thread before the request thread starts.
    init(_ socket: Socket) {
        descriptor = Mutex(socket.fileDescriptor)
        socket.addCloseObserver(self)
    }

    /// Shuts the connection down, unless the handler has closed it already.
    func cancel() {
        descriptor.withLock { fd in
            if fd >= 0 { _ = shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    @usableFromInline
    package func descriptorWillClose(_ fd: Int32) {
        descriptor.withLock { $0 = -1 }
    }
}
