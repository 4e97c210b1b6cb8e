// Splitting and joining networks: subnets, supernet and address_exclude.

extension IPNetworkProtocol {
    /// The subnets of prefix length `newPrefix` that make up this network, in order, lazily.
    /// A /32 (or /128) network yields only itself, whatever is asked, as in Python.
    ///
    /// Python: `network.subnets(new_prefix=newPrefix)`.
    /// - Throws: ``IPAddressError/invalidNewPrefix(_:newPrefix:allowed:)`` unless
    ///   `prefixLength <= newPrefix <= maxPrefixLength`.
    public func subnets(newPrefix: Int) throws(IPAddressError) -> IPSubnetSequence<Self> {
        let maxLength = Address.maxPrefixLength
        if prefixLength == maxLength { return IPSubnetSequence(first: self, last: self) }
        guard (prefixLength...maxLength).contains(newPrefix) else {
            throw .invalidNewPrefix(description, newPrefix: newPrefix, allowed: prefixLength...maxLength)
        }
        let lastStart = broadcastAddress.value & Address.maskValue(prefixLength: newPrefix)
        return IPSubnetSequence(
            first: Self(trusted: networkAddress.value, prefixLength: newPrefix),
            last: Self(trusted: lastStart, prefixLength: newPrefix))
    }

    /// The subnets whose prefix is `prefixLengthDiff` longer (by default the two halves), lazily.
    ///
    /// Python: `network.subnets(prefixlen_diff=prefixLengthDiff)`.
    /// - Throws: ``IPAddressError/invalidNewPrefix(_:newPrefix:allowed:)`` for a negative difference
    ///   or one that passes the longest prefix.
    public func subnets(prefixLengthDiff: Int = 1) throws(IPAddressError) -> IPSubnetSequence<Self> {
        let (newPrefix, overflow) = prefixLength.addingReportingOverflow(prefixLengthDiff)
        return try subnets(newPrefix: overflow ? .max : newPrefix)
    }

    /// The network of prefix length `newPrefix` that contains this one. A /0 network returns
    /// itself, whatever is asked, as in Python.
    ///
    /// Python: `network.supernet(new_prefix=newPrefix)`.
    /// - Throws: ``IPAddressError/invalidNewPrefix(_:newPrefix:allowed:)`` unless `0 <= newPrefix <= prefixLength`.
    public func supernet(newPrefix: Int) throws(IPAddressError) -> Self {
        if prefixLength == 0 { return self }
        guard (0...prefixLength).contains(newPrefix) else {
            throw .invalidNewPrefix(description, newPrefix: newPrefix, allowed: 0...prefixLength)
        }
        let value = networkAddress.value & Address.maskValue(prefixLength: newPrefix)
        return Self(trusted: value, prefixLength: newPrefix)
    }

    /// The network whose prefix is `prefixLengthDiff` shorter (by default, the one twice the size).
    ///
    /// Python: `network.supernet(prefixlen_diff=prefixLengthDiff)`.
    /// - Throws: ``IPAddressError/invalidNewPrefix(_:newPrefix:allowed:)`` if the prefix would drop
    ///   below 0 or the difference is negative (Python: "negative shift count").
    public func supernet(prefixLengthDiff: Int = 1) throws(IPAddressError) -> Self {
        let (newPrefix, overflow) = prefixLength.subtractingReportingOverflow(prefixLengthDiff)
        return try supernet(newPrefix: overflow ? .min : newPrefix)
    }

    /// This network without `other`: the largest networks that cover the rest, at most one per
    /// prefix length, in the order Python yields them.
    ///
    /// Python: `network.address_exclude(other)`.
    /// - Throws: ``IPAddressError/notASubnet(_:of:)`` if `other` is not inside this network.
    public func addressExclude(_ other: Self) throws(IPAddressError) -> [Self] {
        guard other.isSubnet(of: self) else { throw .notASubnet(other.description, of: description) }
        let target = (other.networkAddress.value, other.prefixLength)
        var result: [Self] = []
        var current = self
        while (current.networkAddress.value, current.prefixLength) != target {
            // Halve `current`; keep the half without `other`, descend into the one with it.
            let halfPrefix = current.prefixLength + 1
            let lower = Self(trusted: current.networkAddress.value, prefixLength: halfPrefix)
            let upper = Self(trusted: lower.broadcastAddress.value &+ 1, prefixLength: halfPrefix)
            if other.isSubnet(of: lower) {
                result.append(upper)
                current = lower
            } else {
                result.append(lower)
                current = upper
            }
        }
        return result
    }
}
