import ConsoleOutput
import Glibc
import IPAddress
import Reactor

/// The line Python's traceback ends with for the same failure, as a seed program that does not catch
/// it prints it: `socket.gaierror: [Errno -2] Name or service not known`,
/// `ConnectionRefusedError: [Errno 111] Connection refused`,
/// `ValueError: '10.9.0.256' does not appear to be an IPv4 or IPv6 address`.
///
/// Python: the last line of an uncaught exception's traceback, `f"{type(e).__name__}: {e}"`.
public func pythonException(_ error: any Error) -> String {
    switch error {
    case let error as SocketError: error.pythonException
    case let error as ResolverError: error.pythonException
    case let error as ConnectionError: error.pythonException
    case let error as IPAddressError: pythonException(error)
    default: "Exception: \(error)"
    }
}

/// Ends the process as Python ends on an uncaught exception: ``pythonException(_:)`` on standard
/// error (the traceback's last line) and status 1.
public func exitAsPython(_ error: any Error) -> Never {
    Console.error(pythonException(error))
    exit(1)
}

/// `ipaddress.ip_address`, `ip_network` and `ip_interface` raise `ValueError` with these words.
private func pythonException(_ error: IPAddressError) -> String {
    switch error {
    case let .notAnIPAddress(input, _, _): "ValueError: \(pythonString(input)) does not appear to be an IPv4 or IPv6 address"
    case let .notAnIPNetwork(input, _, _): "ValueError: \(pythonString(input)) does not appear to be an IPv4 or IPv6 network"
    case let .notAnIPInterface(input, _, _): "ValueError: \(pythonString(input)) does not appear to be an IPv4 or IPv6 interface"
    case let .hostBitsSet(input): "ValueError: \(input) has host bits set"
    default: "ValueError: \(error)"
    }
}
