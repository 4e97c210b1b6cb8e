/// What the host database knows about a host: its official name, its other names, and its addresses.
///
/// Python: the `(hostname, aliaslist, ipaddrlist)` tuple of `socket.gethostbyname_ex` and
/// `socket.gethostbyaddr`.
public struct HostEntry: Hashable, Sendable {
    /// The official (canonical) name.
    ///
    /// Python: `hostname`.
    public let name: String
    /// The host's other names, perhaps none.
    ///
    /// Python: `aliaslist`.
    public let aliases: [String]
    /// The host's addresses as numeric text (`"127.0.0.1"`, `"::1"`).
    ///
    /// Python: `ipaddrlist`.
    public let addresses: [String]

    /// An entry from its parts.
    ///
    /// Python: the tuple `(hostname, aliaslist, ipaddrlist)`.
    public init(name: String, aliases: [String], addresses: [String]) {
        self.name = name
        self.aliases = aliases
        self.addresses = addresses
    }
}
