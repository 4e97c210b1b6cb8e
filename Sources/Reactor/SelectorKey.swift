/// What a ``Selector`` knows about one registered descriptor: immutable (every property a `let`),
/// like Python's namedtuple.
///
/// Python: `selectors.SelectorKey(fileobj, fd, events, data)`, with `data` holding the callback, as
/// in the seeds' echo servers. ``Selector/modify(_:events:callback:)`` returns a new key.
public final class SelectorKey {
    /// The registered descriptor. Python: `key.fd`.
    public let fileDescriptor: Int32
    /// The object that was registered (a `Socket`, or the `Int32` itself). Python: `key.fileobj`.
    public var fileObject: any FileDescriptorRepresentable {
        if let owner { return owner }
        if let otherObject { return otherObject.object }
        return fileDescriptor
    }
    /// The events watched. Python: `key.events`.
    public let events: Events
    /// Called as `callback(key, readyEvents)` by ``Selector/run()``; call it yourself after
    /// ``Selector/select(timeout:)``. Python: `key.data`, by the seeds' convention.
    ///
    /// A `let`: a `var` closure property would cost an exclusivity check and a context
    /// retain/release on every event (TOOLCHAIN.md, "The hot path").
    public let callback: (SelectorKey, Events) -> Void
    /// The owning selector's dispatch state, read by the trampoline without touching the selector.
    let state: UnsafeMutablePointer<TrampolineState>
    /// `fileObject` as an owner that announces its closing (a `Socket`), found once at registration:
    /// the `as? any DescriptorOwner` cast costs a conformance lookup, about 700 instructions.
    let owner: (any DescriptorOwner)?
    /// `fileObject` when it is neither an owner nor an `Int32` (which is `fileDescriptor` itself), boxed:
    /// a key holds no existential of its own, which would cost copies and destruction through value
    /// witnesses on every registration of a raw descriptor.
    let otherObject: FileObjectBox?
    init(
        fileDescriptor: Int32, owner: (any DescriptorOwner)?, otherObject: FileObjectBox?,
        events: Events, callback: __owned @escaping (SelectorKey, Events) -> Void, state: UnsafeMutablePointer<TrampolineState>
    ) {
        self.fileDescriptor = fileDescriptor
        self.owner = owner
        self.otherObject = otherObject
        self.events = events
        self.callback = callback
        self.state = state
    }

    /// A key like `other` (the same descriptor and object) with other events and callback.
    convenience init(
        replacing other: SelectorKey, events: Events, callback: __owned @escaping (SelectorKey, Events) -> Void
    ) {
        self.init(
            fileDescriptor: other.fileDescriptor, owner: other.owner, otherObject: other.otherObject, events: events,
            callback: callback, state: other.state)
    }
}

@available(*, unavailable)
extension SelectorKey: Sendable {}

/// A registered file that is neither a `Socket` nor an `Int32`, in a box of its own (an allocation
/// only for such files).
final class FileObjectBox {
    let object: any FileDescriptorRepresentable
    init(_ object: any FileDescriptorRepresentable) { self.object = object }
}

extension SelectorKey: CustomStringConvertible {
    /// `SelectorKey(fd: 7, events: [.read])`.
    public var description: String { "SelectorKey(fd: \(fileDescriptor), events: \(events))" }
}
