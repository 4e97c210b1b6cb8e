// Runs `count` executor jobs of one kind and exits, for callgrind: the difference in instructions
// between two counts, over the difference in jobs, is the cost of one job (scripts/executor-cost).
//
//   executor-cost reactor-on-loop|nio-on-loop|reactor-cross-thread|nio-cross-thread COUNT
import NIOCore
import NIOPosix
import Glibc
import Reactor

/// A default actor (on the global executor) that calls a loop's actor: each call hops onto the
/// loop and back, across threads. (From nonisolated code the compiler drops the hop back, and the
/// caller would stay on the loop after its first call.)
actor Caller {
    func call(_ actor: ReactorActor, _ count: Int) async -> Int {
        var total = 0
        for _ in 0..<count { total &+= await actor.touch() }
        return total
    }

    func call(_ actor: NIOActor, _ count: Int) async -> Int {
        var total = 0
        for _ in 0..<count { total &+= await actor.touch() }
        return total
    }
}

actor ReactorActor {
    let executor: LoopExecutor
    init(_ executor: LoopExecutor) { self.executor = executor }
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    /// Touches the actor's state, so that the call must run on its executor (a call that touches
    /// nothing of the actor's may run where it is, and the optimizer lets it).
    private var touches = 0
    func touch() -> Int {
        touches &+= 1
        return touches
    }
    func yield(_ count: Int) async { for _ in 0..<count { await Task.yield() } }
}

actor NIOActor {
    let loop: any NIOCore.EventLoop
    init(_ loop: any NIOCore.EventLoop) { self.loop = loop }
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }
    /// Touches the actor's state, so that the call must run on its executor (a call that touches
    /// nothing of the actor's may run where it is, and the optimizer lets it).
    private var touches = 0
    func touch() -> Int {
        touches &+= 1
        return touches
    }
    func yield(_ count: Int) async { for _ in 0..<count { await Task.yield() } }
}

/// Blocks the main thread until the work is done. (Not an async main: this valgrind crashes on the
/// main thread that `dispatch_main` parks.)
final class Gate: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var open = false
    init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
    }
    func release() {
        pthread_mutex_lock(&mutex)
        open = true
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
    }
    func wait() {
        pthread_mutex_lock(&mutex)
        while !open { pthread_cond_wait(&condition, &mutex) }
        pthread_mutex_unlock(&mutex)
    }
}

func run(_ kind: String, _ count: Int) async throws {
    switch kind {
    case "reactor-on-loop":
        let thread = try EventLoopThread()
        await ReactorActor(thread.handle.executor).yield(count)
        await thread.shutdown()
    case "nio-on-loop":
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        await NIOActor(group.next()).yield(count)
        try await group.shutdownGracefully()
    case "reactor-cross-thread":
        let thread = try EventLoopThread()
        _ = await Caller().call(ReactorActor(thread.handle.executor), count)
        await thread.shutdown()
    case "nio-cross-thread":
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        _ = await Caller().call(NIOActor(group.next()), count)
        try await group.shutdownGracefully()
    default:
        print("unknown kind \(kind)")
        exit(64)
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 2, let count = Int(arguments[1]) else {
    print("usage: executor-cost reactor-on-loop|nio-on-loop|reactor-cross-thread|nio-cross-thread COUNT")
    exit(64)
}
let gate = Gate()
Task.detached {
    try await run(arguments[0], count)
    gate.release()
}
gate.wait()
