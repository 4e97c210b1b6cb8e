/// What a reactor connection knows about its input, beside its ``ConnectionLife``.
struct ConnectionInput {
    /// The peer has sent end-of-file: no more bytes will come.
    var peerClosed = false
    /// During the `handle()` that read them, `rfile`'s bytes are `sharedStart..<sharedEnd` of the
    /// server's shared read buffer; what the handler leaves is then copied into the connection's own.
    var readingShared = false
    var sharedStart = 0
    var sharedEnd = 0
    /// Input held back (budget spent, or `wfile` past the mark) that `handle()` has yet to see.
    var pending = false
    /// Takes from `rfile` left in this turn; unlimited outside `handle()`.
    var takesLeft = Int.max
}
