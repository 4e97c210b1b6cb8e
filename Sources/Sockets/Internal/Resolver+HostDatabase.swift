import Glibc

// The C side of Resolver+Hosts.swift: the reentrant host-database calls Python's `gethostbyname_ex`
// and `gethostbyaddr` make (`gethostbyname_r`, `gethostbyaddr_r`), each result copied into a
// `HostEntry` before the caller's buffer goes away. They are the only calls that report aliases;
// `getaddrinfo` has no place for them.

/// What a host-database call returns: the entry, or the `h_errno` value that explains its absence.
internal enum HostLookup {
    case found(HostEntry)
    case failed(hostErrno: Int32)
}

/// Wraps `gethostbyname2_r(3)` for `family`; the buffer grows while the call says `ERANGE`.
internal func system_gethostbyname(_ name: String, family: Int32) -> HostLookup {
    withHostBuffer { entry, buffer, found, hostErrno in
        gethostbyname2_r(name, family, &entry, buffer.baseAddress, buffer.count, &found, &hostErrno)
    }
}

/// Wraps `gethostbyaddr_r(3)` for the IP address of `address` (its port is ignored); a Unix or
/// other address is `HOST_NOT_FOUND`.
internal func system_gethostbyaddr(_ address: SocketAddress) -> HostLookup {
    address.withSockAddr { pointer, _ in
        switch Int32(pointer.pointee.sa_family) {
        case AF_INET:
            var ipv4 = pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            return withHostBuffer { entry, buffer, found, hostErrno in
                gethostbyaddr_r(&ipv4, socklen_t(MemoryLayout<in_addr>.size), AF_INET, &entry,
                                buffer.baseAddress, buffer.count, &found, &hostErrno)
            }
        case AF_INET6:
            var ipv6 = pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            return withHostBuffer { entry, buffer, found, hostErrno in
                gethostbyaddr_r(&ipv6, socklen_t(MemoryLayout<in6_addr>.size), AF_INET6, &entry,
                                buffer.baseAddress, buffer.count, &found, &hostErrno)
            }
        default:
            return .failed(hostErrno: 1)  // HOST_NOT_FOUND
        }
    }
}

/// Wraps `hstrerror(3)`.
internal func system_hstrerror(_ code: Int32) -> String {
    String(cString: hstrerror(code))
}

/// Runs a `*_r` host lookup with a buffer that doubles on `ERANGE` (up to 1 MiB) and copies the result.
private func withHostBuffer(
    _ call: (inout hostent, UnsafeMutableBufferPointer<CChar>, inout UnsafeMutablePointer<hostent>?, inout Int32) -> Int32
) -> HostLookup {
    var size = 4096
    while true {
        var entry = hostent()
        var found: UnsafeMutablePointer<hostent>?
        var hostErrno: Int32 = 0
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: size)
        defer { buffer.deallocate() }
        let code = call(&entry, buffer, &found, &hostErrno)
        if code == ERANGE, size < 1 << 20 {
            size *= 2
            continue
        }
        guard code == 0, found != nil else { return .failed(hostErrno: hostErrno == 0 ? 3 /* NO_RECOVERY */ : hostErrno) }
        return .found(HostEntry(copying: entry))
    }
}

extension HostEntry {
    /// Copies a `hostent`: its name, aliases, and addresses as numeric text.
    fileprivate init(copying entry: hostent) {
        let name = entry.h_name.map { String(cString: $0) } ?? ""
        var aliases: [String] = []
        if var alias = entry.h_aliases {
            while let text = alias.pointee {
                aliases.append(String(cString: text))
                alias += 1
            }
        }
        var addresses: [String] = []
        if var item = entry.h_addr_list {
            while let bytes = item.pointee {
                var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                if inet_ntop(entry.h_addrtype, bytes, &text, socklen_t(text.count)) != nil {
                    addresses.append(cString(text))
                }
                item += 1
            }
        }
        self.init(name: name, aliases: aliases, addresses: addresses)
    }
}
