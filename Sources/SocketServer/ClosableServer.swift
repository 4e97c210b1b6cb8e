/// A server that ``closing(_:)`` closes when its scope ends.
///
/// Python: the context-manager protocol of `BaseServer` (`__enter__`, `__exit__`).
public protocol ClosableServer: AnyObject {
    /// Closes the server.
    ///
    /// Python: `server_close()`.
    func serverClose()
}

extension BaseServer: ClosableServer {}

extension ClosableServer {
    /// Runs `body` with the server and closes the server when `body` returns or throws.
    ///
    /// ```swift
    /// try TCPServer(host: "127.0.0.1", port: 0, handler: Echo.self).closing { server in
    ///     server.serveForever()
    /// }
    /// ```
    /// Where a scope is awkward, `defer { server.serverClose() }` does the same.
    ///
    /// Python: `with TCPServer(...) as server:`.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public func closing<Result, Failure: Error>(_ body: (Self) throws(Failure) -> Result) throws(Failure) -> Result {
        defer { serverClose() }
        return try body(self)
    }
}
