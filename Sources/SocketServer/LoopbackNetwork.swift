import Sockets

/// Whether `address` is an IPv4 address in 127.0.0.0/8 (the loopback network): the check of
/// the allow-only-loopback `verifyRequest` example.
///
/// ```swift
/// final class LocalOnlyServer: TCPServer {
///     override func verifyRequest(_ request: Request, clientAddress: SocketAddress) -> Bool {
///         isInLoopbackNetwork(clientAddress)
///     }
/// }
/// ```
///
/// For now it reads the first octet of the dotted-quad text. When the `IPAddress` module lands,
/// this one function becomes `IPv4Network("127.0.0.0/8").contains(IPv4Address(host))`.
///
/// Python: `ipaddress.ip_address(host) in ipaddress.ip_network('127.0.0.0/8')`.
public func isInLoopbackNetwork(_ address: SocketAddress) -> Bool {
    guard case .ipv4(let host, _) = address.kind else { return false }
    return host.split(separator: ".", maxSplits: 1).first == "127"
}
