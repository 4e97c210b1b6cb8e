import Glibc  // SIGINT, SIGTERM
import Reactor

let port = CommandLine.arguments.dropFirst().first.flatMap { UInt16($0) } ?? 10000
let loop = try EventLoopThread()                        // a libev loop on its own thread
let signals = try await loop.handle.signals(SIGINT, SIGTERM)   // Ctrl-C is watched from here on
let listener = try AsyncListener(bindingTo: SocketAddress(host: "127.0.0.1", port: port), handle: loop.handle)
print("listening tcp \(listener.localAddress)")

let server = Task(executorPreference: loop.handle.executor) {
    try await withThrowingDiscardingTaskGroup { connections in
        for try await connection in listener {          // ends when this task is cancelled
            connections.addTask {                       // one task per connection, on the same loop
                defer { connection.close() }
                var buffer = [UInt8](repeating: 0, count: 16384)
                do {
                    while case let count = try await connection.read(into: &buffer), count > 0 {
                        try await connection.write(buffer[..<count])
                    }
                } catch {}                              // reset by the peer, or cancelled: close
            }
        }
    }
}
_ = try await signals.next()                            // Ctrl-C
server.cancel()                                         // ends the accept loop and every connection
try await server.value
await loop.shutdown()
