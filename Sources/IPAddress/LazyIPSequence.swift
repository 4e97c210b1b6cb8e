// Why a protocol of its own: `LazySequenceProtocol` alone keeps `hosts().map { … }` lazy, but a
// lazy *sequence* has no `first` property, so in `network.hosts().map { $0 }.first` the type
// checker quietly picks the eager `Sequence.map` (its `Array` has `first`) and builds all 16 M
// addresses of a /8, or never finishes on an IPv6 /64. Checked on Swift 6.3.1; the test
// "map and filter on hosts() of 10.0.0.0/8 stay lazy" pins it down.

/// A lazy sequence of addresses or subnets from this module, or a lazy `map`, `filter`,
/// `prefix(while:)` or `drop(while:)` of one, whose ``first`` takes a single step.
///
/// ```swift
/// let network = try IPv4Network("10.0.0.0/8")
/// network.hosts().map(\.description).first            // "10.0.0.1", after one step
/// network.hosts().filter { $0.value & 0xFF == 0x10 }.first  // 10.0.0.16, after 16 steps
/// ```
///
/// Python: `next(iter(...), None)` over a generator.
public protocol LazyIPSequence: LazySequenceProtocol {}

extension LazyIPSequence {
    /// The first element, or nil if there is none; computes that one element only.
    ///
    /// Python: `next(iter(sequence), None)`.
    public var first: Element? {
        var iterator = makeIterator()
        return iterator.next()
    }
}

extension IPAddressRange: LazyIPSequence {}
extension IPSubnetSequence: LazyIPSequence {}
extension LazyMapSequence: LazyIPSequence where Base: LazyIPSequence {}
extension LazyFilterSequence: LazyIPSequence where Base: LazyIPSequence {}
extension LazyPrefixWhileSequence: LazyIPSequence where Base: LazyIPSequence {}
extension LazyDropWhileSequence: LazyIPSequence where Base: LazyIPSequence {}
