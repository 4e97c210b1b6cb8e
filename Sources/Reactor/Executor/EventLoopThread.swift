internal import CLibev
import Glibc

/// An ``EventLoop`` on a thread of its own, running until ``shutdown()``: the usual home for a loop
/// that async code, actors or other threads use.
///
/// The loop keeps running while nothing is watched, waiting for work through ``handle``. Reach it
/// through ``handle`` (a `Sendable` door: ``EventLoopHandle/execute(_:)``,
/// ``EventLoopHandle/submit(_:)``, ``EventLoopHandle/executor``). ``EventLoop/stop()`` ends one run
/// of the loop; the thread starts it again, so only ``shutdown()`` ends it.
///
/// ``shutdown()`` closes the loop on its thread (work sent before still runs, tasks awaiting its I/O
/// resume with ``EventLoopError/loopClosed``, later work is refused with that error) and waits for the
/// thread. Dropping the last reference shuts it down too.
///
/// SwiftNIO: `MultiThreadedEventLoopGroup` with one thread. Python: a thread running
/// `loop.run_forever()`.
public final class EventLoopThread: Sendable {
    /// The door into the loop.
    public let handle: EventLoopHandle
    /// The thread's name, as `top -H` and debuggers show it (the kernel keeps its first 15 bytes).
    public let name: String
    private let thread: pthread_t
    private let joined = Locked(false)
    private let completion = ThreadCompletion()

    /// Creates a loop on `backend` and starts its thread.
    ///
    /// - Throws: ``EventLoopError/backendUnavailable(_:)``, or ``EventLoopError/systemCallFailed(operation:errno:)``
    ///   (`pthread_create`) when no thread can be started.
    public init(name: String = "reactor-loop", backend: Backend = .automatic) throws(EventLoopError) {
        let loop = try EventLoop(backend: backend)
        handle = loop.handle
        self.name = name
        // Until the new thread claims it, no thread owns the loop: jobs go through the mailbox.
        loop.executor.relinquish()
        let completion = self.completion
        do {
            thread = try startThread { [loop, name] in
                setCurrentThreadName(name)
                loop.executor.claim()
                while !loop.closeRequested { loop.runForever() }
                loop.close()
                completion.fire()
            }
        } catch {
            throw .systemCallFailed(operation: "pthread_create", errno: error.errno)
        }
    }

    deinit {
        if handle.isCurrent {
            // The last reference went away on the loop's own thread: it cannot wait for itself.
            _ = handle.mailbox.requestClose()
            pthread_detach(thread)
        } else {
            syncShutdown()
        }
    }

    /// Closes the loop on its thread and blocks the caller until the thread has ended. Idempotent;
    /// from any thread but the loop's own (which would wait for itself). In async code, use
    /// ``shutdown()``.
    ///
    /// SwiftNIO: `syncShutdownGracefully()`.
    public func syncShutdown() {
        precondition(!handle.isCurrent, "Reactor: EventLoopThread.syncShutdown() called on the loop's own thread")
        _ = handle.mailbox.requestClose()
        join()
    }

    private func join() {
        joined.withLock { joined in
            guard !joined else { return }
            pthread_join(thread, nil)
            joined = true
        }
    }

    /// Closes the loop on its thread and returns once the thread has ended, without blocking the
    /// caller's thread while the loop drains. Idempotent.
    ///
    /// SwiftNIO: `shutdownGracefully()`.
    public func shutdown() async {
        precondition(!handle.isCurrent, "Reactor: EventLoopThread.shutdown() called on the loop's own thread")
        _ = handle.mailbox.requestClose()
        await completion.wait()
        // The thread has nothing left to do but return.
        join()
    }
}

/// Lets `async` callers wait, without blocking a thread, until a thread (a loop's, a server's) is done.
package final class ThreadCompletion: Sendable {
    private let state = Locked<(finished: Bool, waiters: [UnsafeContinuation<Void, Never>])>((false, []))

    package init() {}

    /// Called on the thread once it is done (the loop closed, the server closed).
    package func fire() {
        let waiters = state.withLock { state in
            state.finished = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once ``fire()`` has been called.
    package func wait() async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let finished = state.withLock { state in
                if !state.finished { state.waiters.append(continuation) }
                return state.finished
            }
            if finished { continuation.resume() }
        }
    }
}

/// Names the calling thread (the kernel keeps the first 15 bytes).
func setCurrentThreadName(_ name: String) {
    _ = clibev_thread_setname(String(name.utf8.prefix(15)) ?? "reactor-loop")
}
