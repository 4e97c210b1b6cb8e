import Benchmark
import NIOCore
import NIOPosix
import Reactor

// Swift concurrency on the loop: what an executor job and an async echoed message allocate, beside
// SwiftNIO's event loop as a `SerialExecutor` measured the same way. (Instructions per job come
// from `swift run -c release executor-cost`, under callgrind: scripts/executor-cost.)

/// An actor whose methods run on a Reactor loop.
actor ReactorLoopActor {
    let executor: LoopExecutor
    init(_ executor: LoopExecutor) { self.executor = executor }
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    func touch() -> Int { 1 }

    /// `count` jobs enqueued from the loop's own thread: each yield requeues the actor's job.
    func yield(_ count: Int) async {
        for _ in 0..<count { await Task.yield() }
    }
}

/// The same actor on a SwiftNIO event loop.
actor NIOLoopActor {
    let loop: any EventLoop
    init(_ loop: any EventLoop) { self.loop = loop }
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }

    func touch() -> Int { 1 }

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
        _ = await actor.touch()
        benchmark.startMeasurement()
        for _ in 0..<operations { blackHole(await actor.touch()) }
        benchmark.stopMeasurement()
        await thread.shutdown()
    }

    Benchmark("ExecutorHopCrossThreadNIO") { benchmark in
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let actor = NIOLoopActor(group.next())
        _ = await actor.touch()
        benchmark.startMeasurement()
        for _ in 0..<operations { blackHole(await actor.touch()) }
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
