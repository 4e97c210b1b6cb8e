import IPAddress

// The Swift side of each oracle key, in the generator's notation.

func flag(_ value: Bool) -> String { value ? "1" : "0" }

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

func commonFlag<T>(_ subject: T, _ key: String) -> String? {
    // The flag names every kind of object shares, looked up on whichever protocol `subject` is;
    // only the flag asked for is computed.
    let names = ["private", "global", "loopback", "multicast", "link_local", "reserved", "unspecified"]
    guard let index = names.firstIndex(of: key) else { return nil }
    func pick<S>(_ subject: S, _ flags: KeyPath<S, Bool>...) -> String { flag(subject[keyPath: flags[index]]) }
    func address<A: IPAddressProtocol>(_ a: A) -> String {
        pick(a, \.isPrivate, \.isGlobal, \.isLoopback, \.isMulticast, \.isLinkLocal, \.isReserved, \.isUnspecified)
    }
    func network<N: IPNetworkProtocol>(_ n: N) -> String {
        pick(n, \.isPrivate, \.isGlobal, \.isLoopback, \.isMulticast, \.isLinkLocal, \.isReserved, \.isUnspecified)
    }
    func interface<I: IPInterfaceProtocol>(_ i: I) -> String {
        pick(i, \.isPrivate, \.isGlobal, \.isLoopback, \.isMulticast, \.isLinkLocal, \.isReserved, \.isUnspecified)
    }
    switch subject {
    case let a as any IPAddressProtocol: return address(a)
    case let n as any IPNetworkProtocol: return network(n)
    case let i as any IPInterfaceProtocol: return interface(i)
    default: return nil
    }
}

func addressAttribute(_ address: AnyIPAddress, _ key: String) -> String? {
    let any: any IPAddressProtocol =
        switch address {
        case .v4(let a): a
        case .v6(let a): a
        }
    switch key {
    case "str": return address.description
    case "version": return String(address.version)
    case "int": return String(describing: any.value)
    case "packed": return hex(address.packed)
    case "exploded": return address.exploded
    case "rev":
        switch address {
        case .v4(let a): return a.reversePointer
        case .v6(let a): return a.reversePointer
        }
    default: break
    }
    if let value = commonFlag(any, key) { return value }
    guard case .v6(let a) = address else { return nil }
    switch key {
    case "site_local": return flag(a.isSiteLocal)
    case "scope": return a.scopeID ?? "-"
    case "mapped": return a.ipv4Mapped?.description ?? "-"
    case "6to4": return a.sixToFour?.description ?? "-"
    case "teredo": return a.teredo.map { "\($0.server),\($0.client)" } ?? "-"
    default: return nil
    }
}

func networkAttribute<N: IPNetworkProtocol>(_ network: N, _ key: String, expected: String) -> String? {
    func list<S: Sequence>(_ items: S) -> String { items.map { "\($0)" }.joined(separator: ",") }
    /// The `P:` parameter in front of an expected subnet/supernet value.
    var parameter: Int { Int(expected.prefix { $0 != ":" })! }
    switch key {
    case "str": return network.description
    case "version": return String(N.Address.version)
    case "net": return network.networkAddress.description
    case "bcast": return network.broadcastAddress.description
    case "netmask": return network.netmask.description
    case "hostmask": return network.hostmask.description
    case "prefixlen": return String(network.prefixLength)
    case "wp": return network.withPrefixlen
    case "wn": return network.withNetmask
    case "wh": return network.withHostmask
    case "exploded": return network.exploded
    case "hosts":
        let hosts = network.hosts()
        guard let first = hosts.first, let last = hosts.last, let count = hosts.count else { return "-" }
        return "\(first),\(last),\(count)"
    case "hosts3": return list(network.hosts().prefix(3))
    case "iter3": return list(network.addresses.prefix(3))
    case "sub1": return (try? network.subnets()).map { list($0) } ?? "threw"
    case "subn":
        guard let subnets = try? network.subnets(newPrefix: parameter), let count = subnets.count else {
            return "threw"
        }
        return "\(parameter):\(subnets.first),\(subnets.last),\(count)"
    case "super1": return (try? network.supernet())?.description ?? "threw"
    case "supern": return (try? network.supernet(newPrefix: parameter)).map { "\(parameter):\($0)" } ?? "threw"
    default: return commonFlag(network, key)
    }
}

func interfaceAttribute<I: IPInterfaceProtocol>(_ interface: I, _ key: String) -> String? {
    switch key {
    case "str": return interface.description
    case "version": return String(interface.version)
    case "net": return interface.network.description
    case "prefixlen": return String(interface.prefixLength)
    case "netmask": return interface.netmask.description
    case "hostmask": return interface.hostmask.description
    case "wp": return interface.withPrefixlen
    case "wn": return interface.withNetmask
    case "wh": return interface.withHostmask
    case "exploded": return interface.exploded
    case "ip": return interface.ip.description
    default: return commonFlag(interface, key)
    }
}

extension OracleEvaluation {
    /// The values of a relation row's keys, from its two space-separated operands, parsed once.
    static func relation(_ row: OracleCase) -> (_ key: String) -> String? {
        let operands = row.input.split(separator: " ").map(String.init)
        do {
            switch row.op {
            case "netpair":
                switch (try AnyIPNetwork(operands[0]), try AnyIPNetwork(operands[1])) {
                case (.v4(let a), .v4(let b)): return { networkPair(a, b, $0) }
                case (.v6(let a), .v6(let b)): return { networkPair(a, b, $0) }
                default: return { _ in "mixed families" }
                }
            case "netaddr":
                // Only the `in` key has a value, so only it shows an operand's error.
                let contained: String
                do {
                    contained = flag(try AnyIPNetwork(operands[0]).contains(try AnyIPAddress(operands[1])))
                } catch {
                    contained = "operand threw \(error)"
                }
                return { $0 == "in" ? contained : nil }
            case "addrpair":
                let (a, b) = (try AnyIPAddress(operands[0]), try AnyIPAddress(operands[1]))
                return { key in key == "lt" ? flag(a < b) : key == "eq" ? flag(a == b) : nil }
            case "ifacepair":
                let (a, b) = (try AnyIPInterface(operands[0]), try AnyIPInterface(operands[1]))
                return { key in key == "lt" ? flag(a < b) : key == "eq" ? flag(a == b) : nil }
            case "arith":
                let offset = Int(operands[1])!
                let sum: String
                do {
                    switch try AnyIPAddress(operands[0]) {
                    case .v4(let a): sum = (try a + offset).description
                    case .v6(let a): sum = (try a + offset).description
                    }
                } catch {
                    return { key in key == "err" ? label(error) : "threw \(error)" }
                }
                return { key in key == "sum" ? sum : "added: \(sum)" }
            default:
                return { _ in nil }
            }
        } catch {
            return { _ in "operand threw \(error)" }
        }
    }

    private static func networkPair<N: IPNetworkProtocol>(_ a: N, _ b: N, _ key: String) -> String? {
        switch key {
        case "lt": return flag(a < b)
        case "eq": return flag(a == b)
        case "subnet_of": return flag(a.isSubnet(of: b))
        case "supernet_of": return flag(a.isSupernet(of: b))
        case "overlaps": return flag(a.overlaps(b))
        case "exclude":
            guard let parts = try? a.addressExclude(b) else { return "-" }
            return parts.map(\.description).joined(separator: ",")
        default: return nil
        }
    }
}
