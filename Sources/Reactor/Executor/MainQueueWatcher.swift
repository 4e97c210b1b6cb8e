internal import CLibev
import Glibc

/// Lets a loop that runs on the process's main thread also run the main actor's jobs.
///
/// On Linux the main actor's executor is libdispatch's main queue, which runs only when the main
/// thread drains it: `dispatch_main()`, a Foundation `RunLoop`, or this. Without it, a `Task { }`
/// created from top-level code (main-actor isolated) never runs while `run()` holds the main thread.
/// The queue signals new work on an eventfd; the watcher drains the queue when it becomes readable,
/// as CoreFoundation's run loop does. It does not keep `run()` going on its own.
struct MainQueueWatcher: ~Copyable {
    private let watcher: UnsafeMutablePointer<ev_io>

    /// Made by libdispatch on first request, once per process: a loop created on the main thread
    /// needs one descriptor more until then (libdispatch crashes the process if it cannot make it).
    private static let handleMade = Locked(false)

    /// The descriptors a loop created now on the calling thread needs for the main queue: 1 on the
    /// main thread until the queue's eventfd exists, else 0.
    static var descriptorsNeeded: Int {
        clibev_is_main_thread() != 0 && !handleMade.withLock({ $0 }) ? 1 : 0
    }

    init() {
        watcher = .allocate(capacity: 1)
        watcher.initialize(to: ev_io())
    }

    deinit { watcher.deallocate() }

    /// Starts watching the main queue if `onMainThread`, stops if not. Called when a thread
    /// starts running the loop.
    func update(loop: OpaquePointer, onMainThread: Bool) {
        let active = clibev_is_active(watcher) != 0
        if onMainThread, !active {
            let fd = _dispatch_get_main_queue_handle_4CF()
            Self.handleMade.withLock { $0 = true }
            guard fd >= 0 else { return }
            clibev_io_init(watcher, { loop, watcher, _ in
                // The loop moved to another thread: only the main thread may drain the main queue.
                guard clibev_is_main_thread() != 0 else {
                    ev_ref(loop)
                    ev_io_stop(loop, watcher)
                    return
                }
                var count: UInt64 = 0
                _ = read(watcher.unsafelyUnwrapped.pointee.fd, &count, MemoryLayout<UInt64>.size)
                _dispatch_main_queue_callback_4CF(nil)
            }, fd, Int32(EV_READ))
            ev_io_start(loop, watcher)
            ev_unref(loop)
        } else if !onMainThread, active {
            stop(loop: loop)
        }
    }

    /// Stops watching.
    func stop(loop: OpaquePointer) {
        guard clibev_is_active(watcher) != 0 else { return }
        ev_ref(loop)
        ev_io_stop(loop, watcher)
    }
}
