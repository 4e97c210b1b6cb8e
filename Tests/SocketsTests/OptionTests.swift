import Glibc
import Sockets
import Testing

@Suite("Socket options", .timeLimit(.minutes(1)))
struct OptionTests {
    @Test("boolean options read back what was set")
    func booleans() throws {
        let tcp = try Socket(family: .ipv6, type: .stream)
        for option in [SocketOption<Bool>.reuseAddress, .reusePort, .keepAlive, .noDelay, .ipv6Only] {
            try tcp.setOption(option, true)
            #expect(try tcp.option(option) == true)
            try tcp.setOption(option, false)
            #expect(try tcp.option(option) == false)
        }
        let udp = try Socket(family: .ipv4, type: .datagram)
        try udp.setOption(.broadcast, true)
        #expect(try udp.option(.broadcast))
        try udp.setOption(.multicastLoop, false)
        #expect(try udp.option(.multicastLoop) == false)
    }

    @Test("buffer sizes are set (and reported doubled by Linux)")
    func bufferSizes() throws {
        let socket = try Socket(family: .ipv4, type: .stream)
        try socket.setOption(.receiveBufferSize, 8192)
        #expect(try socket.option(.receiveBufferSize) == 16384)
        try socket.setOption(.sendBufferSize, 8192)
        #expect(try socket.option(.sendBufferSize) == 16384)
    }

    @Test("any int option can be named by level and number; a wrong one is a typed error")
    func generic() throws {
        let socket = try Socket(family: .ipv4, type: .datagram)
        let typeOfService = SocketOption<Int32>(level: Int32(IPPROTO_IP), name: IP_TOS)
        try socket.setOption(typeOfService, 0x10)
        #expect(try socket.option(typeOfService) == 0x10)
        #expect(try socket.option(SocketOption<Int32>(level: SOL_SOCKET, name: SO_TYPE)) == Socket.Kind.datagram.rawValue)
        #expect(try socket.option(.error) == 0)
        #expect(throws: SocketError(errno: ENOPROTOOPT, operation: "getsockopt")) {
            try socket.option(SocketOption<Int32>(level: SOL_SOCKET, name: 12345))
        }
        let unix = try Socket(family: .unix, type: .stream)
        #expect(throws: SocketError(errno: EOPNOTSUPP, operation: "setsockopt")) { try unix.setOption(.noDelay, true) }
    }

    @Test("SO_REUSEADDR lets a server rebind a port with connections in TIME_WAIT")
    func reuseAddress() throws {
        // A server that sets SO_REUSEADDR (Linux needs it on the old socket and the new one).
        let listener = try Socket(family: .ipv4, type: .stream)
        try listener.setOption(.reuseAddress, true)
        try listener.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        try listener.listen()
        let address = try listener.localAddress
        do {
            let client = try Socket(family: .ipv4, type: .stream)
            try client.connect(to: address)
            let (server, _) = try #require(try listener.accept())
            server.close()  // the server closes first: its side goes to TIME_WAIT
            _ = try client.receive(maxCount: 1)
        }
        listener.close()
        let withoutOption = try Socket(family: .ipv4, type: .stream)
        #expect(throws: SocketError(errno: EADDRINUSE, operation: "bind", address: address)) {
            try withoutOption.bind(to: address)
        }
        let again = try Socket(family: .ipv4, type: .stream)
        try again.setOption(.reuseAddress, true)
        try again.bind(to: address)
        try again.listen()
    }

    @Test("SO_REUSEPORT lets two sockets bind one port")
    func reusePort() throws {
        let first = try Socket(family: .ipv4, type: .datagram)
        try first.setOption(.reusePort, true)
        try first.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        let second = try Socket(family: .ipv4, type: .datagram)
        try second.setOption(.reusePort, true)
        try second.bind(to: try first.localAddress)
        #expect(try second.localAddress == (try first.localAddress))
    }

    @Test("a multicast group joined on the loopback interface receives what is sent to it, as in the seed")
    func multicast() throws {
        let group = try SocketAddress(host: "224.3.29.71", port: 0)
        let receiver = try Socket(family: .ipv4, type: .datagram)
        try receiver.setOption(.reuseAddress, true)
        try receiver.bind(to: SocketAddress(host: "", port: 0))
        let loopbackIndex = if_nametoindex("lo")
        try receiver.joinMulticastGroup(group, interfaceIndex: loopbackIndex)
        let port = try #require(try receiver.localAddress.port)

        let sender = try Socket(family: .ipv4, type: .datagram)
        sender.timeout = .seconds(5)
        try sender.setOption(.multicastTimeToLive, 1)
        #expect(try sender.option(.multicastTimeToLive) == 1)
        try sender.setMulticastInterface(loopbackIndex)
        try sender.send([UInt8]("very important data"), to: SocketAddress(host: "224.3.29.71", port: port))

        receiver.timeout = .seconds(5)
        let (data, from) = try #require(try receiver.receiveFrom(maxCount: 1024))
        #expect(data == [UInt8]("very important data"))
        try receiver.send([UInt8]("ack"), to: from)
        #expect(try sender.receiveFrom(maxCount: 16)?.bytes == [UInt8]("ack"))
        try receiver.leaveMulticastGroup(group, interfaceIndex: loopbackIndex)
        #expect(throws: SocketError(errno: EADDRNOTAVAIL, operation: "setsockopt", address: group)) {
            try receiver.leaveMulticastGroup(group, interfaceIndex: loopbackIndex)
        }
        let unix = try SocketAddress(unixPath: "/tmp/x")
        #expect(throws: SocketError(errno: EAFNOSUPPORT, operation: "setsockopt", address: unix)) {
            try receiver.joinMulticastGroup(unix)
        }
    }
}
