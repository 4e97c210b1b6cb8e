import Foundation
import Reactor
import Testing

/// `seed-examples` programs print and send what the seed's Python programs do (PyMOTW-3's originals
/// where the seed's text collapsed spaces), and fail as Python fails: the exception's line on
/// standard error and status 1.
@Suite("seed-examples fidelity", .timeLimit(.minutes(1)))
struct SeedFidelityTests {
    static let executable = builtExecutable("seed-examples")

    @Test("selectors_echo_client sends the original's 42 bytes: two spaces after the first sentence")
    func selectorsClientMessage() throws {
        let listener = try Socket(family: .ipv4, type: .stream)
        try listener.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        try listener.listen()
        let port = try #require(try listener.localAddress.port)
        let client = try ChildProcess(Self.executable, ["selectors_echo_client", "--port", String(port)])
        let (connection, _) = try #require(try listener.accept())
        connection.timeout = .seconds(10)
        var received: [UInt8] = []
        while received.count < 42, let bytes = try connection.receive(maxCount: 64), !bytes.isEmpty {
            received += bytes
        }
        #expect(String(decoding: received, as: UTF8.self) == "This is the message.  It will be repeated.")
        try connection.sendAll(received)
        #expect(client.waitForExit() == 0)
    }

    @Test("ipaddress_addresses and ipaddress_networks right-align their labels, as the originals do")
    func rightAlignedLabels() throws {
        #expect(try run(["ipaddress_addresses", "10.9.0.6"]).lines == [
            "IPv4Address('10.9.0.6')", "   IP version: 4", "   is private: True", "  packed form: b'0a090006'",
            "      integer: 168361990", "",
        ])
        #expect(try run(["ipaddress_networks", "10.9.0.0/24"]).lines == [
            "IPv4Network('10.9.0.0/24')", "     is private: True", "      broadcast: 10.9.0.255",
            "     compressed: 10.9.0.0/24", "   with netmask: 10.9.0.0/255.255.255.0",
            "  with hostmask: 10.9.0.0/0.0.0.255", "  num addresses: 256", "",
        ])
    }

    @Test("a lookup that fails ends as Python's uncaught exception: its line on standard error, status 1", arguments: [
        (["socket_gethostbyaddr", "nosuchname"], [String](), "socket.gaierror: [Errno -2] Name or service not known"),
        (["socket_gethostbyaddr", "10.9.0.10"], [], "socket.herror: [Errno 1] Unknown host"),
        (["socket_getaddrinfo", "nosuchname", "http"], [], "socket.gaierror: [Errno -2] Name or service not known"),
        (["socket_getaddrinfo_extra_args", "nosuchname", "http"], [], "socket.gaierror: [Errno -2] Name or service not known"),
        (["socket_getservbyname", "http://x", "nosuchscheme://x"], ["  http : 80"], "OSError: service/proto not found"),
        (["socket_getservbyport", "80", "65000"], ["http://example.com/"], "OSError: port/proto not found"),
        (["socket_getprotobyname", "tcp", "nosuchprotocol"], [" tcp ->  6 (socket.IPPROTO_TCP  =  6)"], "OSError: protocol not found"),
        (["ipaddress_addresses", "10.9.0.256"], [], "ValueError: '10.9.0.256' does not appear to be an IPv4 or IPv6 address"),
        (["ipaddress_networks", "10.9.0.1/24"], [], "ValueError: 10.9.0.1/24 has host bits set"),
        (["ipaddress_interfaces", "10.9.0.6/33"], [], "ValueError: '10.9.0.6/33' does not appear to be an IPv4 or IPv6 interface"),
    ])
    func failuresAsPython(arguments: [String], printed: [String], exception: String) throws {
        let (status, lines, errors) = try run(arguments)
        #expect(status == 1)
        #expect(lines == printed)
        #expect(errors == [exception])
    }

    @Test("the multicast sender and receiver use the interface the routing table picks, as the seed's do",
          .enabled(if: hasDefaultRoute(), "multicast needs a route for 224.3.29.71 (the seed's programs fail too)"))
    func multicastDefaultInterface() throws {
        // A receiver joined as the seed's is, on INADDR_ANY (interface 0): the group on the default route.
        let receiver = try Socket(family: .ipv4, type: .datagram)
        try receiver.bind(to: SocketAddress(host: "", port: 0))
        let port = try #require(try receiver.localAddress.port)
        try receiver.joinMulticastGroup(SocketAddress(host: "224.3.29.71", port: 0), interfaceIndex: 0)
        receiver.timeout = .seconds(10)
        let sender = try ChildProcess(Self.executable, ["socket_multicast_sender", "--port", String(port)])
        let (data, from) = try #require(try receiver.receiveFrom(maxCount: 1024))
        #expect(data == Array("very important data".utf8))
        try receiver.send(Array("ack".utf8), to: from)
        #expect(sender.waitForExit() == 0)
        let lines = String(decoding: ChildProcess.readToEnd(sender.output), as: UTF8.self).split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("received b'ack' from ") })
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, lines: [String], errors: [String]) {
        let run = try ChildProcess.run(Self.executable, arguments)
        return (run.status, textLines(run.output), textLines(run.errors))
    }
}

/// The lines of a program's output (the last newline ends the last line).
func textLines(_ data: Data) -> [String] {
    String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
}

/// Whether this machine has a default route (the one multicast to 224.3.29.71 takes when no
/// interface is named).
func hasDefaultRoute() -> Bool {
    guard let table = try? String(contentsOfFile: "/proc/net/route", encoding: .utf8) else { return false }
    return table.split(separator: "\n").dropFirst().contains { $0.split(separator: "\t").dropFirst().first == "00000000" }
}
