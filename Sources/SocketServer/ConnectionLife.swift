/// The life of a reactor connection, one state at a time (SwiftNIO's `SocketChannelLifecycleManager`
/// is the model). It only moves forward: `open`, then `closing` or `aborting` (or both, in that
/// order), then `ended`. What the connection knows about its input is kept beside it
/// (``ConnectionInput``), and whether `wfile` is past its mark beside the output.
enum ConnectionLife {
    /// Reading (unless input is held back) and writing.
    case open
    /// ``ReactorStreamHandler/close()``: no more reading; the connection ends once `wfile` has drained.
    case closing
    /// A socket error or ``ReactorStreamHandler/abort()``: the connection ends as soon as no handler
    /// code is on the stack; what `wfile` holds is dropped, and so is what is written meanwhile.
    case aborting
    /// `finish()` has run, or is running.
    case ended

    /// What a write does in each state.
    enum Write {
        /// Send what the socket takes now, keep the rest in `wfile`.
        case sendAndKeep
        /// Send what the socket takes now, drop the rest.
        case sendNowOnly
        /// Send nothing.
        case drop
    }

    /// The rule for writes, in one place: after the end, only what the socket takes at once (a
    /// write from `finish()`); once aborting, nothing.
    var write: Write {
        switch self {
        case .open, .closing: .sendAndKeep
        case .ended: .sendNowOnly
        case .aborting: .drop
        }
    }
}
