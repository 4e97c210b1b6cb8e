import Glibc

/// Why `pthread_create` refused to start a thread (`EAGAIN`: too many threads or no memory).
package struct ThreadStartError: Error {
    package let errno: Int32
}

/// Starts a joinable POSIX thread running `body`: the one place the package boxes a closure for
/// `pthread_create` (event loops on their own threads, request threads, load threads). In Sockets,
/// the package's lowest module over the C library, with its other POSIX helpers (``ProcessCalls``).
package func startThread(_ body: sending @escaping () -> Void) throws(ThreadStartError) -> pthread_t {
    let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var thread = pthread_t()
    let code = pthread_create(&thread, nil, { context in
        Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().body()
        return nil
    }, box)
    guard code == 0 else {
        Unmanaged<ThreadBody>.fromOpaque(box).release()
        throw ThreadStartError(errno: code)
    }
    return thread
}

private final class ThreadBody {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
