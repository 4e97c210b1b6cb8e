import Glibc

/// Log lines that a thread of their own writes, so that the thread that logs (an event loop) never
/// waits for whoever reads the output.
///
/// ``line(_:)`` only appends to a bounded queue and returns. When the reader falls behind (a pipe
/// nobody reads fills up in 64 KiB), the queue fills and further lines are dropped and counted;
/// once the writer gets through again it writes `[N log lines dropped: the output was not read]`
/// in their place. A blocking `write(2)` from the loop thread would instead stop the loop until
/// the reader catches up: reactor-echo stopped serving after 1,456 logged connections that way.
///
/// Forked children write directly: the writer thread does not exist in them.
public final class BackgroundLog: @unchecked Sendable {
    /// Lines for standard output.
    public static let standardOutput = BackgroundLog(descriptor: STDOUT_FILENO)
    /// Lines for standard error.
    public static let standardError = BackgroundLog(descriptor: STDERR_FILENO)

    private let descriptor: Int32
    private let capacity: Int
    private let owner = getpid()
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var queued: [UInt8] = []
    private var droppedSinceReport = 0
    private var dropped = 0
    private var writing = false
    private var started = false

    /// A log for `descriptor` that holds at most `capacity` bytes not written yet.
    public init(descriptor: Int32, capacity: Int = 256 * 1024) {
        self.descriptor = descriptor
        self.capacity = capacity
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    /// Queues `text` and a newline; never blocks on the output. Dropped (and counted) when the
    /// queue is full.
    public func line(_ text: String) {
        let queuedIt = getpid() == owner && locked {
            if !started { started = startWriter() }
            guard started else { return false }
            if queued.count + text.utf8.count + 1 > capacity {
                dropped += 1
                droppedSinceReport += 1
            } else {
                queued.append(contentsOf: text.utf8)
                queued.append(10)
                pthread_cond_signal(condition)
            }
            return true
        }
        // A forked child, where the writer thread does not exist, or no thread could start.
        if !queuedIt { Console.write(text + "\n", to: descriptor) }
    }

    /// How many lines were dropped because the output was not read fast enough.
    public var droppedLines: Int { locked { dropped } }

    /// Waits until every queued line is written, for at most `timeout`; false if some are left
    /// (the reader has stopped reading). For the end of a program: lines still queued at exit are lost.
    @discardableResult
    public func flush(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if locked({ queued.isEmpty && !writing && droppedSinceReport == 0 }) { return true }
            usleep(1000)
        }
        return locked { queued.isEmpty && !writing && droppedSinceReport == 0 }
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Starts the writer thread, detached; false if it cannot start (lines are then written at once).
    private func startWriter() -> Bool {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let code = pthread_create(&thread, nil, { context in
            Unmanaged<BackgroundLog>.fromOpaque(context!).takeRetainedValue().writeForever()
        }, context)
        guard code == 0 else {
            Unmanaged<BackgroundLog>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// The writer thread: takes what is queued, writes it with blocking writes, reports drops.
    private func writeForever() -> Never {
        var batch: [UInt8] = []
        while true {
            var drops = 0
            pthread_mutex_lock(mutex)
            writing = false
            while queued.isEmpty && droppedSinceReport == 0 { pthread_cond_wait(condition, mutex) }
            swap(&batch, &queued)
            queued.removeAll(keepingCapacity: true)
            swap(&drops, &droppedSinceReport)
            writing = true
            pthread_mutex_unlock(mutex)
            batch.withUnsafeBytes { Console.write($0, to: descriptor) }
            batch.removeAll(keepingCapacity: true)
            if drops > 0 {
                let notice = "[\(drops) log lines dropped: the output was not read]\n"
                Console.write(notice, to: descriptor)
            }
        }
    }
}
