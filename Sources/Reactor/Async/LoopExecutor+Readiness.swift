import Glibc

extension LoopExecutor {
    /// Suspends the calling task until `socket` is ready for `direction`, `timeout` passes, the task
    /// is cancelled, the socket is closed or the loop is closed. Loop thread only.
    ///
    /// Allocates nothing: the continuation lives in the task, the waiter in the loop's table. A task
    /// cancelled while it waits resumes within ``ReadinessTable/cancellationInterval`` (the table
    /// checks waiting tasks; see there why not a cancellation handler).
    /// - Throws: `CancellationError`; ``EventLoopError/loopClosed``;
    ///   ``EventLoopError/alreadyWaiting(fd:forWriting:)`` when another task waits on the same
    ///   descriptor in the same direction; `SocketError.timeout(operation:)`; `SocketError` `EBADF`
    ///   when the socket is closed while waiting.
    @inline(__always)
    func waitUntilReady(
        _ socket: Socket, _ direction: ReadinessDirection, operation: StaticString, timeout: Duration?
    ) async throws {
        let table = readiness
        guard _fastPath(!table.isClosed) else { throw EventLoopError.loopClosed }
        let fd = socket.fileDescriptor
        guard _fastPath(fd >= 0) else { throw SocketError(errno: EBADF, operation: operation.description) }
        let slot = table.slot(for: socket, fd)
        guard _fastPath((direction == .read ? slot.pointee.reader : slot.pointee.writer) == nil) else {
            throw EventLoopError.alreadyWaiting(fd: fd, forWriting: direction == .write)
        }
        let deadline = try timeout.map { duration throws(EventLoopError) in try seconds(duration) }
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
            withUnsafeCurrentTask { task in
                guard let task, !task.isCancelled else { return continuation.resume(throwing: CancellationError()) }
                table.register(
                    ReadinessWaiter(continuation: continuation), task: task, slot: slot, direction: direction,
                    operation: operation, deadline: deadline)
            }
        }
    }
}
