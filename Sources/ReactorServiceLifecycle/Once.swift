import Synchronization

/// Makes sure a stop is asked for once: graceful shutdown and cancellation can both arrive.
final class Once: Sendable {
    private let done = Atomic(false)

    /// Runs `body` the first time only.
    func callAsFunction(_ body: () -> Void) {
        if !done.exchange(true, ordering: .relaxed) { body() }
    }
}
