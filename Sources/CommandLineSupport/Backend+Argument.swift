import ArgumentParser
import Reactor

/// `--backend automatic|epoll|poll|select|io_uring`, for every executable that runs a loop.
extension Backend: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.description) }

    /// The option's help: the backends by name.
    public static var argumentHelp: ArgumentHelp {
        ArgumentHelp("Event loop backend: \(allCases.map(\.description).joined(separator: ", ")).", valueName: "name")
    }
}
