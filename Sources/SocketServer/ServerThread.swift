import Glibc
import Synchronization

/// A thread with a name, started on a closure and joined once: what `.threading` servers run
/// requests on, and a way to run `serveForever()` in the background as Python's examples do.
///
/// Names follow Python 3's `threading`: `Thread-1`, `Thread-2`, ... from one process-wide counter,
/// followed by the target's name in parentheses when one is given (`Thread-1 (serve_forever)`),
/// unless a name is given. ``currentName`` reads the name on the thread itself.
///
/// Python: `threading.Thread(target=..., name=..., daemon=...)`, `start()`, `join()`, `name`.
public final class ServerThread: Sendable {
    /// The thread's name: `Thread-N` unless one was given.
    ///
    /// Python: `Thread.name`.
    public let name: String
    private let thread: pthread_t
    private let joined = Mutex(false)

    private static let counter = Atomic<Int>(0)

    private init(name: String, thread: pthread_t) {
        self.name = name
        self.thread = thread
    }

    /// Starts `body` on a new, joinable thread.
    ///
    /// Python: `threading.Thread(target=body, name=name).start()`.
    /// - Parameters:
    ///   - name: The thread's name; nil for the next `Thread-N`.
    ///   - target: The name of what the thread runs, as Python 3 appends it to a `Thread-N` name:
    ///     `Thread-1 (serve_forever)`. Ignored when `name` is given.
    ///   - body: The code to run; it may own values given away with `sending`.
    /// - Returns: The thread, to ``join()``.
    /// - Throws: ``SocketServerError/threadStartFailed(errno:)`` (`EAGAIN`: too many threads).
    public static func start(
        name: String? = nil, target: String? = nil, _ body: sending @escaping () -> Void
    ) throws(SocketServerError) -> ServerThread {
        let name = name ?? nextName(target: target)
        return ServerThread(name: name, thread: try spawn(name: name, body, detached: false))
    }

    /// Starts `body` on a new thread that nobody joins (it releases its resources when it ends).
    ///
    /// Python: `threading.Thread(target=body, daemon=True).start()`, never joined.
    /// - Parameters: As ``start(name:target:_:)``.
    /// - Throws: ``SocketServerError/threadStartFailed(errno:)``.
    public static func startDetached(
        name: String? = nil, target: String? = nil, _ body: sending @escaping () -> Void
    ) throws(SocketServerError) {
        _ = try spawn(name: name ?? nextName(target: target), body, detached: true)
    }

    /// Waits until the thread has finished. Calling it again, from any thread, returns at once.
    ///
    /// Python: `Thread.join()`.
    public func join() {
        joined.withLock { done in
            guard !done else { return }
            pthread_join(thread, nil)
            done = true
        }
    }

    /// Lets the thread end without being joined; ``join()`` then returns at once.
    func detach() {
        joined.withLock { done in
            guard !done else { return }
            pthread_detach(thread)
            done = true
        }
    }

    /// The name of the calling thread if a `ServerThread` started it, else nil.
    ///
    /// Python: `threading.current_thread().name`.
    public static var currentName: String? {
        guard let name = pthread_getspecific(nameKey) else { return nil }
        return String(cString: name.assumingMemoryBound(to: CChar.self))
    }

    /// The next `Thread-N`, as Python's `threading` numbers its threads, and ` (target)` after it
    /// for a target (Python 3.10 and later).
    static func nextName(target: String? = nil) -> String {
        "Thread-\(counter.add(1, ordering: .relaxed).newValue)" + (target.map { " (\($0))" } ?? "")
    }

    /// Holds the C string of each thread's name; freed when the thread ends.
    private static let nameKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { free($0) }
        return key
    }()

    private static func spawn(name: String, _ body: sending @escaping () -> Void, detached: Bool) throws(SocketServerError) -> pthread_t {
        let key = nameKey
        let thread: pthread_t
        do {
            thread = try startThread {
                pthread_setspecific(key, strdup(name))
                body()
            }
        } catch {
            throw .threadStartFailed(errno: error.errno)
        }
        if detached { pthread_detach(thread) }
        return thread
    }
}
