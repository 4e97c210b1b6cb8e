import Foundation
import Reactor
import Testing

@Suite("reactor-echo command line", .timeLimit(.minutes(2)))
struct EchoCommandLineTests {
    @Test("prints one listening line per listener, with the real ports, and echoes on each", arguments: EchoMode.allCases)
    func listensAndEchoesOnEveryTransport(mode: EchoMode) throws {
        let folder = try temporaryDirectory()
        let server = try EchoProcess(
            mode.arguments + ["--port", "0", "--udp", "0", "--unix", "\(folder)/s.sock", "--unix-datagram", "\(folder)/d.sock", "--quiet"],
            expectedListeners: 4)
        #expect(Set(server.listening.keys) == ["tcp", "udp", "unix", "unix-dgram"])
        #expect(try server.address("tcp").port != 0)
        #expect(try server.address("udp").port != 0)
        #expect(server.listening["unix"] == "\(folder)/s.sock")

        for transport in ["tcp", "unix"] {
            let client = try Socket(family: try server.address(transport).family!, type: .stream)
            client.timeout = .seconds(10)
            try client.connect(to: try server.address(transport))
            try client.sendAll("hello \(transport)")
            #expect(try client.receive(maxCount: 100).map { String(decoding: $0, as: UTF8.self) } == "hello \(transport)")
        }

        let udp = try Socket(family: .ipv4, type: .datagram)
        udp.timeout = .seconds(10)
        _ = try udp.send(Array("ping".utf8), to: try server.address("udp"))
        #expect(try udp.receiveFrom(maxCount: 100)?.bytes == Array("ping".utf8))

        let datagram = try Socket(family: .unix, type: .datagram)
        datagram.timeout = .seconds(10)
        try datagram.bind(to: try SocketAddress(unixPath: "\(folder)/client.sock"))
        _ = try datagram.send(Array("unix ping".utf8), to: try server.address("unix-dgram"))
        #expect(try datagram.receiveFrom(maxCount: 100)?.bytes == Array("unix ping".utf8))
    }

    @Test("SIGINT and SIGTERM stop it with status 0 and remove its Unix socket files", arguments: EchoMode.allCases, [SIGINT, SIGTERM])
    func stopsCleanlyOnSignal(mode: EchoMode, signal: Int32) throws {
        let folder = try temporaryDirectory()
        let server = try EchoProcess(
            mode.arguments + ["--port", "0", "--unix", "\(folder)/s.sock", "--unix-datagram", "\(folder)/d.sock"], expectedListeners: 3)
        let client = try Socket(family: .ipv4, type: .stream)
        try client.connect(to: try server.address())
        #expect(FileManager.default.fileExists(atPath: "\(folder)/s.sock"))
        #expect(server.stop(with: signal) == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/s.sock"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/d.sock"))
    }

    @Test("logs each connection accepted and closed unless --quiet", arguments: EchoMode.allCases)
    func logsConnections(mode: EchoMode) throws {
        let server = try EchoProcess(mode.arguments + ["--port", "0"])
        let client = try Socket(family: .ipv4, type: .stream)
        try client.connect(to: try server.address())
        let local = try client.localAddress
        client.close()
        usleep(200_000)
        #expect(server.stop() == 0)
        let log = String(decoding: server.remainingOutput(), as: UTF8.self)
        #expect(log.contains("accept \(local)"))
        #expect(log.contains("close \(local)"))
    }

    @Test("a bad flag is one line on stderr and status 64", arguments: [
        ["--bogus"], ["--port", "70000"], ["--backend", "kqueue"], ["--udp"],
        ["--unix", ""], ["--unix-datagram", ""],  // not an abstract socket: a missing path
        ["--quiet=yes"], ["--loops", "many"], ["--loops", "0"], ["--port=x"], ["stray"],
    ])
    func badFlags(arguments: [String]) throws {
        let (status, text) = try runEcho(arguments)
        #expect(status == 64)
        #expect(text.hasPrefix("reactor-echo: "))
        #expect(text.split(separator: "\n").count == 1)
    }

    @Test("--version prints the name and version; --help the usage, both with status 0 and nothing on stderr")
    func versionAndHelp() throws {
        let version = try ChildProcess.run(EchoProcess.executable, ["--version"])
        #expect(version.status == 0)
        #expect(String(decoding: version.output, as: UTF8.self).hasPrefix("reactor-echo "))
        #expect(version.errors.isEmpty)
        let help = try ChildProcess.run(EchoProcess.executable, ["-h"])
        #expect(help.status == 0)
        let text = String(decoding: help.output, as: UTF8.self)
        for flag in ["--host", "--port", "--udp", "--unix", "--unix-datagram", "--backend", "--loops", "--quiet", "--async", "--version"] {
            #expect(text.contains("  \(flag) "))
        }
        #expect(help.errors.isEmpty)
    }

    @Test("--host takes a host name (localhost is 127.0.0.1) and --name=value forms", arguments: EchoMode.allCases)
    func hostName(mode: EchoMode) throws {
        let server = try EchoProcess(mode.arguments + ["--host", "localhost", "--port=0", "--udp=0", "--quiet"], expectedListeners: 2)
        #expect(try server.address("tcp").host == "127.0.0.1")
        #expect(try server.address("udp").host == "127.0.0.1")
        let client = try Socket(family: .ipv4, type: .stream)
        client.timeout = .seconds(10)
        try client.connect(to: try server.address())
        try client.sendAll("named")
        #expect(try client.receive(maxCount: 10) == Array("named".utf8))
        let (status, text) = try runEcho(["--host", "no-such-host.invalid", "--port", "0"])
        #expect(status == 1)
        #expect(text.hasPrefix("reactor-echo: resolve no-such-host.invalid:0: "))
    }

    @Test("a port in use is one line naming the address, and status 1")
    func portInUse() throws {
        let holder = try Socket(family: .ipv4, type: .stream)
        try holder.bind(to: try SocketAddress(host: "127.0.0.1", port: 0))
        try holder.listen()
        let port = try #require(try holder.localAddress.port)
        let (status, text) = try runEcho(["--port", "\(port)"])
        #expect(status == 1)
        #expect(text == "reactor-echo: bind 127.0.0.1:\(port): Address already in use (errno 98)\n")
    }

    @Test("an unusable Unix path is one line and status 1")
    func unusablePath() throws {
        let (status, text) = try runEcho(["--port", "0", "--unix", "/nonexistent-dir/echo.sock"])
        #expect(status == 1)
        #expect(text == "reactor-echo: bind /nonexistent-dir/echo.sock: No such file or directory (errno 2)\n")
        let long = "/tmp/" + String(repeating: "x", count: 120)
        let (longStatus, longText) = try runEcho(["--port", "0", "--unix", long])
        #expect(longStatus == 1)
        #expect(longText.contains("Unix socket path too long: 125 bytes"))
    }

    @Test("a Unix path a live server uses is refused; a stale socket file is replaced")
    func liveAndStaleUnixPaths() throws {
        let folder = try temporaryDirectory()
        let path = "\(folder)/s.sock"
        let live = try EchoProcess(["--port", "0", "--unix", path], expectedListeners: 2)
        let (status, text) = try runEcho(["--port", "0", "--unix", path])
        #expect(status == 1)
        #expect(text == "reactor-echo: bind \(path): Address already in use (errno 98)\n")
        #expect(live.stop(with: SIGKILL) != 0)  // killed: leaves its socket file behind
        #expect(FileManager.default.fileExists(atPath: path))
        let restarted = try EchoProcess(["--port", "0", "--unix", path], expectedListeners: 2)
        let client = try Socket(family: .unix, type: .stream)
        try client.connect(to: try restarted.address("unix"))
        try client.sendAll("again")
        #expect(try client.receive(maxCount: 10) == Array("again".utf8))

        let plainFile = "\(folder)/not-a-socket"
        #expect(FileManager.default.createFile(atPath: plainFile, contents: Data("keep me".utf8)))
        let (fileStatus, fileText) = try runEcho(["--port", "0", "--unix", plainFile])
        #expect(fileStatus == 1)
        #expect(fileText == "reactor-echo: bind \(plainFile): Socket operation on non-socket (errno 88)\n")
        #expect(FileManager.default.contents(atPath: plainFile) == Data("keep me".utf8))
    }

    @Test("each backend serves", arguments: ["epoll", "poll", "select"])
    func backends(backend: String) throws {
        let server = try EchoProcess(["--port", "0", "--backend", backend, "--quiet"])
        let check = try StreamCheck(connectingTo: try server.address(), total: 1 << 20)
        try check.run()
        #expect(check.received == check.total)
        #expect(check.firstMismatch == nil)
    }
}
