// Servers take `SocketAddress`es, hand out `Socket`s and run on an `EventLoop`: importing
// SocketServer brings Reactor and Sockets with it, as `import Reactor` brings Sockets.
@_exported import Reactor
