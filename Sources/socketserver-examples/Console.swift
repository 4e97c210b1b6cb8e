import ConsoleOutput

extension Console {
    /// Writes `text` (no newline) to standard output: a prompt.
    static func prompt(_ text: String) { write(text, to: 1) }

    /// `name: message` on standard error, as Python's
    /// `logging.basicConfig(format='%(name)s: %(message)s')` prints it.
    static func log(_ name: String, _ message: String) { error("\(name): \(message)") }
}
