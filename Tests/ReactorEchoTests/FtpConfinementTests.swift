import Foundation
import Reactor
import Synchronization
import Testing

/// `ftp_server` never serves or writes anything outside its root, even while a local user swaps a
/// directory of the root for a symbolic link to a directory outside, over and over.
@Suite("put/get confinement", .timeLimit(.minutes(1)))
struct FtpConfinementTests {
    @Test("swapping root/d between a directory and a link to outside: no get reads outside, no put lands outside")
    func symlinkRace() throws {
        let directories = try FtpDirectories()
        let inside = directories.root + "/d"
        try FileManager.default.createDirectory(atPath: inside, withIntermediateDirectories: false)
        try directories.write(inside + "/secret", "inside")
        try directories.write(directories.outside + "/secret", "OUTSIDE")
        let server = try ExampleServer(["ftp_server", "--root", directories.root])

        let stop = Atomic(false)
        let swaps = Atomic(0)
        let swapper = Thread {
            // root/d is the directory, then (hidden away as root/.d) a link to outside, and back.
            let hidden = directories.root + "/.d"
            while !stop.load(ordering: .relaxed) {
                rename(inside, hidden)
                symlink(directories.outside, inside)
                unlink(inside)
                rename(hidden, inside)
                swaps.add(1, ordering: .relaxed)
            }
        }
        swapper.start()
        defer { stop.store(true, ordering: .relaxed) }

        let port = server.port
        let results = Mutex((inside: 0, outside: 0, refused: 0, planted: 0))
        let deadline = ContinuousClock.now + .seconds(2)
        let clients = (0..<4).map { worker in
            Thread {
                var count = 0
                while ContinuousClock.now < deadline {
                    if worker == 0 {
                        count += 1
                        let put = try? FtpTestClient(port: port).put("d/planted\(count)", Array("x".utf8))
                        results.withLock { $0.planted += put?.answer == "OK" && put?.after.isEmpty == true ? 1 : 0 }
                        continue
                    }
                    guard let client = try? FtpTestClient(port: port) else { continue }
                    for _ in 0..<200 {
                        guard let (_, bytes) = try? client.get("d/secret") else { break }
                        let text = String(decoding: bytes, as: UTF8.self)
                        results.withLock {
                            if text == "inside" { $0.inside += 1 } else if text.isEmpty { $0.refused += 1 } else { $0.outside += 1 }
                        }
                    }
                }
            }
        }
        clients.forEach { $0.start() }
        while ContinuousClock.now < deadline + .milliseconds(500) { usleep(50_000) }
        stop.store(true, ordering: .relaxed)
        let seen = results.withLock { $0 }
        #expect(seen.outside == 0, "got the outside file \(seen.outside) times")
        #expect(try directories.names(directories.outside) == ["secret"], "a put landed outside the root")
        #expect(seen.inside > 0 && seen.refused > 0, "the race was not exercised: \(seen), \(swaps.load(ordering: .relaxed)) swaps")
        #expect(server.stop() == 0)
    }

    @Test("a FIFO (or any file that is not regular) is refused at once, and the server goes on")
    func fifo() throws {
        let directories = try FtpDirectories()
        try #require(mkfifo(directories.root + "/fifo", 0o644) == 0)
        try directories.write(directories.root + "/plain.txt", "plain")
        let server = try ExampleServer(["ftp_server", "--root", directories.root])
        let client = try FtpTestClient(port: server.port)
        let started = ContinuousClock.now
        #expect(try client.get("fifo").answer == #"NO|refused name "fifo": not a regular file"#)
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(try client.get("plain.txt").bytes == Array("plain".utf8))
        #expect(try FtpTestClient(port: server.port).put("fifo", Array("x".utf8)).answer == #"NO|refused name "fifo": not a regular file"#)
        client.socket.close()
        #expect(server.stop() == 0)  // no thread is stuck in open(2)
    }
}
