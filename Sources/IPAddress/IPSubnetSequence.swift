/// A lazy sequence of equal-sized subnets that together make up a network: what
/// ``IPNetworkProtocol/subnets(newPrefix:)`` returns.
///
/// Only the first and last subnet are stored; a `/8` split into `/32`s is 16 M networks that
/// are never all in memory. It is lazy (``LazyIPSequence``): `map` and `filter` stay lazy too.
///
/// Python: the generator `network.subnets(...)`.
public struct IPSubnetSequence<Network: IPNetworkProtocol>: Sequence, Sendable {
    /// The first subnet.
    ///
    /// Python: `next(network.subnets(...))`.
    public let first: Network

    /// The last subnet.
    ///
    /// Python: `list(network.subnets(...))[-1]`, without building the list.
    public let last: Network

    /// The prefix length of every subnet.
    ///
    /// Python: `new_prefix`.
    public var prefixLength: Int { first.prefixLength }

    /// The number of subnets, `2^(new prefix − prefix)`, or nil if it does not fit in `Address.Value`.
    ///
    /// Python: `len(list(network.subnets(...)))`, without building the list.
    public var count: Network.Address.Value? {
        let span = last.networkAddress.value - first.networkAddress.value
        let (count, overflow) = (span >> (Network.Address.maxPrefixLength - prefixLength)).addingReportingOverflow(1)
        return overflow ? nil : count
    }

    init(first: Network, last: Network) {
        self.first = first
        self.last = last
    }

    /// Makes an iterator from the first subnet to the last.
    ///
    /// Python: `iter(network.subnets(...))`.
    public func makeIterator() -> Iterator {
        Iterator(upcoming: first, last: last)
    }

    /// Walks the subnets in address order.
    ///
    /// Python: the `subnets` generator.
    public struct Iterator: IteratorProtocol, Sendable {
        private var upcoming: Network?
        private let last: Network

        init(upcoming: Network, last: Network) {
            self.upcoming = upcoming
            self.last = last
        }

        /// The next subnet, or nil after the last one.
        ///
        /// Python: `next(iterator)`.
        public mutating func next() -> Network? {
            guard let current = upcoming else { return nil }
            if current.networkAddress.value == last.networkAddress.value {
                upcoming = nil
            } else {
                let step = Network.Address.Value(1) << (Network.Address.maxPrefixLength - current.prefixLength)
                upcoming = Network(trusted: current.networkAddress.value &+ step, prefixLength: current.prefixLength)
            }
            return current
        }
    }
}
