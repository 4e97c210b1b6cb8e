// The parse-either rule shared by AnyIPAddress, AnyIPNetwork and AnyIPInterface (Python's
// `ip_address`, `ip_network`, `ip_interface`): try IPv4, then IPv6, and if both refuse,
// report both reasons together.

/// The first family's result, else the second's; if both throw, `combined(ipv4Error, ipv6Error)`.
/// An error for which `isFinal` holds is thrown at once (Python lets a plain `ValueError`, such
/// as "host bits set", escape the search).
func parseEither<T>(
    ipv4: () throws(IPAddressError) -> T,
    ipv6: () throws(IPAddressError) -> T,
    combined: (IPAddressError, IPAddressError) -> IPAddressError,
    isFinal: (IPAddressError) -> Bool = { _ in false }
) throws(IPAddressError) -> T {
    let ipv4Error: IPAddressError
    do {
        return try ipv4()
    } catch {
        if isFinal(error) { throw error }
        ipv4Error = error
    }
    do {
        return try ipv6()
    } catch {
        if isFinal(error) { throw error }
        throw combined(ipv4Error, error)
    }
}
