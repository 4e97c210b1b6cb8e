internal import CLibev

// The dispatch path, from libev to a key's callback, all in this file:
//
// 1. `ev_run` (inside `Selector.run()`, `EventLoop.run()` or a `select`) finds a descriptor ready
//    and calls its `ev_io` watcher's callback, `selectorTrampoline`, with the watcher.
// 2. The watcher's `data` holds the registered `SelectorKey` (the slab's reference, put there by
//    `Selector.register`/`modify`); the trampoline borrows it, without retaining it.
// 3. During `select()` (`collecting`), it records (key, events) in `ready` for `select` to return;
//    otherwise it calls `key.callback(key, events)`, the user's code, and returns at once.
// 4. A callback may unregister, modify or close any key, its own included: `Selector` then hands
//    the slab's reference to `TrampolineState.release`, which parks it in `retired` while a
//    callback may still borrow it (`ev_depth > 0`, or `select` collecting). The parked keys are
//    released by a watcher fed at the lowest priority, so that libev calls it after every other
//    callback of the same iteration (none is on the stack then), or, inside a nested run, at the
//    start of the loop's next iteration.
//
// Keys are immutable and their callbacks `let`s, so steps 2-3 cost no exclusivity check and no
// reference counting (TOOLCHAIN.md, "The hot path").

/// The C callback of every selector watcher: borrows the key from `data` without retaining it,
/// and calls its callback, or records it when `select()` is collecting.
let selectorTrampoline: clibev_io_cb = { _, watcher, revents in
    Unmanaged<SelectorKey>.fromOpaque(watcher.unsafelyUnwrapped.pointee.data.unsafelyUnwrapped)
        ._withUnsafeGuaranteedRef { key in
            let state = key.state
            if _slowPath(state.pointee.collecting) { return TrampolineState.collect(key, revents, into: state) }
            // Nothing after the call: a key released meanwhile is retired until the next iteration.
            key.callback(key, Events(rawValue: readyEvents(revents, watched: key.events)))
        }
}

/// The events to report: what libev said was ready, or, when it reported an error on the
/// descriptor (`EV_ERROR`), everything watched, so the callback's next read or write meets the error.
@inline(__always)
func readyEvents(_ revents: Int32, watched: Events) -> Int32 {
    let ready = revents & Events.all.rawValue
    return _fastPath(ready != 0) ? ready : watched.rawValue
}

/// The part of a selector the trampoline touches, kept in raw memory so that reading and
/// writing it costs no exclusivity check and no reference counting (TOOLCHAIN.md, "The hot path").
///
/// The trampoline borrows each key without retaining it, so a key unregistered or replaced while a
/// callback may be running (its own, or another's that closes it) must outlive that callback. A
/// callback runs only inside `ev_run`, so while the loop runs (`ev_depth > 0`) or `select()` is
/// collecting, released keys are parked on `retired`, and the `release` watcher frees them when no
/// callback of the loop is on the stack: fed an event at the lowest priority, it runs after every
/// other callback of the iteration, so even a single `runOnce` leaves nothing parked; as a prepare
/// watcher it also runs at the start of the next iteration (a callback that ran the loop nested).
/// The per-event path itself does no bookkeeping: no depth count, no check after the callback.
///
/// Keys point at the state; it lives as long as the selector, and is freed by the selector's deinit,
/// or, when the selector's last reference goes while the loop runs (inside a callback), by the next
/// release of retired keys.
struct TrampolineState {
    /// `select()` in progress: the trampoline records ready keys instead of calling them.
    var collecting = false
    /// The selector is gone (deinit); the state frees itself at the next release of retired keys.
    var orphaned = false
    /// Ready keys recorded during `select()`: unretained, the slab (or `retired`) keeps them alive.
    var ready: [(key: Unmanaged<SelectorKey>, events: Int32)] = []
    /// Keys unregistered or replaced while a callback may still be borrowing them, released at the
    /// loop's next iteration (a borrowed key must outlive its own callback).
    var retired = RetiredKeys()
    /// The loop the selector's watchers are on.
    let loop: OpaquePointer
    /// Releases `retired`: fed an event (lowest priority) when a key is retired, so it runs after the
    /// iteration's other callbacks; also started as a prepare watcher, active while anything is
    /// retired, for the nested case: it then counts as something to watch, so a `run()` turns once
    /// more (without waiting) and releases, rather than leave the keys and what they hold behind.
    let release: UnsafeMutablePointer<ev_prepare>

    static func make(loop: OpaquePointer) -> UnsafeMutablePointer<TrampolineState> {
        let state = UnsafeMutablePointer<TrampolineState>.allocate(capacity: 1)
        let release = UnsafeMutablePointer<ev_prepare>.allocate(capacity: 1)
        clibev_prepare_init(release) { _, watcher, _ in
            let state = watcher.unsafelyUnwrapped.pointee.data.unsafelyUnwrapped.assumingMemoryBound(to: TrampolineState.self)
            // Nested inside another callback of this loop (a callback that runs the loop itself), that
            // callback may be borrowing a retired key: the outer loop's next iteration releases. During
            // `select()` the recorded keys may be retired ones (and the state itself must stay while
            // `select` reads it): `select` releases when it is done.
            if state.pointee.collecting || ev_depth(state.pointee.loop) > 1 { return }
            TrampolineState.releaseRetired(state)
        }
        release.pointee.data = UnsafeMutableRawPointer(state)
        clibev_set_priority(release, -2)  // EV_MINPRI (a macro Swift cannot import): after every other callback
        state.initialize(to: TrampolineState(loop: loop, release: release))
        return state
    }

    /// Whether releasing a key now could free one a callback is using, or one `select` recorded.
    var mustDefer: Bool { collecting || ev_depth(loop) > 0 }

    /// Releases `key`'s slab reference now, or once it is safe.
    mutating func release(_ key: Unmanaged<SelectorKey>) {
        if mustDefer {
            retired.push(key)
            scheduleRelease()
        } else {
            key.release()
        }
    }

    /// Makes sure the retired keys (or the orphaned state) are released once no callback is running:
    /// after this iteration's callbacks, or at the start of the next.
    mutating func scheduleRelease() {
        if clibev_is_pending(release) == 0 { ev_feed_event(loop, UnsafeMutableRawPointer(release), Int32(EV_CUSTOM)) }
        guard clibev_is_active(release) == 0 else { return }
        ev_prepare_start(loop, release)
    }

    /// Records a ready key during `select()`; apart from the trampoline, which then needs fewer registers.
    @inline(never)
    static func collect(_ key: SelectorKey, _ revents: Int32, into state: UnsafeMutablePointer<TrampolineState>) {
        state.pointee.ready.append((Unmanaged.passUnretained(key), revents))
    }

    /// Releases retired keys; frees the state itself if the selector is gone. Only when no callback
    /// can be borrowing a key (`mustDefer` false, or from the prepare watcher at depth 1).
    ///
    /// Pops one key at a time, so the array keeps its capacity (no allocation the next time a
    /// callback retires a key) and a release that retires or releases more keys is safe.
    static func releaseRetired(_ state: UnsafeMutablePointer<TrampolineState>) {
        while let key = state.pointee.retired.pop() { key.release() }
        // After the releases: one of them may have retired more keys (popped above) and restarted it.
        let release = state.pointee.release
        if clibev_is_active(release) != 0 { ev_prepare_stop(state.pointee.loop, release) }
        if state.pointee.orphaned {
            if clibev_is_pending(release) != 0 { _ = ev_clear_pending(state.pointee.loop, UnsafeMutableRawPointer(release)) }
            state.pointee.retired.deallocate()
            state.deinitialize(count: 1)
            state.deallocate()
            release.deallocate()
        }
    }
}
