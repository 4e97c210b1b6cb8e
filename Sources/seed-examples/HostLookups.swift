import ArgumentParser
import CommandLineSupport
import Sockets

// socket_gethostname.py, socket_gethostbyname.py, socket_gethostbyname_ex.py, socket_getfqdn.py,
// socket_gethostbyaddr.py. The hosts are arguments, the seed's list by default. Where the seed catches
// a failed lookup (gethostbyname, gethostbyname_ex) the error is printed and the program goes on;
// where it does not (gethostbyaddr), the program ends as Python's does on the exception.

/// The seed's HOSTS.
private let seedHosts = ["apu", "pymotw.com", "www.python.org", "nosuchname"]

struct GetHostname: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_gethostname", abstract: "Prints this host's name (socket.gethostname).")

    func run() {
        out(Resolver.hostname())
    }
}

struct GetHostByName: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_gethostbyname", abstract: "Prints each host's IPv4 address, or the resolver's error (socket.gethostbyname).")

    @Argument(help: "Host names (the seed's: apu pymotw.com www.python.org nosuchname).")
    var hosts: [String] = seedHosts

    func run() {
        for host in hosts {
            do throws(ResolverError) {
                out("\(host) : \(try Resolver.ipv4Address(ofHost: host))")
            } catch {
                out("\(host) : \(error.pythonDescription)")
            }
        }
    }
}

struct GetHostByNameEx: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_gethostbyname_ex",
        abstract: "Prints each host's official name, aliases and addresses (socket.gethostbyname_ex).")

    @Argument(help: "Host names (the seed's: apu pymotw.com www.python.org nosuchname).")
    var hosts: [String] = seedHosts

    func run() {
        for host in hosts {
            out(host)
            do throws(ResolverError) {
                let entry = try Resolver.hostEntry(named: host)
                out("  Hostname:", entry.name)
                out("  Aliases :", pythonList(entry.aliases))
                out(" Addresses:", pythonList(entry.addresses))
            } catch {
                out("ERROR:", error.pythonDescription)
            }
            out()
        }
    }
}

struct GetFQDN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_getfqdn", abstract: "Prints each name's fully qualified domain name (socket.getfqdn).")

    @Argument(help: "Names (the seed's: apu pymotw.com).")
    var hosts: [String] = ["apu", "pymotw.com"]

    func run() {
        for host in hosts {
            out("\(padLeft(host, 10)) : \(Resolver.fullyQualifiedName(host))")
        }
    }
}

struct GetHostByAddr: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_gethostbyaddr",
        abstract: "Prints the name, aliases and addresses of an address (socket.gethostbyaddr).")

    @Argument(help: "An address (the seed's: 10.9.0.10).")
    var address = "10.9.0.10"

    func run() throws {
        let entry = try Resolver.hostEntry(forAddress: address)
        out("Hostname :", entry.name)
        out("Aliases  :", pythonList(entry.aliases))
        out("Addresses:", pythonList(entry.addresses))
    }
}

/// Python's `'{:>N}'.format(text)`.
func padLeft(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

/// Python's `'{:<N}'.format(text)`.
func padRight(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}
