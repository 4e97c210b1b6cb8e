import Synchronization
import Glibc

/// Several ``EventLoopThread``s, handed out in turn: one loop per core is the usual way to use
/// every core with one-thread-per-loop code.
///
/// SwiftNIO: `MultiThreadedEventLoopGroup`.
public final class EventLoopGroup: Sendable {
    /// The loops' threads, in the order ``next()`` hands them out.
    public let threads: [EventLoopThread]
    private let counter = Atomic<Int>(0)

    /// Starts `loops` loops, each on its own thread named `<namePrefix><index>`.
    ///
    /// - Parameters:
    ///   - loops: How many loops; the default is one per online core.
    ///   - namePrefix: The start of the threads' names.
    ///   - backend: The backend of every loop.
    /// - Throws: ``EventLoopError``, from the first loop that cannot start (the ones already started
    ///   are shut down first).
    public init(loops: Int = EventLoopGroup.coreCount, namePrefix: String = "reactor-loop-", backend: Backend = .automatic)
        throws(EventLoopError)
    {
        precondition(loops > 0, "Reactor: an EventLoopGroup needs at least one loop")
        var started: [EventLoopThread] = []
        for index in 0..<loops {
            do {
                started.append(try EventLoopThread(name: "\(namePrefix)\(index)", backend: backend))
            } catch {
                for thread in started { thread.syncShutdown() }
                throw error
            }
        }
        threads = started
    }

    /// The handles of every loop.
    public var handles: [EventLoopHandle] { threads.map(\.handle) }

    /// The next loop, round-robin.
    public func next() -> EventLoopHandle {
        let index = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        return threads[Int(UInt(bitPattern: index) % UInt(threads.count))].handle
    }

    /// Shuts every loop down (see ``EventLoopThread/shutdown()``) and blocks until their threads
    /// have ended.
    public func syncShutdown() {
        for thread in threads { _ = thread.handle.mailbox.requestClose() }
        for thread in threads { thread.syncShutdown() }
    }

    /// Shuts every loop down without blocking the caller's thread while they drain.
    public func shutdown() async {
        for thread in threads { _ = thread.handle.mailbox.requestClose() }
        for thread in threads { await thread.shutdown() }
    }

    /// The number of online cores (at least 1).
    public static var coreCount: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
