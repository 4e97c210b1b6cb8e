/// Anything that owns a file descriptor a selector can watch.
///
/// Python: "a file descriptor or any object with a `fileno()` method". `Int32` (a raw fd) and
/// ``Socket`` conform; conform your own types to register them with a `Selector`.
public protocol FileDescriptorRepresentable {
    /// The descriptor number; negative when the owner has been closed.
    var fileDescriptor: Int32 { get }
}

extension Int32: FileDescriptorRepresentable {
    /// The integer itself: a raw descriptor is its own file descriptor.
    @inlinable public var fileDescriptor: Int32 { self }
}

/// Told just before an owned descriptor is closed, so that a watcher can stop watching it first.
///
/// libev aborts when a watched descriptor is closed behind its back (poll backend) and goes silent
/// on a reused descriptor number (epoll); a `Socket` therefore tells every selector it is registered
/// with before it closes. Package-internal: the contract between `Sockets` and `Reactor`.
@usableFromInline
package protocol DescriptorCloseObserver: AnyObject {
    /// `fd` is about to be closed by its owner; stop watching it now.
    func descriptorWillClose(_ fd: Int32)
}

/// An owner of a descriptor that announces its closing to observers (``Socket`` is one).
@usableFromInline
package protocol DescriptorOwner: AnyObject, FileDescriptorRepresentable {
    /// Adds `observer`, held weakly, to be told before the descriptor closes. Idempotent.
    func addCloseObserver(_ observer: any DescriptorCloseObserver)
    /// Adds `observer`, which promises to remove itself before it is freed (a selector removes itself
    /// when it unregisters the descriptor, and it does so for every descriptor when it closes or is
    /// freed): held without a reference count, which a weak reference would cost (a side table for
    /// the observer, and slower reference counting of it from then on). Idempotent.
    func addRemovingCloseObserver(_ observer: any DescriptorCloseObserver)
    /// Removes `observer`, however it was added; a no-op when it was not added.
    func removeCloseObserver(_ observer: any DescriptorCloseObserver)
}
