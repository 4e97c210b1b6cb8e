import Reactor

/// Runs `body`, which blocks (sockets, child processes, sleeps), with a loop thread of its own as
/// the task's executor: Swift concurrency's pool has a thread per core, and tests that block them
/// for seconds starve the others (under AddressSanitizer, past their time limits). The body stays
/// part of the test's task, so its expectations are the test's.
func offPool<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    let thread = try EventLoopThread(name: "blocking-test")
    let result: Result<T, any Error>
    do {
        result = .success(try await withTaskExecutorPreference(thread.handle.executor) { try await body() })
    } catch {
        result = .failure(error)
    }
    await thread.shutdown()
    return try result.get()
}
