/// A stack of keys in raw memory, kept at its largest size: one push and one pop per connection
/// closed from a callback, with no uniqueness check and no allocation once it has grown.
struct RetiredKeys {
    private var base: UnsafeMutablePointer<Unmanaged<SelectorKey>>?
    private var count = 0
    private var capacity = 0

    mutating func push(_ key: Unmanaged<SelectorKey>) {
        if _slowPath(count == capacity) { grow() }
        (base.unsafelyUnwrapped + count).initialize(to: key)
        count &+= 1
    }

    mutating func pop() -> Unmanaged<SelectorKey>? {
        guard count > 0 else { return nil }
        count &-= 1
        return (base.unsafelyUnwrapped + count).move()
    }

    private mutating func grow() {
        let capacity = max(16, self.capacity * 2)
        let grown = UnsafeMutablePointer<Unmanaged<SelectorKey>>.allocate(capacity: capacity)
        if let base {
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = grown
        self.capacity = capacity
    }

    /// Frees the memory; the stack must be empty.
    mutating func deallocate() {
        base?.deallocate()
        base = nil
        capacity = 0
    }
}
