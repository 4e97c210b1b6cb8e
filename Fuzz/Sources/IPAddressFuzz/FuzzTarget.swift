// libFuzzer entry point: every parse-either entry point and both families' parsers get the
// input as text; whatever parses must print and re-parse to the same value, and every error
// must render. libFuzzer supplies `main`; a broken invariant traps, which libFuzzer reports.

import IPAddress

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIPAddressParsers(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    checkAddress(text)
    checkNetwork(text)
    checkInterface(text)
    checkPacked(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// Stops the fuzzer with the offending input when an invariant breaks.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

/// Parses `text` with `parse`; on success returns the value, on failure renders the error.
func attempt<T>(_ parse: () throws(IPAddressError) -> T) -> T? {
    do {
        return try parse()
    } catch {
        require(!error.description.isEmpty, "empty error description")
        return nil
    }
}

func checkAddress(_ text: String) {
    let v4 = attempt { () throws(IPAddressError) in try IPv4Address(text) }
    let v6 = attempt { () throws(IPAddressError) in try IPv6Address(text) }
    guard let either = attempt({ () throws(IPAddressError) in try AnyIPAddress(text) }) else {
        require(v4 == nil && v6 == nil, "AnyIPAddress failed where a family parsed \(text.debugDescription)")
        return
    }
    switch either {
    case .v4(let address):
        require(address == v4, "AnyIPAddress disagrees with IPv4Address on \(text.debugDescription)")
        require(
            attempt { () throws(IPAddressError) in try IPv4Address(address.description) } == address,
            "IPv4 description does not re-parse: \(address)")
        require(attempt { () throws(IPAddressError) in try IPv4Address(packed: address.packed) } == address, "packed")
    case .v6(let address):
        require(v4 == nil && address == v6, "AnyIPAddress disagrees with the families on \(text.debugDescription)")
        require(
            attempt { () throws(IPAddressError) in try IPv6Address(address.description) } == address,
            "IPv6 description does not re-parse: \(address)")
        require(
            attempt { () throws(IPAddressError) in try IPv6Address(address.exploded) } == address,
            "IPv6 exploded does not re-parse: \(address.exploded)")
        require(
            attempt { () throws(IPAddressError) in try IPv6Address(packed: address.packed) }?.value == address.value,
            "packed")
        _ = (address.isPrivate, address.isGlobal, address.reversePointer, address.teredo, address.sixToFour)
    }
}

func checkNetwork(_ text: String) {
    let strict = attempt { () throws(IPAddressError) in try AnyIPNetwork(text) }
    guard let loose = attempt({ () throws(IPAddressError) in try AnyIPNetwork(text, strict: false) }) else {
        require(strict == nil, "strict parsed where loose failed: \(text.debugDescription)")
        return
    }
    if let strict { require(strict == loose, "strict and loose differ on \(text.debugDescription)") }
    switch loose {
    case .v4(let network): checkNetworkValue(network)
    case .v6(let network): checkNetworkValue(network)
    }
}

func checkNetworkValue<N: IPNetworkProtocol>(_ network: N) {
    require(
        attempt { () throws(IPAddressError) in try N(network.description, strict: true) } == network,
        "network description does not re-parse: \(network)")
    require(
        attempt { () throws(IPAddressError) in try N(network.exploded, strict: true) } == network,
        "network exploded does not re-parse: \(network.exploded)")
    require(network.contains(network.networkAddress) && network.contains(network.broadcastAddress), "ends")
    for host in network.hosts().prefix(3) { require(network.contains(host), "host \(host) outside \(network)") }
    if let subnets = attempt({ () throws(IPAddressError) in try network.subnets() }) {
        for subnet in subnets { require(network.isSupernet(of: subnet), "subnet \(subnet) outside \(network)") }
    }
    if let supernet = attempt({ () throws(IPAddressError) in try network.supernet() }) {
        require(network.isSubnet(of: supernet), "supernet \(supernet) misses \(network)")
    }
    _ = (network.withNetmask, network.withHostmask, network.isPrivate, network.isGlobal)
}

func checkInterface(_ text: String) {
    guard let interface = attempt({ () throws(IPAddressError) in try AnyIPInterface(text) }) else { return }
    require(
        attempt { () throws(IPAddressError) in try AnyIPInterface(interface.description) } == interface,
        "interface description does not re-parse: \(interface)")
    require(interface.network.contains(interface.ip), "interface outside its network: \(interface)")
    if case .v6(let v6) = interface {
        require(v6.ip.scopeID == nil, "interface ip keeps a scope ID: \(interface)")  // Python drops it
        // By byte: a scope starting with a combining mark makes one Character with the "%".
        require(v6.description.utf8.contains(UInt8(ascii: "%")) == (v6.scopeID != nil), "interface scope lost: \(interface)")
    }
    _ = (interface.withNetmask, interface.withHostmask)
}

func checkPacked(_ bytes: [UInt8]) {
    if let address = attempt({ () throws(IPAddressError) in try AnyIPAddress(packed: bytes) }) {
        require(address.packed == bytes, "packed round trip")
    }
}
