/// A `Sendable` box for a value that belongs to one event loop's thread: it travels through
/// `@Sendable` closures and tasks, and hands the value out only on that thread.
///
/// Loop-owned state (a `Selector`, a connection table, a `Socket` watched by the loop) is not
/// `Sendable`, and must not be: only its loop's thread may touch it. Wrapping it in a `LoopBound`
/// lets it cross into a closure sent through ``EventLoopHandle/execute(_:)`` or a task on
/// ``LoopExecutor`` without `@unchecked Sendable` in your code; reading or writing ``value`` on any
/// other thread traps, naming the mistake.
///
/// SwiftNIO: `NIOLoopBound`.
public struct LoopBound<Value>: @unchecked Sendable {
    /// The executor of the loop the value belongs to.
    public let executor: LoopExecutor
    private var storage: Value

    /// Binds `value` to `loop`. Call it on the loop's thread (where holding `loop` means you are).
    ///
    /// - Precondition: The caller runs on `loop`'s thread.
    public init(_ value: Value, loop: EventLoop) {
        precondition(loop.isCurrent, "Reactor: LoopBound created off its loop's thread")
        executor = loop.executor
        storage = value
    }

    /// Binds `value` to the loop behind `handle`. Call it on the loop's thread.
    ///
    /// - Precondition: The caller runs on the loop's thread.
    public init(_ value: Value, handle: EventLoopHandle) {
        precondition(handle.isCurrent, "Reactor: LoopBound created off its loop's thread")
        executor = handle.executor
        storage = value
    }

    /// The value. Only on the loop's thread.
    ///
    /// - Precondition: The caller runs on the loop's thread.
    public var value: Value {
        get {
            precondition(executor.isCurrent, "Reactor: LoopBound.value read off its loop's thread")
            return storage
        }
        _modify {
            precondition(executor.isCurrent, "Reactor: LoopBound.value changed off its loop's thread")
            yield &storage
        }
    }
}
