import Reactor

/// What `reactor-echo` drives, with callbacks (``EchoLoops``) or tasks (``AsyncEchoLoops``): the
/// first loop runs on the calling thread, where signal watchers go.
public protocol EchoService: AnyObject {
    /// The first loop.
    var loop: EventLoop { get }
    /// What the first loop listens on.
    var listeners: [Listener] { get }
    /// Serves until ``stop()``, then stops every loop.
    func run()
    /// Makes ``run()`` return. Loop thread only.
    func stop()
    /// Stops every loop and closes every socket. Idempotent.
    func close()
}

extension EchoLoops: EchoService {}
extension AsyncEchoLoops: EchoService {}
