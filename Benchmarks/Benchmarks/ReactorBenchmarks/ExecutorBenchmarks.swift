import Benchmark
import NIOCore
import NIOPosix
import Reactor

// Swift concurrency on the loop: what an executor job and an async echoed message allocate, beside
// SwiftNIO's event loop as a `SerialExecutor` measured the same way. (Instructions per job come
// from `swift run -c release executor-cost`, under callgrind: scripts/executor-cost.)

/// An actor whose methods run on a Reactor loop.
/// A default actor (on the global executor) that calls a loop's actor: each call hops onto the
/// loop and back, across threads. (From nonisolated code the compiler drops the hop back, and the
/// caller would stay on the loop after its first call.)
actor Caller {
    func call(_ actor: ReactorLoopActor, _ count: Int) async -> Int {
        var total = 0
        for _ in 0..<count { total &+= await actor.touch() }
        return total
    }

    func call(_ actor: NIOLoopActor, _ count: Int) async -> Int {
        var total = 0
        for _ in 0..<count { total &+= await actor.touch() }
        return total
    }
}

actor ReactorLoopActor {
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

    /// `count` jobs enqueued from the loop's own thread: each yield requeues the actor's job.
    func yield(_ count: Int) async {
        for _ in 0..<count { await Task.yield() }
    }
}

/// The same actor on a SwiftNIO event loop.
actor NIOLoopActor {
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

    func yield(_ count: Int) async {
        for _ in 0..<count { await Task.yield() }
    }
}

let executorBenchmarks: @Sendable () -> Void = {
    Benchmark("ExecutorJobOnLoopReactor") { benchmark in
        let thread = try EventLoopThread()
        let actor = ReactorLoopActor(thread.handle.executor)
        await actor.yield(10)  // warm the run queue up to its working size
        benchmark.startMeasurement()
        await actor.yield(operations)
        benchmark.stopMeasurement()
        await thread.shutdown()
    }

    Benchmark("ExecutorJobOnLoopNIO") { benchmark in
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let actor = NIOLoopActor(group.next())
        await actor.yield(10)
        benchmark.startMeasurement()
        await actor.yield(operations)
        benchmark.stopMeasurement()
        try await group.shutdownGracefully()
    }

    Benchmark("ExecutorHopCrossThreadReactor") { benchmark in
        // Each call: a job enqueued from another thread onto the loop, and one back.
        let thread = try EventLoopThread()
        let actor = ReactorLoopActor(thread.handle.executor)
        let caller = Caller()
        _ = await caller.call(actor, 1)
        benchmark.startMeasurement()
        blackHole(await caller.call(actor, operations))
        benchmark.stopMeasurement()
        await thread.shutdown()
    }

    Benchmark("ExecutorHopCrossThreadNIO") { benchmark in
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let actor = NIOLoopActor(group.next())
        let caller = Caller()
        _ = await caller.call(actor, 1)
        benchmark.startMeasurement()
        blackHole(await caller.call(actor, operations))
        benchmark.stopMeasurement()
        try await group.shutdownGracefully()
    }

    Benchmark("AsyncEchoSocketPair10kMessages") { benchmark in
        // Ping-pong over Socket.pair() between two tasks on one loop: a read that suspends, a write,
        // per message and side.
        let thread = try EventLoopThread()
        let (client, server) = try AsyncConnection.makePair(handle: thread.handle)
        let echo = Task(executorPreference: thread.handle.executor) {
            var buffer = [UInt8](repeating: 0, count: 64)
            while case let count = try await server.read(into: &buffer), count > 0 {
                try await server.write(buffer[..<count])
            }
        }
        let message = [UInt8](repeating: 0x5A, count: 64)
        try await withTaskExecutorPreference(thread.handle.executor) {
            var buffer = [UInt8](repeating: 0, count: 64)
            for _ in 0..<10 {  // warm-up
                try await client.write(message)
                _ = try await client.read(into: &buffer)
            }
            benchmark.startMeasurement()
            for _ in 0..<messages {
                try await client.write(message)
                var got = 0
                while got < message.count { got += try await client.read(into: &buffer) }
            }
            benchmark.stopMeasurement()
        }
        client.close()
        _ = try await echo.value
        await thread.shutdown()
    }

    Benchmark("AsyncConnectEchoClose100") { benchmark in
        // 100 connections a sample, each accepted by an AsyncListener, served by a task, echoed
        // once and closed: the allocations per connection of the async model.
        let thread = try EventLoopThread()
        let listener = try AsyncListener(bindingTo: SocketAddress(host: "127.0.0.1", port: 0), handle: thread.handle)
        let server = Task(executorPreference: thread.handle.executor) {
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in listener {
                    group.addTask {
                        defer { connection.close() }
                        var buffer = [UInt8](repeating: 0, count: 64)
                        while case let count = try await connection.read(into: &buffer), count > 0 {
                            try await connection.write(buffer[..<count])
                        }
                    }
                }
            }
        }
        let message = [UInt8](repeating: 0x5A, count: 64)
        benchmark.startMeasurement()
        try await withTaskExecutorPreference(thread.handle.executor) {
            var buffer = [UInt8](repeating: 0, count: 64)
            for _ in 0..<operations {
                let client = try await AsyncConnection.connect(to: listener.localAddress, handle: thread.handle)
                try await client.write(message)
                var got = 0
                while got < message.count { got += try await client.read(into: &buffer) }
                client.close()
            }
        }
        benchmark.stopMeasurement()
        server.cancel()
        _ = try? await server.value
        await thread.shutdown()
    }
}
