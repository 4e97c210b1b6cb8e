import ArgumentParser
import CommandLineSupport
import Sockets

// socket_binary_client.py, socket_binary_server.py.

/// The seed's record, `struct.Struct('I 2s f')`: an unsigned 32-bit integer, two bytes, a 32-bit float.
///
/// Python's `'I 2s f'` is native: host byte order, and two pad bytes after the two-byte string so
/// that the float is aligned, 12 bytes in all. Packed here with explicit byte order instead
/// (little-endian, Python's `'<I2s2xf'`), which gives the seed's bytes on every host.
struct BinaryRecord: Equatable {
    var integer: UInt32
    var text: [UInt8]
    var value: Float

    /// The packed size (Python: `unpacker.size`).
    static let size = 12

    /// Python: `packer.pack(*values)`.
    var packed: [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: integer.littleEndian) { bytes += $0 }
        bytes += (text + [0, 0]).prefix(2)
        bytes += [0, 0]
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
        return bytes
    }

    /// Python: `unpacker.unpack(data)`; nil unless `bytes` holds exactly ``size`` bytes.
    init?(unpacking bytes: [UInt8]) {
        guard bytes.count == Self.size else { return nil }
        func word(_ offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) }
        }
        self.init(integer: word(0), text: Array(bytes[4..<6]), value: Float(bitPattern: word(8)))
    }

    init(integer: UInt32, text: [UInt8], value: Float) {
        self.integer = integer
        self.text = text
        self.value = value
    }

    /// Python's tuple repr: `(1, b'ab', 2.700000047683716)` (the float widened to a double, as Python's).
    var pythonDescription: String {
        "(\(integer), \(pythonBytes(text)), \(Double(value)))"
    }
}

struct BinaryClient: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_binary_client", abstract: "Sends an integer, two bytes and a float, packed.")

    @OptionGroup var client: ClientOptions

    func run() throws {
        let socket = try Socket(family: .ipv4, type: .stream)
        try socket.connect(to: ipv4Address(client.host, client.port))
        let values: (UInt32, [UInt8], Double) = (1, Array("ab".utf8), 2.7)
        let record = BinaryRecord(integer: values.0, text: values.1, value: Float(values.2))
        out("values = (\(values.0), \(pythonBytes(values.1)), \(values.2))")
        defer { out("closing socket"); socket.close() }
        out("sending \(pythonHexlify(record.packed))")
        try socket.sendAll(record.packed)
    }
}

struct BinaryServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket_binary_server", abstract: "Receives and unpacks what socket_binary_client sends.")

    @OptionGroup var server: ServerOptions

    func run() throws {
        server.bounds.start()
        let listener = try Socket(family: .ipv4, type: .stream)
        try listener.bind(to: ipv4Address("localhost", server.port))
        try announcePort(listener, asked: server.port)
        try listener.listen(backlog: 1)
        var served = 0
        while true {
            out("\nwaiting for a connection")
            if server.bounds.isDone(served: served) { return }
            guard let (connection, _) = try listener.accept() else { continue }
            defer { connection.close() }
            // The seed makes one recv(unpacker.size); this reads until it has the 12 bytes or EOF.
            var data: [UInt8] = []
            while data.count < BinaryRecord.size {
                let chunk = try connection.receive(maxCount: BinaryRecord.size - data.count) ?? []
                if chunk.isEmpty { break }
                data += chunk
            }
            out("received \(pythonHexlify(data))")
            guard let record = BinaryRecord(unpacking: data) else {
                throw ValidationError("unpack requires a buffer of \(BinaryRecord.size) bytes, got \(data.count)")
            }
            out("unpacked:", record.pythonDescription)
            served += 1
        }
    }
}
