import Foundation
import Reactor
import Testing

/// Issue 16, item 6: reactor-echo echoed Unix datagrams over 64 KiB cut to 65,536 bytes, silently.
@Suite("reactor-echo datagram sizes", .timeLimit(.minutes(1)))
struct DatagramSizeTests {
    @Test("Unix datagrams of 100,000 and 200,000 bytes come back whole; UDP up to its 65,507-byte limit",
          arguments: EchoMode.allCases)
    func wholeDatagrams(mode: EchoMode) throws {
        let folder = try temporaryDirectory()
        let server = try EchoProcess(
            mode.arguments + ["--port", "0", "--udp", "0", "--unix-datagram", "\(folder)/d.sock", "--quiet"], expectedListeners: 3)
        let client = try Socket(family: .unix, type: .datagram)
        client.timeout = .seconds(10)
        try client.bind(to: SocketAddress(unixPath: "\(folder)/c.sock"))
        let pattern = Pattern()
        for size in [1, 65_536, 100_000, 200_000] {
            let sent = Array(pattern.window(at: size, count: min(size, Pattern.period))) + [UInt8](repeating: 7, count: max(0, size - Pattern.period))
            try client.send(sent, to: try server.address("unix-dgram"))
            #expect(try client.receiveFrom(maxCount: 1 << 20)?.bytes == sent, "\(size) bytes")
        }
        let udp = try Socket(family: .ipv4, type: .datagram)
        udp.timeout = .seconds(10)
        let largest = Array(pattern.window(at: 0, count: 65_507))
        try udp.send(largest, to: try server.address("udp"))
        #expect(try udp.receiveFrom(maxCount: 1 << 17)?.bytes == largest)
    }
}
