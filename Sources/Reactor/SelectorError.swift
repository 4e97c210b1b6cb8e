/// Why a ``Selector`` refused a request. A refused request leaves the selector unchanged.
public enum SelectorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The descriptor is already registered. Python: `KeyError`.
    case alreadyRegistered(fd: Int32)
    /// The descriptor is not registered. Python: `KeyError`.
    case notRegistered(fd: Int32)
    /// The events are empty or hold bits other than read and write. Python: `ValueError`.
    case invalidEvents(Events)
    /// The descriptor is negative. Python: `ValueError("Invalid file descriptor")`.
    case invalidFileDescriptor(Int32)
    /// The descriptor is not open (closed, or never opened). Python: `OSError(EBADF)`.
    case badFileDescriptor(Int32)
    /// The selector has been closed. Python: `RuntimeError`.
    case closed

    public var description: String {
        switch self {
        case .alreadyRegistered(let fd): "fd \(fd) is already registered"
        case .notRegistered(let fd): "fd \(fd) is not registered"
        case .invalidEvents(let events): "invalid events \(events): expected .read, .write or both"
        case .invalidFileDescriptor(let fd): "invalid file descriptor \(fd): it is negative"
        case .badFileDescriptor(let fd): "bad file descriptor \(fd): it is not open"
        case .closed: "the selector is closed"
        }
    }
}
