import Foundation
import Reactor
import Testing

/// `ftp_server` and `ftp_client` speak seed 001's protocol: `put|NAME|SIZE` answered `OK`, then the
/// bytes; `get|NAME|0` answered `YES|SIZE` or `NO|0`, then `second_active` and the bytes.
@Suite("put/get service", .timeLimit(.minutes(1)))
struct FtpServiceTests {
    @Test("ftp_server answers the seed's requests with the seed's bytes; several requests share a connection")
    func seedProtocol() throws {
        let directories = try FtpDirectories()
        try directories.write(directories.root + "/hello.txt", "hello, world\n")
        let server = try ExampleServer(["ftp_server", "--root", directories.root])
        let client = try FtpTestClient(port: server.port)
        let (answer, bytes) = try client.get("hello.txt")
        #expect(answer == "YES|13")
        #expect(bytes == Array("hello, world\n".utf8))
        #expect(try client.get("missing.txt").answer == "NO|0")
        #expect(try client.get("no/such/dir.txt").answer == "NO|0")  // whatever is missing, as the seed answers
        let put = try client.put("new.txt", Array("new bytes".utf8))
        #expect(put.answer == "OK" && put.after.isEmpty)
        #expect(try String(contentsOfFile: directories.root + "/new.txt", encoding: .utf8) == "new bytes")
        #expect(try FtpTestClient(port: server.port).put("no/dir.txt", [1]).answer == #"NO|no such directory: "no""#)
        #expect(server.stop() == 0)
    }

    @Test("a header and its data in one segment: the size is the digits after the second '|', the rest is data")
    func headerAndDataTogether() throws {
        let directories = try FtpDirectories()
        let server = try ExampleServer(["ftp_server", "--root", directories.root])
        let client = try FtpTestClient(port: server.port)
        try client.socket.sendAll("put|eager.txt|5hello")
        #expect(try client.answer() == "OK")
        try client.socket.shutdown(.write)
        #expect(try client.socket.receiveToEnd().isEmpty)
        #expect(try String(contentsOfFile: directories.root + "/eager.txt", encoding: .utf8) == "hello")
        #expect(server.stop() == 0)
    }

    @Test("ftp_client puts and gets through ftp_server, byte for byte, and says why a get is refused")
    func client() throws {
        let directories = try FtpDirectories()
        let server = try ExampleServer(["ftp_server", "--root", directories.root])
        let local = directories.outside + "/big.bin"
        let bytes = (0..<300_001).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
        try Data(bytes).write(to: URL(fileURLWithPath: local))
        let client = builtExecutable("socketserver-examples")
        let port = String(server.port)
        let put = try ChildProcess.run(client, ["ftp_client", "--port", port, "put", local, "big.bin"])
        #expect(put.status == 0)
        #expect(textLines(put.output) == ["put \(local): 300001 bytes stored as big.bin"])
        let copy = directories.outside + "/copy.bin"
        let get = try ChildProcess.run(client, ["ftp_client", "--port", port, "get", "big.bin", copy])
        #expect(get.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == Data(bytes))
        let missing = try ChildProcess.run(client, ["ftp_client", "--port", port, "get", "nothing", copy + "2"])
        #expect(missing.status == 1)
        #expect(textLines(missing.errors) == ["ftp_client: get nothing: no such file: nothing"])
        let escape = try ChildProcess.run(client, ["ftp_client", "--port", port, "get", "../outside/big.bin", copy + "3"])
        #expect(textLines(escape.errors) == [#"ftp_client: get ../outside/big.bin: refused name "../outside/big.bin": '..' leaves the root"#])
        #expect(!FileManager.default.fileExists(atPath: copy + "2") && !FileManager.default.fileExists(atPath: copy + "3"))
        #expect(server.stop() == 0)
    }
}
