import Glibc

// 001_8853d60fce1635e0.txt's put/get protocol (the seed's `selectFtpServer`, port 8885), as the seed
// speaks it:
//
//   put:  client `put|NAME|SIZE`   server `OK`            client SIZE bytes
//   get:  client `get|NAME|0`      server `YES|SIZE`, or `NO|0` when there is no such file
//         client `second_active`   server SIZE bytes
//
// Each message is what one read returns (the seed's `recv(1024)`): nothing marks where a header
// ends. These programs add, in ways a seed client or server never sees: `NO|REASON` for a refused
// name or a failed upload (the seed has no refusal), and the end of an upload confirmed by the
// server closing the connection after the client half-closes it (the seed's server never answers an
// upload; its client cannot know it was stored).

/// A request's header: `put|NAME|SIZE` or `get|NAME|0`, and what came after it in the same read.
struct FtpHeader {
    let command: String
    let name: String
    let size: UInt64
    /// The bytes after the size's digits: the start of an upload's data, `second_active`, or the
    /// next request, sent without waiting for the answer.
    let rest: [UInt8]

    /// The longest header read: a name of up to `PATH_MAX` bytes, and room for the rest.
    static let maximumLength = Int(PATH_MAX) + 64

    /// Parses `command|name|digits`: the name runs to the second `|`, the size is the run of digits
    /// after it. Nil when the bytes hold no second `|` yet; throws for anything else that is not a header.
    static func parse(_ bytes: [UInt8]) throws -> FtpHeader? {
        let bar = UInt8(ascii: "|")
        guard let first = bytes.firstIndex(of: bar) else { return nil }
        guard let second = bytes[(first + 1)...].firstIndex(of: bar) else { return nil }
        let digits = bytes[(second + 1)...].prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard !digits.isEmpty, digits.count <= 19, let size = UInt64(String(decoding: digits, as: UTF8.self)) else {
            throw FtpError("bad request: expected put|NAME|SIZE or get|NAME|0")
        }
        guard let command = String(validating: bytes[..<first], as: UTF8.self),
            let name = String(validating: bytes[(first + 1)..<second], as: UTF8.self)
        else { throw FtpError("bad request: the command and the name must be UTF-8") }
        return FtpHeader(command: command, name: name, size: size, rest: Array(bytes[digits.endIndex...]))
    }
}

/// The server's answers.
enum FtpReply {
    static let ok = Array("OK".utf8)
    static let missing = Array("NO|0".utf8)
    static func found(size: Int) -> [UInt8] { Array("YES|\(size)".utf8) }
    static func refused(_ reason: String) -> [UInt8] { Array("NO|\(reason)".utf8) }
    /// What a client sends to start a download once told the size.
    static let secondActive = Array("second_active".utf8)
}

/// A failure to report in one line.
struct FtpError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A name that does not exist, or whose directory does not: a `get` of it is answered `NO|0`, as
/// the seed answers it.
struct FtpNoSuchFile: Error, CustomStringConvertible {
    /// The directory part that does not exist, if that is what is missing.
    var directory: String?

    var description: String { directory.map { "no such directory: \(escaped($0))" } ?? "no such file" }
}

/// The C library's words for `code`: `No space left on device`.
func systemMessage(_ code: Int32) -> String {
    String(cString: strerror(code))
}

/// `name` quoted for a log line or a message, its control and format characters (newlines, escape
/// sequences, bidirectional overrides) and backslashes written as escapes: `"a\nb"`, `"\u{1B}[31m"`.
func escaped(_ name: String) -> String {
    var text = "\""
    for scalar in name.unicodeScalars {
        switch scalar {
        case "\n": text += "\\n"
        case "\r": text += "\\r"
        case "\t": text += "\\t"
        case "\\", "\"": text += "\\" + String(scalar)
        default:
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                text += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: text.unicodeScalars.append(scalar)
            }
        }
    }
    return text + "\""
}

/// Whole reads and writes on a file descriptor.
enum FileIO {
    /// Reads up to `count` bytes; empty at end-of-file.
    static func read(_ fd: Int32, _ count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, count) }
            if got >= 0 {
                buffer.removeSubrange(got...)  // in place: no second array
                return buffer
            }
            if errno != EINTR { throw FtpError("read: \(systemMessage(errno))") }
        }
    }

    /// Writes all of `bytes`; throws the system's words for a failure (`No space left on device`).
    static func write(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw FtpError(systemMessage(errno))
            }
            offset += written
        }
    }
}
