import ConsoleOutput

/// Python's `print` for one stream: the parts joined by spaces and a newline, written at once with
/// `write(2)`, so nothing waits in a buffer when the output is a pipe, lines from a forked child and
/// its parent never mix, and a process that ends with `_exit` (fork, `--lifetime`) loses nothing.
struct Output {
    let descriptor: Int32

    /// Standard output: where most seed programs print.
    static let standardOutput = Output(descriptor: 1)
    /// Standard error: where the `select_*` seed programs print (`file=sys.stderr`), and where
    /// these examples print notes that the seed's programs do not.
    static let standardError = Output(descriptor: 2)

    /// Python: `print(*parts)`.
    func callAsFunction(_ parts: String...) {
        Console.write(parts.joined(separator: " ") + "\n", to: descriptor)
    }
}

/// Python: `print(...)`.
let out = Output.standardOutput
/// Python: `print(..., file=sys.stderr)`.
let err = Output.standardError
