import Testing

/// How `reactor-echo` serves its connections: the tests that matter run against both.
enum EchoMode: CaseIterable, CustomTestStringConvertible, Sendable {
    /// Selector callbacks (the default).
    case callbacks
    /// A task per connection on the loop's executor (`--async`).
    case tasks

    /// The flags that select the mode.
    var arguments: [String] { self == .tasks ? ["--async"] : [] }

    var testDescription: String { self == .tasks ? "--async" : "callbacks" }
}
