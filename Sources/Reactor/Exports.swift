// `Selector.register` takes any `FileDescriptorRepresentable`, usually a `Socket`: importing
// Reactor brings the socket layer with it, as NIOPosix re-exports NIOCore.
@_exported import Sockets
