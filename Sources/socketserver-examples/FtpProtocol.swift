import Glibc
import SocketServer

// 001_8853d60fce1635e0.txt's put/get service, rebuilt: length-prefixed binary frames instead of
// `cmd|name|size` text read with recv(1024), so any name and any file size travel intact.
//
// Request:   op (1 byte: 'P' put, 'G' get) · name length (2, big-endian) · name (UTF-8)
//            · for put: size (8, big-endian)
// Response:  status (1 byte: 0 ok, 1 error) · on error: message length (2) · message (UTF-8)
//   get ok:  size (8) · the file's bytes
//   put ok:  the client sends `size` bytes, then reads a second response: 0 · size stored (8)

enum FtpOperation: UInt8 {
    case put = 0x50  // "P"
    case get = 0x47  // "G"
}

enum FtpStatus {
    static let ok: UInt8 = 0
    static let error: UInt8 = 1
}

/// Big-endian integers and status frames.
enum Frame {
    static func uint16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xff), UInt8(value & 0xff)] }

    static func uint64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) } }

    static func decode(_ bytes: [UInt8]) -> UInt64 { bytes.reduce(0) { $0 << 8 | UInt64($1) } }

    static func request(_ operation: FtpOperation, name: String, size: UInt64? = nil) -> [UInt8] {
        let name = Array(name.utf8)
        return [operation.rawValue] + uint16(name.count) + name + (size.map(uint64) ?? [])
    }

    static func error(_ message: String) -> [UInt8] {
        let text = Array(message.utf8.prefix(65535))
        return [FtpStatus.error] + uint16(text.count) + text
    }

    /// Reads a status; throws the server's message for an error status.
    static func readStatus(_ reader: RequestReader) throws -> Void {
        let status = try reader.read(1)
        guard let first = status.first else { throw FtpError("the server closed the connection") }
        guard first == FtpStatus.ok else {
            let length = try reader.read(2)
            guard length.count == 2 else { throw FtpError("the server closed the connection") }
            throw FtpError(String(decoding: try reader.read(Int(decode(length))), as: UTF8.self))
        }
    }

    /// Reads a big-endian UInt64, or throws if the connection ends first.
    static func readSize(_ reader: RequestReader) throws -> UInt64 {
        let bytes = try reader.read(8)
        guard bytes.count == 8 else { throw FtpError("the server closed the connection") }
        return decode(bytes)
    }
}

/// A failure to report in one line.
struct FtpError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
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
            if errno != EINTR { throw FtpError("read: \(String(cString: strerror(errno)))") }
        }
    }

    static func write(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw FtpError("write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}
