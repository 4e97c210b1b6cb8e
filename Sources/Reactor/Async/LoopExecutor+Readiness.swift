#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension LoopExecutor {
    /// Suspends the calling task until `fd` is ready for `direction`, `timeout` passes, the task is
    /// cancelled, the descriptor's socket is closed or the loop is closed. Loop thread only.
    ///
    /// Allocates nothing: the continuation lives in the task, the waiter in the loop's table.
    /// - Throws: `CancellationError`; ``EventLoopError/loopClosed``;
    ///   ``EventLoopError/alreadyWaiting(fd:forWriting:)`` when another task waits on the same
    ///   descriptor in the same direction; `SocketError.timeout(operation:)`; `SocketError` `EBADF`
    ///   when the socket is closed while waiting.
    func waitUntilReady(
        _ socket: Socket, _ direction: ReadinessDirection, operation: StaticString, timeout: Duration?
    ) async throws {
        let table = readiness
        guard !table.isClosed else { throw EventLoopError.loopClosed }
        let fd = socket.fileDescriptor
        guard fd >= 0 else { throw SocketError(errno: EBADF, operation: operation.description) }
        let slot = table.slot(for: socket, fd)
        guard (direction == .read ? slot.pointee.reader : slot.pointee.writer) == nil else {
            throw EventLoopError.alreadyWaiting(fd: fd, forWriting: direction == .write)
        }
        let deadline = try timeout.map { duration throws(EventLoopError) in try seconds(duration) }
        let token = table.makeToken()
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                table.register(
                    ReadinessWaiter(continuation: continuation, token: token), slot: slot, direction: direction,
                    operation: operation, deadline: deadline)
            }
        } onCancel: {
            cancelWait(fd: fd, direction: direction, token: token)
        }
    }

    /// Ends the wait `token`, if it is still waiting, with `CancellationError`: at once on the loop's
    /// thread, else through the mailbox (a cancelled task is rare enough for the closure to be fine).
    private func cancelWait(fd: Int32, direction: ReadinessDirection, token: UInt64) {
        if isCurrent {
            readiness.fail(fd: fd, direction: direction, token: token, with: CancellationError())
        } else {
            _ = mailbox.post { [self] in
                readiness.fail(fd: fd, direction: direction, token: token, with: CancellationError())
            }
        }
    }
}
