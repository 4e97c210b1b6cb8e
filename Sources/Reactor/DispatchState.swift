/// The part of a selector the per-event path touches, kept in raw memory so that reading and
/// writing it costs no exclusivity check and no reference counting (TOOLCHAIN.md, "The hot path").
///
/// Keys point at it; it is freed by the selector, or, when the selector is closed from inside one
/// of its own callbacks, by the trampoline once that callback has returned.
struct DispatchState {
    /// `select()` in progress: the trampoline records ready keys instead of calling them.
    var collecting = false
    /// How many key callbacks are on the stack.
    var depth = 0
    /// Something waits for `depth` to reach 0: retired keys, or an orphaned state to free.
    var needsCleanup = false
    /// The selector is gone; the state frees itself at the next cleanup.
    var orphaned = false
    /// Ready keys recorded during `select()`: unretained, the slab (or `retired`) keeps them alive.
    var ready: [(key: Unmanaged<SelectorKey>, events: Int32)] = []
    /// Keys unregistered or replaced while a callback may still be borrowing them; released once
    /// no callback is on the stack (a borrowed key must outlive its own callback).
    var retired: [Unmanaged<SelectorKey>] = []

    static func make() -> UnsafeMutablePointer<DispatchState> {
        let state = UnsafeMutablePointer<DispatchState>.allocate(capacity: 1)
        state.initialize(to: DispatchState())
        return state
    }

    /// Whether releasing a key now could free one a callback is using, or one `select` recorded.
    var mustDefer: Bool { depth > 0 || collecting }

    /// Releases `key`'s slab reference now, or once it is safe.
    mutating func release(_ key: Unmanaged<SelectorKey>) {
        if mustDefer {
            retired.append(key)
            needsCleanup = true
        } else {
            key.release()
        }
    }

    /// Keeps a strong reference to `key` until no callback can be borrowing it.
    mutating func retire(_ key: SelectorKey?) {
        guard let key else { return }
        retired.append(Unmanaged.passRetained(key))
        needsCleanup = true
    }

    /// Releases retired keys; frees the state itself if the selector is gone. Only at depth 0.
    ///
    /// Pops one key at a time, so the array keeps its capacity (no allocation the next time a
    /// callback retires a key) and a release that retires or releases more keys is safe.
    static func cleanUp(_ state: UnsafeMutablePointer<DispatchState>) {
        state.pointee.needsCleanup = false
        let orphaned = state.pointee.orphaned
        while let key = state.pointee.retired.popLast() { key.release() }
        if orphaned {
            state.deinitialize(count: 1)
            state.deallocate()
        }
    }
}
