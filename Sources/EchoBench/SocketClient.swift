import Reactor

/// What the clients with one long-lived socket (stream and datagram) share: the socket, the
/// worker, and how a client ends, once, whether it drained or failed.
class SocketClient {
    let socket: Socket
    unowned(unsafe) let worker: Worker
    private(set) var finished = false

    init(socket: Socket, worker: Worker) {
        self.socket = socket
        self.worker = worker
    }

    /// Counts `text` as an error and ends the client.
    @inline(never)
    final func fail(_ text: String) {
        guard !finished else { return }
        worker.error(text)
        finish()
    }

    /// Closes the socket and tells the worker this client is done.
    final func finish() {
        guard !finished else { return }
        finished = true
        socket.close()
        worker.clientFinished()
    }

    final func close() { socket.close() }
}
