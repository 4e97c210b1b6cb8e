// Runs `count` executor jobs of one kind and exits, for callgrind: the difference in instructions
// between two counts, over the difference in jobs, is the cost of one job (scripts/executor-cost).
//
//   executor-cost reactor-on-loop|nio-on-loop|reactor-cross-thread|nio-cross-thread COUNT
import NIOCore
import NIOPosix
import Glibc
import Reactor

actor ReactorActor {
    let executor: LoopExecutor
    init(_ executor: LoopExecutor) { self.executor = executor }
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    func touch() -> Int { 1 }
    func yield(_ count: Int) async { for _ in 0..<count { await Task.yield() } }
}

actor NIOActor {
    let loop: any EventLoop
    init(_ loop: any EventLoop) { self.loop = loop }
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }
    func touch() -> Int { 1 }
    func yield(_ count: Int) async { for _ in 0..<count { await Task.yield() } }
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2, let count = Int(arguments.last!) else {
    print("usage: executor-cost reactor-on-loop|nio-on-loop|reactor-cross-thread|nio-cross-thread COUNT")
    exit(64)
}
var total = 0
switch arguments.first! {
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
    let actor = ReactorActor(thread.handle.executor)
    for _ in 0..<count { total += await actor.touch() }
    await thread.shutdown()
case "nio-cross-thread":
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let actor = NIOActor(group.next())
    for _ in 0..<count { total += await actor.touch() }
    try await group.shutdownGracefully()
default:
    print("unknown kind \(arguments.first!)")
    exit(64)
}
