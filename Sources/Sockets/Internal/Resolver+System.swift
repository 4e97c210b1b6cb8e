import Glibc

// The C side of `Resolver`: getaddrinfo, getnameinfo and the netdb lookups, each result copied into
// Swift values before the C memory is freed.

/// What `system_getaddrinfo` returns: the EAI code (0 on success), errno for `EAI_SYSTEM`, and results.
internal struct AddressInfoResult {
    var code: Int32 = 0
    var errno: Int32 = 0
    var entries: [AddressInfo] = []
}

/// Wraps `getaddrinfo(3)` and `freeaddrinfo(3)`; entries of families or types `Socket` cannot
/// represent are skipped.
internal func system_getaddrinfo(
    host: String?, service: String?, family: Int32, type: Int32, protocol: Int32, flags: Int32
) -> AddressInfoResult {
    var hints = addrinfo()
    hints.ai_family = family
    hints.ai_socktype = type
    hints.ai_protocol = `protocol`
    hints.ai_flags = flags
    var list: UnsafeMutablePointer<addrinfo>?
    var code: Int32
    repeat {
        code = getaddrinfo(host, service, &hints, &list)
    } while code == EAI_SYSTEM && Glibc.errno == EINTR
    var result = AddressInfoResult(code: code, errno: code == EAI_SYSTEM ? Glibc.errno : 0)
    guard code == 0 else { return result }
    defer { freeaddrinfo(list) }
    var node = list
    while let entry = node?.pointee {
        node = entry.ai_next
        guard let family = Socket.Family(rawValue: entry.ai_family),
              let type = Socket.Kind(rawValue: entry.ai_socktype),
              let address = entry.ai_addr else { continue }
        result.entries.append(AddressInfo(
            family: family, type: type, protocol: entry.ai_protocol,
            canonicalName: entry.ai_canonname.map { String(cString: $0) },
            address: SocketAddress(copying: address, length: entry.ai_addrlen)))
    }
    return result
}

/// Wraps `getnameinfo(3)`: `(code, errno, host, service)`.
internal func system_getnameinfo(_ address: SocketAddress, flags: Int32) -> (Int32, Int32, String, String) {
    var host = [CChar](repeating: 0, count: 1025)   // NI_MAXHOST
    var service = [CChar](repeating: 0, count: 32)  // NI_MAXSERV
    let code = address.withSockAddr { pointer, length in
        getnameinfo(pointer, length, &host, socklen_t(host.count), &service, socklen_t(service.count), flags)
    }
    let savedErrno = code == EAI_SYSTEM ? Glibc.errno : 0
    return (code, savedErrno, cString(host), cString(service))
}

/// Wraps `gai_strerror(3)`.
internal func system_gai_strerror(_ code: Int32) -> String {
    String(cString: gai_strerror(code))
}

/// Wraps `getservbyname_r(3)`: the port in host byte order, or nil.
internal func system_getservbyname(_ name: String, _ protocolName: String?) -> UInt16? {
    var entry = servent()
    var buffer = [CChar](repeating: 0, count: 4096)
    var found: UnsafeMutablePointer<servent>?
    let code = getservbyname_r(name, protocolName, &entry, &buffer, buffer.count, &found)
    guard code == 0, found != nil else { return nil }
    return UInt16(bigEndian: UInt16(truncatingIfNeeded: entry.s_port))
}

/// Wraps `getservbyport_r(3)`: the service name, or nil.
internal func system_getservbyport(_ port: UInt16, _ protocolName: String?) -> String? {
    var entry = servent()
    var buffer = [CChar](repeating: 0, count: 4096)
    var found: UnsafeMutablePointer<servent>?
    let code = getservbyport_r(Int32(port.bigEndian), protocolName, &entry, &buffer, buffer.count, &found)
    guard code == 0, found != nil, let name = entry.s_name else { return nil }
    return String(cString: name)
}

/// Wraps `getprotobyname_r(3)`: the protocol number, or nil.
internal func system_getprotobyname(_ name: String) -> Int32? {
    var entry = protoent()
    var buffer = [CChar](repeating: 0, count: 4096)
    var found: UnsafeMutablePointer<protoent>?
    let code = getprotobyname_r(name, &entry, &buffer, buffer.count, &found)
    guard code == 0, found != nil else { return nil }
    return entry.p_proto
}

/// The text of a NUL-terminated C string buffer, up to its first NUL.
internal func cString(_ buffer: [CChar]) -> String {
    buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}
