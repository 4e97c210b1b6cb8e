import Glibc

/// The handshake between `serveForever()` and `shutdown()`, which may run on different threads.
///
/// It mirrors Python's pair `__shutdown_request` / `__is_shut_down` (a flag and an event): a
/// shutdown asked for before `serveForever()` starts makes that call return at once, and
/// `shutdown()` waits until the `serveForever()` in progress (or the next one) has returned.
/// A mutex and a condition variable, so that `shutdown()` sleeps instead of polling.
final class ServeState: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var serving = false
    private var shutdownRequested = false
    private var isShutDown = false
    private var servingThread = pthread_t()
    private var generation = 0

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Starts a `serveForever()` on this thread, a new generation; false when a shutdown was
    /// already asked for (the call must then return at once, after ``end()``).
    func begin() -> Bool {
        locked {
            isShutDown = false
            guard !shutdownRequested else { return false }
            serving = true
            servingThread = pthread_self()
            generation += 1
            return true
        }
    }

    /// Ends a `serveForever()` and wakes every waiting `shutdown()`.
    func end() {
        locked {
            serving = false
            shutdownRequested = false
            isShutDown = true
            pthread_cond_broadcast(condition)
        }
    }

    /// Whether generation `generation` is still serving (read on the loop thread by the stop job).
    func isServing(_ generation: Int) -> Bool {
        locked { serving && self.generation == generation }
    }

    /// Asks for a shutdown; `stop` is called (under the lock) with the serving generation if a
    /// `serveForever()` is running. Returns false when called on the serving thread itself, which
    /// must not wait for its own loop to stop.
    func requestShutdown(_ stop: (Int) -> Void) -> Bool {
        locked {
            shutdownRequested = true
            guard serving else { return true }
            stop(generation)
            return pthread_equal(servingThread, pthread_self()) == 0
        }
    }

    /// Sleeps until a `serveForever()` has ended.
    func waitUntilShutDown() {
        pthread_mutex_lock(mutex)
        while !isShutDown { pthread_cond_wait(condition, mutex) }
        pthread_mutex_unlock(mutex)
    }
}
