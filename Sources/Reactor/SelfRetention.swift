/// Keeps a watcher object alive while libev holds a pointer to it (while it is active), so a
/// caller may drop a running timer or signal watcher and it still fires: an active watcher lives
/// until it is cancelled or, for a one-shot timer, has fired.
struct SelfRetention {
    private var token: Unmanaged<AnyObject>?

    /// Takes one strong reference to `object`, once.
    mutating func hold(_ object: AnyObject) {
        if token == nil { token = Unmanaged.passRetained(object) }
    }

    /// Gives the reference back; the object may be freed when the caller's own reference ends.
    mutating func release() {
        token?.release()
        token = nil
    }
}
