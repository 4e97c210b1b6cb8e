internal import CLibev

/// Python's `selectors` API on a libev ``EventLoop``: register descriptors with callbacks, then
/// either pull ready events with ``select(timeout:)`` or let ``run()`` dispatch the callbacks.
///
/// Python: `selectors.DefaultSelector`. Readiness is level-triggered: unread data is reported
/// again. Thread-confined, like its loop. A `Socket` registered here unregisters itself before it
/// closes; a raw descriptor (`Int32`) must be unregistered by the caller before it is closed,
/// because libev cannot watch a closed descriptor.
///
/// Keys hold their callbacks, so a callback that captures the selector keeps it, and its loop,
/// alive until that key is unregistered or the selector is closed: call ``close()`` when done
/// (Python's `with` block does the same), or capture it `unowned`.
public final class Selector {
    /// The loop that does the waiting; timers, signals and child watchers go on it too.
    public let loop: EventLoop
    // Loop-confined state, never taken inout across anything that could reach it again: unchecked,
    // as each dynamic exclusivity check costs about 96 instructions (through thread-local storage) on
    // the per-connection path, and `count` is public, which keeps the optimizer from proving them away.
    @exclusivity(unchecked) private var table = WatcherTable()
    /// The keys `modify` keeps aside for switching back (``SpareKeys``).
    @exclusivity(unchecked) private var spares = SpareKeys()
    private let state: UnsafeMutablePointer<TrampolineState>
    @exclusivity(unchecked) private var isClosed = false
    /// The number of registered descriptors.
    @exclusivity(unchecked) public private(set) var count = 0

    /// Creates a selector with its own loop on `backend`.
    ///
    /// Python: `DefaultSelector()`, `EpollSelector()`, `PollSelector()`, `SelectSelector()`.
    /// - Throws: ``EventLoopError/backendUnavailable(_:)``.
    public convenience init(backend: Backend = .automatic) throws(EventLoopError) {
        self.init(loop: try EventLoop(backend: backend))
    }

    /// Creates a selector on an existing loop, to share it with timers or other selectors.
    public init(loop: EventLoop) {
        self.loop = loop
        self.state = TrampolineState.make(loop: loop.raw)
    }

    deinit {
        close()
        // The state frees itself once no callback and no `select` is using it (TrampolineState.mustDefer):
        // at once here, unless the selector's last reference went inside a callback of its loop.
        state.pointee.orphaned = true
        if state.pointee.mustDefer { state.pointee.scheduleRelease() } else { TrampolineState.releaseRetired(state) }
    }

    /// Starts watching `file` for `events`; `callback` runs on the loop thread when one is ready.
    ///
    /// Python: `BaseSelector.register(fileobj, events, data)`. libev: `ev_io_set`, `ev_io_start`.
    /// - Returns: The new key; ``run()`` dispatches with `key.callback(key, events)`.
    /// - Throws: ``SelectorError/invalidEvents(_:)`` if `events` is empty or unknown,
    ///   ``SelectorError/invalidFileDescriptor(_:)`` if negative, ``SelectorError/alreadyRegistered(fd:)``,
    ///   ``SelectorError/badFileDescriptor(_:)`` if the descriptor is not open, ``SelectorError/closed``.
    ///   The selector is unchanged when it throws.
    @inlinable @discardableResult
    public func register<File: FileDescriptorRepresentable>(
        _ file: File, events: Events, callback: __owned @escaping (SelectorKey, Events) -> Void = { _, _ in }
    ) throws(SelectorError) -> SelectorKey {
        // Inlined, so that the caller's module specialises it: a `Socket` or an `Int32` (the usual
        // files) is then recognised at compile time, not by dynamic casts (about 450 instructions per
        // registration). Compared as types: `file as? Socket` stays a runtime cast (a bridging check)
        // even where `File` is `Int32`. `Socket` is named here, not only `DescriptorOwner`: the
        // specialisation does not fold `file as? any DescriptorOwner` (measured: about 350
        // instructions of `swift_conformsToProtocol` per connection in SocketServer).
        if File.self == Socket.self {
            return try register(file.fileDescriptor, owner: file as? Socket, events: events, callback: callback)
        }
        if File.self == Int32.self {
            return try register(file.fileDescriptor, owner: nil, events: events, callback: callback)
        }
        return try register(file, events: events, callback: callback)
    }

    /// ``register(_:events:callback:)`` for a file that is neither a descriptor owner nor an `Int32`.
    @usableFromInline
    func register(
        _ file: any FileDescriptorRepresentable, events: Events, callback: __owned @escaping (SelectorKey, Events) -> Void
    ) throws(SelectorError) -> SelectorKey {
        // Only these files pay for the protocol lookup (about 700 instructions).
        if let owner = file as? any DescriptorOwner {
            return try add(file.fileDescriptor, owner: owner, otherObject: nil, events: events, callback: callback)
        }
        return try add(file.fileDescriptor, owner: nil, otherObject: FileObjectBox(file), events: events, callback: callback)
    }

    /// ``register(_:events:callback:)`` for a descriptor owner (`owner`, a `Socket`) or a raw
    /// descriptor (`owner` nil).
    @usableFromInline
    func register(
        _ fd: Int32, owner: (any DescriptorOwner)?, events: Events, callback: __owned @escaping (SelectorKey, Events) -> Void
    ) throws(SelectorError) -> SelectorKey {
        try add(fd, owner: owner, otherObject: nil, events: events, callback: callback)
    }

    /// Registers `fd` once what the file is is known: `owner` when it announces its closing (a
    /// `Socket`), `otherObject` when it is neither that nor an `Int32`.
    private func add(
        _ fd: Int32, owner: (any DescriptorOwner)?, otherObject: FileObjectBox?, knownOpen: Bool = false, events: Events,
        callback: consuming @escaping (SelectorKey, Events) -> Void
    ) throws(SelectorError) -> SelectorKey {
        loop.requireLoopThread("Selector.register")
        try validate(fd, events: events)
        guard table.key(fd) == nil else { throw .alreadyRegistered(fd: fd) }
        // An owner that announces its closing unregisters before its descriptor closes: its open
        // descriptor needs no `fcntl` to prove it open. A raw descriptor does, unless its caller knows.
        if owner == nil, !knownOpen { try requireOpen(fd) }
        let key = SelectorKey(
            fileDescriptor: fd, owner: owner, otherObject: otherObject, events: events, callback: consume callback,
            state: state)
        let watcher = table.makeSlot(fd)
        // Always a fresh ev_io_set: epoll goes silent on a reused descriptor number otherwise.
        clibev_io_init(watcher, selectorTrampoline, fd, events.libev)
        ev_io_start(loop.raw, watcher)
        count &+= 1
        owner?.addRemovingCloseObserver(self)
        // The slab's reference last (nothing calls back before the loop runs): for `watch`, which drops
        // the key, the retain then meets the release of the local and both go.
        watcher.pointee.data = Unmanaged.passRetained(key).toOpaque()
        return key
    }

    /// ``register(_:events:callback:)`` for a raw descriptor its caller knows is open (it has just been
    /// accepted), without the key: for a server that keeps nothing per connection but the descriptor
    /// (reactor-echo), the `fcntl` that proves a raw descriptor open and the key's return would cost a
    /// system call, a retain and a release per connection.
    package func watch(_ fd: Int32, events: Events, callback: __owned @escaping (SelectorKey, Events) -> Void) throws(SelectorError) {
        _ = try add(fd, owner: nil, otherObject: nil, knownOpen: true, events: events, callback: callback)
    }

    /// Changes the events watched for `file`, and its callback if one is given.
    ///
    /// Python: `BaseSelector.modify(fileobj, events, data)`. libev: `ev_io_stop`, `ev_io_modify`, `ev_io_start`.
    /// - Returns: The key now registered, holding `events` and the callback (keys are immutable): a new
    ///   key, except in two cases that allocate nothing. Unchanged events and no new callback return the
    ///   current key, as Python does. Switching back, without a new callback, to the events of the key
    ///   that the current one replaced returns that earlier key again (a stream under backpressure
    ///   toggles between `.read` and `.write`). A key no longer registered is never changed.
    /// - Throws: As ``register(_:events:callback:)``, and ``SelectorError/notRegistered(fd:)``.
    @inlinable @discardableResult
    public func modify(
        _ file: some FileDescriptorRepresentable, events: Events,
        callback: ((SelectorKey, Events) -> Void)? = nil
    ) throws(SelectorError) -> SelectorKey {
        try modify(file.fileDescriptor, events: events, callback: callback)
    }

    @usableFromInline
    func modify(_ fd: Int32, events: Events, callback: ((SelectorKey, Events) -> Void)?) throws(SelectorError) -> SelectorKey {
        loop.requireLoopThread("Selector.modify")
        try validate(fd, events: events)
        guard let watcher = table.slot(fd), let stored = watcher.pointee.data else { throw .notRegistered(fd: fd) }
        let current = Unmanaged<SelectorKey>.fromOpaque(stored)
        let previous = current.takeUnretainedValue()
        if previous.owner == nil { try requireOpen(fd) }
        if callback == nil, events == previous.events { return previous }
        // The next key: the spare, when it has the events asked for and the callback stays (switching
        // back); else a new one. The spare slot then holds the current key if the callback stays, and
        // nothing if it changes; a spare it held before is released (later, if a callback borrows it).
        let spare = spares.take(fd)
        let next: Unmanaged<SelectorKey>
        if callback == nil, let spare, spare._withUnsafeGuaranteedRef({ $0.events == events }) {
            next = spare
        } else {
            if let spare { state.pointee.release(spare) }
            // `if let` rather than `callback ?? previous.callback`: the `??` autoclosure and its
            // reabstraction cost two allocations per call.
            if let callback {
                next = .passRetained(SelectorKey(replacing: previous, events: events, callback: callback))
            } else {
                next = .passRetained(SelectorKey(replacing: previous, events: events, callback: previous.callback))
            }
        }
        if events != previous.events {
            ev_io_stop(loop.raw, watcher)
            clibev_io_modify(watcher, events.libev)
            ev_io_start(loop.raw, watcher)
        }
        watcher.pointee.data = next.toOpaque()
        if callback == nil {
            // The slab's reference moves to the spare slot: nothing is released, so a callback
            // borrowing the current key keeps it alive.
            spares.makeSlot(fd).pointee = current
        } else {
            state.pointee.release(current)
        }
        return next.takeUnretainedValue()
    }

    /// Stops watching `file`.
    ///
    /// Python: `BaseSelector.unregister(fileobj)`. libev: `ev_io_stop`, which also drops an event
    /// already pending for it, so a callback that unregisters another ready descriptor never sees
    /// that descriptor's callback fire afterwards.
    /// - Returns: The key it had.
    /// - Throws: ``SelectorError/notRegistered(fd:)``, ``SelectorError/invalidFileDescriptor(_:)``,
    ///   ``SelectorError/closed``.
    @inlinable @discardableResult
    public func unregister(_ file: some FileDescriptorRepresentable) throws(SelectorError) -> SelectorKey {
        try unregister(file.fileDescriptor)
    }

    @usableFromInline
    func unregister(_ fd: Int32) throws(SelectorError) -> SelectorKey {
        loop.requireLoopThread("Selector.unregister")
        guard !isClosed else { throw .closed }
        guard fd >= 0 else { throw .invalidFileDescriptor(fd) }
        guard let watcher = table.slot(fd), watcher.pointee.data != nil else { throw .notRegistered(fd: fd) }
        return remove(watcher)
    }

    /// ``unregister(_:)`` without the key, for ``watch(_:events:callback:)``'s descriptors; false when
    /// `fd` is not registered (or the selector is closed).
    @discardableResult
    package func unwatch(_ fd: Int32) -> Bool {
        loop.requireLoopThread("Selector.unwatch")
        guard !isClosed, fd >= 0, let watcher = table.slot(fd), watcher.pointee.data != nil else { return false }
        discard(watcher)
        return true
    }

    /// The key registered for `file`, or nil. Python: `BaseSelector.get_key(fileobj)`.
    public func key(for file: some FileDescriptorRepresentable) -> SelectorKey? {
        let fd = file.fileDescriptor
        guard !isClosed, fd >= 0 else { return nil }
        return table.key(fd)?.takeUnretainedValue()
    }

    /// Every registered key, in descriptor order. Python: `BaseSelector.get_map().values()`.
    public var keys: [SelectorKey] {
        table.occupiedSlots().map { Unmanaged<SelectorKey>.fromOpaque($0.pointee.data!).takeUnretainedValue() }
    }

    /// Waits until at least one registered descriptor is ready, or `timeout` passes, and returns the
    /// ready keys with the events each is ready for, without calling any callback.
    ///
    /// Python: `BaseSelector.select(timeout)`. `nil` waits without limit; zero or negative polls.
    /// Returns an empty list on timeout (also when nothing is registered: it still waits), on
    /// ``EventLoop/stop()`` and on a wake-up from ``EventLoop/handle``. A signal (EINTR) never
    /// surfaces. Timers, signal and child watchers on the same loop fire during the wait.
    /// - Throws: ``SelectorError/closed``.
    public func select(timeout: Duration? = nil) throws(SelectorError) -> [(key: SelectorKey, events: Events)] {
        loop.requireLoopThread("Selector.select")
        guard !isClosed else { throw .closed }
        let state = self.state
        state.pointee.collecting = true
        loop.wait(timeout: timeout) { !state.pointee.ready.isEmpty }
        state.pointee.collecting = false
        var result: [(key: SelectorKey, events: Events)] = []
        // A timer or signal callback may have closed the selector during the wait: the table is gone,
        // and the keys it parked are released below.
        if !isClosed {
            result.reserveCapacity(state.pointee.ready.count)
            // By index, not over a copy: a copy would make `removeAll(keepingCapacity:)` allocate.
            for index in state.pointee.ready.indices {
                let (key, events) = state.pointee.ready[index]
                let object = key.takeUnretainedValue()
                // Skip a key that a timer or signal callback unregistered during the wait.
                guard table.key(object.fileDescriptor)?.toOpaque() == key.toOpaque() else { continue }
                result.append((object, Events(rawValue: readyEvents(events, watched: object.events))))
            }
        }
        state.pointee.ready.removeAll(keepingCapacity: true)
        // Called from a callback (the loop runs): the next iteration releases what was retired.
        if !state.pointee.mustDefer { TrampolineState.releaseRetired(state) }
        return result
    }

    /// Runs the loop, calling each ready key's callback directly, until ``stop()`` or until
    /// nothing is left to watch. Python: the seeds' `while True: for key, mask in select(): ...`.
    public func run() {
        loop.requireLoopThread("Selector.run")
        loop.run()
        // Keys released by the last callbacks (or by closing the selector in one) would otherwise be
        // held until the loop runs again.
        if !state.pointee.mustDefer { TrampolineState.releaseRetired(state) }
    }

    /// Ends ``run()`` or the ``select(timeout:)`` in progress after the current callback.
    public func stop() {
        loop.stop()
    }

    /// Unregisters everything and releases it; later calls throw ``SelectorError/closed``.
    /// Idempotent; `deinit` calls it.
    ///
    /// Called from a callback, the keys (and what their callbacks hold) are released once no callback
    /// can be using them: after the loop iteration's other callbacks (also within a single
    /// `EventLoop.runOnce`), or, from a callback that runs the loop nested, at its next iteration.
    ///
    /// Python: `BaseSelector.close()`.
    public func close() {
        loop.requireLoopThread("Selector.close")
        guard !isClosed else { return }
        isClosed = true
        for watcher in table.occupiedSlots() { discard(watcher) }
        table.deallocate()
        spares.deallocate()
        // Keys a callback may be borrowing (closed from a callback) wait for the loop's next iteration,
        // or for the end of `run()`, `select()` or deinit; the state lives as long as the selector.
        if !state.pointee.mustDefer { TrampolineState.releaseRetired(state) }
    }

    @discardableResult
    private func remove(_ watcher: UnsafeMutablePointer<ev_io>) -> SelectorKey {
        let stored = detach(watcher)
        let key = stored.takeUnretainedValue()
        state.pointee.release(stored)
        return key
    }

    /// ``remove(_:)`` for a caller that does not want the key: no strong reference is taken.
    private func discard(_ watcher: UnsafeMutablePointer<ev_io>) {
        state.pointee.release(detach(watcher))
    }

    /// Stops `watcher` and empties its slot; returns the slab's reference to its key, for the caller
    /// to release (now, or once no callback can be borrowing it).
    private func detach(_ watcher: UnsafeMutablePointer<ev_io>) -> Unmanaged<SelectorKey> {
        ev_io_stop(loop.raw, watcher)
        let stored = Unmanaged<SelectorKey>.fromOpaque(watcher.pointee.data.unsafelyUnwrapped)
        watcher.pointee.data = nil
        count &-= 1
        stored._withUnsafeGuaranteedRef { key in
            if let spare = spares.take(key.fileDescriptor) { state.pointee.release(spare) }
            key.owner?.removeCloseObserver(self)
        }
        return stored
    }

    private func validate(_ fd: Int32, events: Events) throws(SelectorError) {
        guard !isClosed else { throw .closed }
        guard !events.isEmpty, events.isSubset(of: .all) else { throw .invalidEvents(events) }
        guard fd >= 0 else { throw .invalidFileDescriptor(fd) }
    }

    /// libev aborts (epoll) when asked to watch a closed descriptor, so check first.
    private func requireOpen(_ fd: Int32) throws(SelectorError) {
        guard ProcessCalls.isOpen(fd) else { throw .badFileDescriptor(fd) }
    }
}

extension Selector: DescriptorCloseObserver {
    /// A registered `Socket` is closing: stop watching it first.
    @usableFromInline
    package func descriptorWillClose(_ fd: Int32) {
        loop.requireLoopThread("Socket.close (of a socket registered with a Selector)")
        guard !isClosed, let watcher = table.slot(fd), watcher.pointee.data != nil else { return }
        discard(watcher)
    }
}

@available(*, unavailable)
extension Selector: Sendable {}
