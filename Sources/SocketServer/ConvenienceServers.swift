import Reactor

// The combinations Python users know by name: each is its base class with the model set.
// Subclasses rather than typealiases, so that the name shows in traces and `is` checks work.

/// A server class whose processing model is part of its name (``ThreadingTCPServer``...): its
/// initializers take no model.
///
/// Python: the mix-in combinations `ThreadingTCPServer`, `ForkingUDPServer`, ...
public protocol PresetModelServer: BaseServer {
    /// Creates the server on `address`.
    ///
    /// Python: `ThreadingTCPServer(server_address, RequestHandlerClass, bind_and_activate)`.
    init(address: SocketAddress, handler: BaseRequestHandler.Type, bindAndActivate: Bool) throws(SocketServerError)
}

extension PresetModelServer {
    /// Creates the server on a host and a port: numeric IPv4 or IPv6, or a host name (its first
    /// IPv4 address, or its first IPv6 address when it has none).
    ///
    /// Python: `ThreadingTCPServer((host, port), RequestHandlerClass)`.
    /// - Throws: ``SocketServerError/address(_:)`` for a malformed numeric host,
    ///   ``SocketServerError/resolver(_:)`` for a name that does not resolve, and as the designated initializer.
    public init(host: String, port: UInt16, handler: BaseRequestHandler.Type, bindAndActivate: Bool = true) throws(SocketServerError) {
        try self.init(address: try hostAddress(host, port), handler: handler, bindAndActivate: bindAndActivate)
    }
}

/// A ``TCPServer`` with the ``ProcessingModel/threading`` model.
///
/// Python: `socketserver.ThreadingTCPServer`.
open class ThreadingTCPServer: TCPServer, PresetModelServer, @unchecked Sendable {
    /// Creates a threading TCP server.
    ///
    /// Python: `ThreadingTCPServer(server_address, RequestHandlerClass, bind_and_activate=True)`.
    /// - Throws: As ``TCPServer/init(address:handler:model:bindAndActivate:)``.
    public required init(address: SocketAddress, handler: BaseRequestHandler.Type, bindAndActivate: Bool = true) throws(SocketServerError) {
        try super.init(address: address, handler: handler, model: .threading, bindAndActivate: bindAndActivate)
    }
}

/// A ``UDPServer`` with the ``ProcessingModel/threading`` model.
///
/// Python: `socketserver.ThreadingUDPServer`.
open class ThreadingUDPServer: UDPServer, PresetModelServer, @unchecked Sendable {
    /// Creates a threading UDP server.
    ///
    /// Python: `ThreadingUDPServer(server_address, RequestHandlerClass, bind_and_activate=True)`.
    /// - Throws: As ``TCPServer/init(address:handler:model:bindAndActivate:)``.
    public required init(address: SocketAddress, handler: BaseRequestHandler.Type, bindAndActivate: Bool = true) throws(SocketServerError) {
        try super.init(address: address, handler: handler, model: .threading, bindAndActivate: bindAndActivate)
    }
}

/// A ``TCPServer`` with the ``ProcessingModel/forking`` model.
///
/// Python: `socketserver.ForkingTCPServer`.
open class ForkingTCPServer: TCPServer, PresetModelServer, @unchecked Sendable {
    /// Creates a forking TCP server.
    ///
    /// Python: `ForkingTCPServer(server_address, RequestHandlerClass, bind_and_activate=True)`.
    /// - Throws: As ``TCPServer/init(address:handler:model:bindAndActivate:)``.
    public required init(address: SocketAddress, handler: BaseRequestHandler.Type, bindAndActivate: Bool = true) throws(SocketServerError) {
        try super.init(address: address, handler: handler, model: .forking, bindAndActivate: bindAndActivate)
    }
}

/// A ``UDPServer`` with the ``ProcessingModel/forking`` model.
///
/// Python: `socketserver.ForkingUDPServer`.
open class ForkingUDPServer: UDPServer, PresetModelServer, @unchecked Sendable {
    /// Creates a forking UDP server.
    ///
    /// Python: `ForkingUDPServer(server_address, RequestHandlerClass, bind_and_activate=True)`.
    /// - Throws: As ``TCPServer/init(address:handler:model:bindAndActivate:)``.
    public required init(address: SocketAddress, handler: BaseRequestHandler.Type, bindAndActivate: Bool = true) throws(SocketServerError) {
        try super.init(address: address, handler: handler, model: .forking, bindAndActivate: bindAndActivate)
    }
}
