/// What a ``Selector`` knows about one registered descriptor: immutable, like Python's namedtuple.
///
/// Python: `selectors.SelectorKey(fileobj, fd, events, data)`, with `data` holding the callback, as
/// in the seeds' echo servers. ``Selector/modify(_:events:callback:)`` returns a new key.
public final class SelectorKey {
    /// The registered descriptor. Python: `key.fd`.
    public let fileDescriptor: Int32
    /// The object that was registered (a `Socket`, or the `Int32` itself). Python: `key.fileobj`.
    public let fileObject: any FileDescriptorRepresentable
    /// The events watched. Python: `key.events`.
    public let events: Events
    /// Called as `callback(key, readyEvents)` by ``Selector/run()``; call it yourself after
    /// ``Selector/select(timeout:)``. Python: `key.data`, by the seeds' convention.
    ///
    /// A `let`: a `var` closure property would cost an exclusivity check and a context
    /// retain/release on every event (TOOLCHAIN.md, "The hot path").
    public let callback: (SelectorKey, Events) -> Void
    /// The owning selector's dispatch state, read by the trampoline without touching the selector.
    let state: UnsafeMutablePointer<DispatchState>
    /// `fileObject` as an owner that announces its closing (a `Socket`), found once at registration:
    /// the `as? any DescriptorOwner` cast costs a conformance lookup, about 700 instructions.
    let owner: (any DescriptorOwner)?
    /// The key this one replaced in a `modify` that kept the callback, so that switching back to its
    /// events reuses it instead of allocating: a stream under backpressure toggles between `.read`
    /// and `.write` twice per episode. Only `modify` and `remove` touch it, never the per-event path.
    var replaced: SelectorKey?

    init(
        fileDescriptor: Int32, fileObject: any FileDescriptorRepresentable, events: Events,
        callback: @escaping (SelectorKey, Events) -> Void, state: UnsafeMutablePointer<DispatchState>,
        owner: (any DescriptorOwner)?
    ) {
        self.fileDescriptor = fileDescriptor
        self.fileObject = fileObject
        self.events = events
        self.callback = callback
        self.state = state
        self.owner = owner
    }
}

@available(*, unavailable)
extension SelectorKey: Sendable {}

extension SelectorKey: CustomStringConvertible {
    /// `SelectorKey(fd: 7, events: [.read])`.
    public var description: String { "SelectorKey(fd: \(fileDescriptor), events: \(events))" }
}
