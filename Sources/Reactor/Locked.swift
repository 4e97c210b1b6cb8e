import Glibc

/// A value behind a POSIX mutex, for state that other threads share with a loop.
///
/// `Synchronization.Mutex` would do, but on Linux it locks with raw futexes, which ThreadSanitizer
/// cannot see: every access it guards is then reported as a race. A `pthread_mutex_t` is
/// intercepted, so the executor and cross-thread tests run clean under `--sanitize=thread`.
package final class Locked<Value: ~Copyable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    package init(_ value: consuming Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock.
    @inline(__always)
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
