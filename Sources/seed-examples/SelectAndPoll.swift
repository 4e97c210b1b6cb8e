import Reactor

/// Python's `select.select(inputs, outputs, inputs, timeout)` played by the package's `Selector`:
/// registrations follow the two lists before each wait, and the ready sockets come back in the
/// lists' order, as CPython builds its result lists.
///
/// The third list, "exceptional conditions", is never reported: `Selector` watches readability and
/// writability only (the seeds' servers would see a reset as a readable socket whose `recv` fails).
final class SelectEmulation {
    let selector: Selector

    init(backend: Backend) throws {
        selector = try Selector(backend: backend)
    }

    deinit { selector.close() }

    /// Python: `readable, writable, exceptional = select.select(inputs, outputs, inputs, timeout)`.
    func select(_ inputs: [Socket], _ outputs: [Socket], timeout: Duration?) throws -> (readable: [Socket], writable: [Socket]) {
        var wanted: [Int32: (socket: Socket, events: Events)] = [:]
        for socket in inputs { wanted[socket.fileDescriptor, default: (socket, [])].events.insert(.read) }
        for socket in outputs { wanted[socket.fileDescriptor, default: (socket, [])].events.insert(.write) }
        for key in selector.keys where wanted[key.fileDescriptor] == nil {
            try selector.unregister(key.fileObject)
        }
        for (socket, events) in wanted.values {
            if let key = selector.key(for: socket) {
                if key.events != events { try selector.modify(socket, events: events) }
            } else {
                try selector.register(socket, events: events)
            }
        }
        let ready = readyEvents(try selector.select(timeout: timeout))
        return (
            inputs.filter { ready[$0.fileDescriptor]?.contains(.read) ?? false },
            outputs.filter { ready[$0.fileDescriptor]?.contains(.write) ?? false }
        )
    }
}

/// Python's `select.poll()` played by the package's `Selector`: `register`, `modify`, `unregister`
/// and `poll(timeout)`, whose events come back in registration order, as CPython's do.
///
/// `POLLIN`/`POLLPRI` map to `.read` and `POLLOUT` to `.write`; a hang-up or error shows as
/// readability, whose `recv` then returns end-of-file or fails (`Selector` reports no `POLLHUP`
/// or `POLLERR` of its own).
final class PollEmulation {
    let selector: Selector
    private var order: [Socket] = []

    init(backend: Backend) throws {
        selector = try Selector(backend: backend)
    }

    deinit { selector.close() }

    /// Python: `poller.register(socket, flags)`.
    func register(_ socket: Socket, _ events: Events) throws {
        try selector.register(socket, events: events)
        order.append(socket)
    }

    /// Python: `poller.modify(socket, flags)`.
    func modify(_ socket: Socket, _ events: Events) throws {
        try selector.modify(socket, events: events)
    }

    /// Python: `poller.unregister(socket)`.
    func unregister(_ socket: Socket) throws {
        try selector.unregister(socket)
        order.removeAll { $0 === socket }
    }

    /// Python: `poller.poll(timeout)`: `(socket, flags)` for each ready socket.
    func poll(timeout: Duration?) throws -> [(socket: Socket, events: Events)] {
        let ready = readyEvents(try selector.select(timeout: timeout))
        return order.compactMap { socket in ready[socket.fileDescriptor].map { (socket, $0) } }
    }
}

/// The ready events of a `select` by descriptor.
private func readyEvents(_ ready: [(key: SelectorKey, events: Events)]) -> [Int32: Events] {
    var byDescriptor: [Int32: Events] = [:]
    for (key, events) in ready { byDescriptor[key.fileDescriptor, default: []].formUnion(events) }
    return byDescriptor
}
