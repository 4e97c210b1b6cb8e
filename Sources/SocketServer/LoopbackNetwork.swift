import IPAddress
import Sockets

/// Whether `address` is an IPv4 address in 127.0.0.0/8 (the loopback network): the check of
/// the allow-only-loopback `verifyRequest` example.
///
/// ```swift
/// final class LocalOnlyServer: TCPServer, @unchecked Sendable {
///     override func verifyRequest(_ request: Request, clientAddress: SocketAddress) -> Bool {
///         isInLoopbackNetwork(clientAddress)
///     }
/// }
/// ```
///
/// Python: `ipaddress.ip_address(host) in ipaddress.ip_network('127.0.0.0/8')`.
public func isInLoopbackNetwork(_ address: SocketAddress) -> Bool {
    guard case .ipv4(let host, _) = address.kind, let ip = try? IPv4Address(host) else { return false }
    return LoopbackNetwork.ipv4.contains(ip)
}

private enum LoopbackNetwork {
    // A literal that parses: `try!` cannot fail here.
    static let ipv4 = try! IPv4Network("127.0.0.0/8")
}
