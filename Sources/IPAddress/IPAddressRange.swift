/// A lazy, inclusive run of consecutive addresses: what a network's ``IPNetworkProtocol/addresses``
/// and ``IPNetworkProtocol/hosts()`` return.
///
/// Nothing is stored but the two ends, so the 16 M addresses of a `/8` or the 2^64 of an IPv6
/// `/64` cost nothing until iterated; take what you need with `prefix(_:)` or `for … in` and `break`.
/// It is a `Sequence`, not a `Collection`, because an IPv6 count does not fit in `Int`. It is
/// lazy (``LazyIPSequence``): `map` and `filter` return lazy sequences whose `first` takes one
/// step, so `hosts().map { … }` on a /8 computes only what is asked for. `contains(_:)` is O(1).
///
/// ```swift
/// for host in try IPv4Network("10.0.0.0/8").hosts().prefix(3) { print(host) }  // 10.0.0.1 … 10.0.0.3
/// ```
///
/// Python: the generators `network.__iter__()` and `network.hosts()`.
public struct IPAddressRange<Address: IPAddressProtocol>: Sequence, Hashable, Sendable {
    /// The first address, or nil if the range is empty.
    ///
    /// Python: `next(iter(network))`.
    public let first: Address?

    /// The last address, or nil if the range is empty.
    ///
    /// Python: `list(network)[-1]`, without building the list.
    public let last: Address?

    /// The range from `first` through `last`; empty if `last < first`.
    ///
    /// Python: `range(first, last + 1)` of addresses.
    public init(first: Address, last: Address) {
        if first.value <= last.value {
            (self.first, self.last) = (first, last)
        } else {
            (self.first, self.last) = (nil, nil)
        }
    }

    /// Whether the range has no addresses.
    ///
    /// Python: `not list(network.hosts())`.
    public var isEmpty: Bool { first == nil }

    /// The number of addresses, or nil if it does not fit in `Address.Value` (only the whole IPv6 space).
    ///
    /// Python: `len(list(...))`, without building the list.
    public var count: Address.Value? {
        guard let first, let last else { return 0 }
        let (count, overflow) = (last.value - first.value).addingReportingOverflow(1)
        return overflow ? nil : count
    }

    /// Whether `address` lies in the range, by value (a scope ID is ignored). O(1).
    ///
    /// Python: `address in network` for the range of a network.
    public func contains(_ address: Address) -> Bool {
        guard let first, let last else { return false }
        return first.value <= address.value && address.value <= last.value
    }

    /// O(1) membership for `Sequence.contains(_:)`.
    public func _customContainsEquatableElement(_ element: Address) -> Bool? {
        contains(element)
    }

    /// Makes an iterator from the first address to the last.
    ///
    /// Python: `iter(...)`.
    public func makeIterator() -> Iterator {
        Iterator(next: first, last: last?.value ?? 0)
    }

    /// Walks the range one address at a time.
    ///
    /// Python: a generator over `range(first, last + 1)`.
    public struct Iterator: IteratorProtocol, Sendable {
        private var upcoming: Address?
        private let last: Address.Value

        init(next: Address?, last: Address.Value) {
            self.upcoming = next
            self.last = last
        }

        /// The next address, or nil after the last one.
        ///
        /// Python: `next(iterator)`.
        public mutating func next() -> Address? {
            guard let current = upcoming else { return nil }
            // The first address keeps any scope ID it has; the rest are built from values.
            upcoming = current.value == last ? nil : Address(current.value &+ 1)
            return current
        }
    }
}
