import Foundation
import Reactor
import Testing

/// The put/get service's smaller holes, each closed: leftovers, long names, a full disk, a put over a
/// directory, raw names in log lines, and a download redirected by a planted link.
@Suite("put/get hardening", .timeLimit(.minutes(1)))
struct FtpHardeningTests {
    @Test("at start, ftp_server removes the hidden files of uploads whose server is gone, and only those")
    func staleUploads() throws {
        let directories = try FtpDirectories()
        try FileManager.default.createDirectory(atPath: directories.root + "/sub", withIntermediateDirectories: false)
        let gone = try exitedProcessID()
        let stale = ["/.upload-\(gone)-1", "/sub/.report.txt.upload-\(gone)-7"]
        let live = "/.upload-\(getpid())-2"  // this process runs: another server's upload in progress
        for name in stale + [live, "/.profile"] { try directories.write(directories.root + name, "partial") }
        let server = try ExampleServer(["ftp_server", "--root", directories.root])
        #expect(server.stop() == 0)
        #expect(try directories.names(directories.root) == [".profile", live.dropFirst().description, "sub"])
        #expect(try directories.names(directories.root + "/sub").isEmpty)
        #expect(server.printed.filter { $0.hasPrefix("removed") }.sorted() == [
            #"removed the unfinished upload ".upload-\#(gone)-1""#, #"removed the unfinished upload "sub/.report.txt.upload-\#(gone)-7""#,
        ])
    }

    @Test("a name of NAME_MAX (255) bytes can be uploaded: the hidden file's name does not grow with it")
    func longName() throws {
        let directories = try FtpDirectories()
        let server = try ExampleServer(["ftp_server", "--root", directories.root])
        let name = String(repeating: "n", count: 251) + ".txt"
        let put = try FtpTestClient(port: server.port).put(name, Array("long".utf8))
        #expect(put.answer == "OK" && put.after.isEmpty, "\(put)")
        #expect(try directories.names(directories.root) == [name])
        let tooLong = try FtpTestClient(port: server.port).put(name + "x", Array("long".utf8))
        #expect(tooLong.answer == #"NO|refused name ""# + name + #"x": a component is longer than 255 bytes"#)
        #expect(server.stop() == 0)
    }

    @Test("a write the file system refuses (here a file-size limit, as a full disk) is the client's error, not a closed connection")
    func writeFails() throws {
        let directories = try FtpDirectories()
        let server = try ExampleServer(["ftp_server", "--root", directories.root], limitedTo: 100_000)
        let put = try FtpTestClient(port: server.port).put("big.bin", [UInt8](repeating: 7, count: 1_000_000))
        #expect(put.answer == "OK")
        #expect(put.after == #"NO|"big.bin": File too large"#)
        #expect(try directories.names(directories.root).isEmpty)  // nothing stored, no hidden file left
        let small = try FtpTestClient(port: server.port).put("small.bin", [UInt8](repeating: 7, count: 1000))
        #expect(small.answer == "OK" && small.after.isEmpty)  // the server goes on
        #expect(server.stop() == 0)
    }

    @Test("a put over a directory is refused before any byte is sent")
    func putOverDirectory() throws {
        let directories = try FtpDirectories()
        try FileManager.default.createDirectory(atPath: directories.root + "/dir", withIntermediateDirectories: false)
        let server = try ExampleServer(["ftp_server", "--root", directories.root])
        let client = try FtpTestClient(port: server.port)
        try client.socket.sendAll("put|dir|1000000")
        #expect(try client.answer() == #"NO|refused name "dir": it is a directory"#)
        client.socket.close()
        #expect(server.stop() == 0)
    }

    @Test("names with newlines and escape sequences reach the log escaped: one line per event, no raw control byte")
    func escapedLogLines() throws {
        let directories = try FtpDirectories()
        let server = try ExampleServer(["ftp_server", "--root", directories.root])
        let name = "a\nb\u{1B}[31m\u{202E}.txt"
        #expect(try FtpTestClient(port: server.port).put(name, Array("x".utf8)).after.isEmpty)
        #expect(try FtpTestClient(port: server.port).get("nope\n\u{1B}[2J").answer == "NO|0")
        #expect(server.stop() == 0)
        let log = server.printed
        #expect(log.contains(#""a\nb\u{1B}[31m\u{202E}.txt"上传完毕!"#), "\(log)")
        #expect(log.contains(#"no such file: "nope\n\u{1B}[2J""#), "\(log)")
        #expect(!log.joined().unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
    }

    @Test("ftp_client get never writes through a link planted where its temporary file goes")
    func plantedLink() throws {
        let directories = try FtpDirectories()
        let victim = directories.outside + "/victim"
        try directories.write(victim, "precious")
        let listener = try Socket(family: .ipv4, type: .stream)
        try listener.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        try listener.listen()
        let destination = directories.root + "/copy"
        let client = try ChildProcess(builtExecutable("socketserver-examples"), [
            "ftp_client", "--port", String(try #require(try listener.localAddress.port)), "get", "file", destination,
        ])
        let (connection, _) = try #require(try listener.accept())
        connection.timeout = .seconds(10)
        #expect(String(decoding: try connection.receive(maxCount: 1024) ?? [], as: UTF8.self) == "get|file|0")
        // The client's temporary name is DEST.part-PID: a link planted there points at the victim.
        try #require(symlink(victim, "\(destination).part-\(client.pid)") == 0)
        try connection.sendAll("YES|5")
        #expect(client.waitForExit() == 1)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
        #expect(textLines(ChildProcess.readToEnd(client.errors)).first?.hasSuffix("File exists") == true)
    }
}

/// The id of a process that has exited and been reaped (free unless the system reuses it).
func exitedProcessID() throws -> pid_t {
    let child = try ChildProcess("/bin/true", [])
    _ = child.waitForExit()
    return child.pid
}
