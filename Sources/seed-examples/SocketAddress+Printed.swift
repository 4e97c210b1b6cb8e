import Sockets

/// `print(address)`: the tuple `('127.0.0.1', 59850)` for IP, the bare path for Unix (`''` prints nothing).
func pythonPrinted(_ address: SocketAddress) -> String {
    if case let .unix(path) = address.kind { return path }
    return address.pythonDescription
}
