import ConsoleOutput

extension Console {
    /// Writes `text` (no newline) to standard output: a prompt.
    static func prompt(_ text: String) { write(text, to: 1) }

    /// `name: message`, as Python's `logging.basicConfig(format='%(name)s: %(message)s')`.
    static func log(_ name: String, _ message: String) { line("\(name): \(message)") }
}

/// `"Hello, world"`: bytes shown as Swift shows a string.
func quoted(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self).debugDescription
}
