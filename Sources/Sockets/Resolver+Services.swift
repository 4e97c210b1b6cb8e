extension Resolver {
    /// The port of a service named in `/etc/services`.
    ///
    /// Python: `socket.getservbyname(name, protocol)`.
    /// - Parameters:
    ///   - service: A service name, e.g. `"http"`.
    ///   - protocolName: `"tcp"`, `"udp"`, or nil for either.
    /// - Throws: ``ResolverError`` (``ResolverError/Source/serviceDatabase``) for `getservbyname` when
    ///   there is no such entry: `getservbyname gopherx/any: service/proto not found`.
    public static func port(forService service: String, protocol protocolName: String? = nil) throws(ResolverError) -> UInt16 {
        guard let port = system_getservbyname(service, protocolName) else {
            throw ResolverError(
                code: 0, operation: "getservbyname", subject: "\(service)/\(protocolName ?? "any")", source: .serviceDatabase)
        }
        return port
    }

    /// The name `/etc/services` gives a port.
    ///
    /// Python: `socket.getservbyport(port, protocol)`.
    /// - Parameters:
    ///   - port: A port number, e.g. 443.
    ///   - protocolName: `"tcp"`, `"udp"`, or nil for either.
    /// - Throws: ``ResolverError`` (``ResolverError/Source/serviceDatabase``) for `getservbyport` when
    ///   no service has that port: `getservbyport 1/any: port/proto not found`.
    public static func serviceName(forPort port: UInt16, protocol protocolName: String? = nil) throws(ResolverError) -> String {
        guard let name = system_getservbyport(port, protocolName) else {
            throw ResolverError(
                code: 0, operation: "getservbyport", subject: "\(port)/\(protocolName ?? "any")", source: .serviceDatabase)
        }
        return name
    }

    /// The number `/etc/protocols` gives a protocol name (`"tcp"` is 6).
    ///
    /// Python: `socket.getprotobyname(name)`.
    /// - Throws: ``ResolverError`` (``ResolverError/Source/serviceDatabase``) for `getprotobyname` for an
    ///   unknown name: `getprotobyname nope: protocol not found`.
    public static func protocolNumber(forName name: String) throws(ResolverError) -> Int32 {
        guard let number = system_getprotobyname(name) else {
            throw ResolverError(code: 0, operation: "getprotobyname", subject: name, source: .serviceDatabase)
        }
        return number
    }
}
