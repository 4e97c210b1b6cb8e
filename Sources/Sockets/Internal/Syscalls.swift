import Glibc

// The only place the Sockets module calls the C library's socket functions.
//
// Naming follows swift-system: `system_foo` wraps `foo`. Every wrapper returns the C result and the
// errno read immediately after the failing call (STYLE.md 4: "read errno at once"), so the caller can
// build its error before any other call touches errno. EINTR is retried here, except for `close`
// (EINTR there means the fd is gone: lwn.net/Articles/576478) and `connect` (POSIX: an interrupted
// connect goes on asynchronously; retrying it yields EALREADY, so the caller waits for writability).

/// A C call's result and, when it failed, the errno it set (0 on success).
internal struct SyscallResult<Value: FixedWidthInteger> {
    let value: Value
    let errno: Int32

    @inline(__always)
    var failed: Bool { value < 0 }
}

/// Calls `body` until it does not fail with EINTR; captures errno on failure.
@inline(__always)
internal func retryingInterrupts<Value: FixedWidthInteger>(_ body: () -> Value) -> SyscallResult<Value> {
    while true {
        let value = body()
        if _fastPath(value >= 0) { return SyscallResult(value: value, errno: 0) }
        let code = Glibc.errno
        if code != EINTR { return SyscallResult(value: value, errno: code) }
    }
}

/// Calls `body` once; captures errno on failure (for calls that must not be retried).
@inline(__always)
internal func once<Value: FixedWidthInteger>(_ body: () -> Value) -> SyscallResult<Value> {
    let value = body()
    return SyscallResult(value: value, errno: value < 0 ? Glibc.errno : 0)
}

/// Wraps `socket(2)`.
internal func system_socket(_ family: Int32, _ type: Int32, _ proto: Int32) -> SyscallResult<Int32> {
    retryingInterrupts { socket(family, type, proto) }
}

/// Wraps `socketpair(2)`.
internal func system_socketpair(_ family: Int32, _ type: Int32, _ proto: Int32) -> (SyscallResult<Int32>, Int32, Int32) {
    var fds: (Int32, Int32) = (-1, -1)
    let result = withUnsafeMutableBytes(of: &fds) { raw in
        retryingInterrupts { socketpair(family, type, proto, raw.baseAddress!.assumingMemoryBound(to: Int32.self)) }
    }
    return (result, fds.0, fds.1)
}

/// Wraps `close(2)`. Not retried on EINTR: on Linux the descriptor is released even then.
internal func system_close(_ fd: Int32) -> SyscallResult<Int32> {
    once { close(fd) }
}

/// Wraps `bind(2)`.
internal func system_bind(_ fd: Int32, _ address: SocketAddress) -> SyscallResult<Int32> {
    address.withSockAddr { pointer, length in retryingInterrupts { bind(fd, pointer, length) } }
}

/// Wraps `listen(2)`.
internal func system_listen(_ fd: Int32, _ backlog: Int32) -> SyscallResult<Int32> {
    retryingInterrupts { listen(fd, backlog) }
}

/// Wraps `connect(2)`; EINTR is returned, not retried (see the top of this file).
internal func system_connect(_ fd: Int32, _ address: SocketAddress) -> SyscallResult<Int32> {
    address.withSockAddr { pointer, length in once { connect(fd, pointer, length) } }
}

/// `accept4` as a C function pointer.
///
/// Glibc declares `accept4` only under `_GNU_SOURCE`, which Swift's Glibc module does not define, so it
/// is looked up once by name (glibc has exported it since 2.10). The alternative, `accept` followed by
/// two `fcntl` calls, costs two syscalls per connection and leaves a window where a concurrent `fork`
/// inherits the descriptor.
private let accept4Function: @convention(c) (
    Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32
) -> Int32 = {
    // A nil handle is RTLD_DEFAULT: search the global symbols.
    guard let symbol = dlsym(nil, "accept4") else { fatalError("glibc without accept4") }
    return unsafeBitCast(symbol, to: (@convention(c) (
        Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32
    ) -> Int32).self)
}()

/// Wraps `accept4(2)`; the peer's address is written into `address`.
internal func system_accept4(_ fd: Int32, _ address: inout SocketAddress, _ flags: Int32) -> SyscallResult<Int32> {
    let accept4 = accept4Function
    return address.withMutableSockAddr { pointer, length in retryingInterrupts { accept4(fd, pointer, length, flags) } }
}

/// Wraps `accept4(2)` without asking for the peer's address.
internal func system_accept4(_ fd: Int32, flags: Int32) -> SyscallResult<Int32> {
    let accept4 = accept4Function
    return retryingInterrupts { accept4(fd, nil, nil, flags) }
}

/// Wraps `shutdown(2)`.
internal func system_shutdown(_ fd: Int32, _ how: Int32) -> SyscallResult<Int32> {
    retryingInterrupts { shutdown(fd, how) }
}

// The per-message calls, once each, for the inlinable fast paths of `Socket` (Socket+Stream.swift,
// Socket+Datagram.swift): they return the C result alone. Any failure, EINTR included, goes to the
// caller's outlined slow path, which reads errno before anything else runs and retries EINTR there;
// so the fast path, inlined into another module's callback, is the system call and one comparison.

/// `recv(2)` into a caller's span, once.
@inlinable @inline(__always)
internal func system_recvOnce(_ fd: Int32, _ buffer: inout MutableSpan<UInt8>, _ flags: Int32) -> Int {
    buffer.withUnsafeMutableBufferPointer { pointer in recv(fd, pointer.baseAddress, pointer.count, flags) }
}

/// `send(2)` from a caller's span, once.
@inlinable @inline(__always)
internal func system_sendOnce(_ fd: Int32, _ buffer: Span<UInt8>, _ flags: Int32) -> Int {
    buffer.withUnsafeBufferPointer { pointer in send(fd, pointer.baseAddress, pointer.count, flags) }
}

/// `recvfrom(2)` into a caller's span and address, once.
@inlinable @inline(__always)
internal func system_recvfromOnce(
    _ fd: Int32, _ buffer: inout MutableSpan<UInt8>, _ flags: Int32, _ address: inout SocketAddress
) -> Int {
    buffer.withUnsafeMutableBufferPointer { pointer in
        address.withMutableSockAddr { sockaddr, length in recvfrom(fd, pointer.baseAddress, pointer.count, flags, sockaddr, length) }
    }
}

/// `sendto(2)` from a caller's span to `address`, once.
@inlinable @inline(__always)
internal func system_sendtoOnce(_ fd: Int32, _ buffer: Span<UInt8>, _ flags: Int32, _ address: borrowing SocketAddress) -> Int {
    address.withSockAddr { sockaddr, length in
        buffer.withUnsafeBufferPointer { pointer in sendto(fd, pointer.baseAddress, pointer.count, flags, sockaddr, length) }
    }
}

/// `recvfrom(2)` of a datagram into `buffer`, with `MSG_TRUNC` (its real length comes back), the
/// sender's address written into `address`, once.
@inlinable @inline(__always)
internal func system_recvfromOnce(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, _ address: inout SocketAddress) -> Int {
    address.withMutableSockAddr { sockaddr, length in
        recvfrom(fd, buffer.baseAddress, buffer.count, Int32(MSG_TRUNC), sockaddr, length)
    }
}

/// `sendto(2)` from `buffer` to the address in `address`'s own storage, once: nothing is copied.
@inlinable @inline(__always)
internal func system_sendtoOnce(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, _ flags: Int32, _ address: inout SocketAddress) -> Int {
    let length = address.length
    return withUnsafePointer(to: &address.storage) { storage in
        storage.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, buffer.baseAddress, buffer.count, flags, $0, length) }
    }
}

/// Wraps `recv(2)` into a caller's span.
@inline(__always)
internal func system_recv(_ fd: Int32, _ buffer: inout MutableSpan<UInt8>, _ flags: Int32) -> SyscallResult<Int> {
    buffer.withUnsafeMutableBufferPointer { pointer in
        retryingInterrupts { recv(fd, pointer.baseAddress, pointer.count, flags) }
    }
}

/// Wraps `send(2)` from a caller's span.
@inline(__always)
internal func system_send(_ fd: Int32, _ buffer: Span<UInt8>, _ flags: Int32) -> SyscallResult<Int> {
    buffer.withUnsafeBufferPointer { pointer in
        retryingInterrupts { send(fd, pointer.baseAddress, pointer.count, flags) }
    }
}

/// Wraps `recvfrom(2)`: the sender's address is written into `address`.
@inline(__always)
internal func system_recvfrom(
    _ fd: Int32, _ buffer: inout MutableSpan<UInt8>, _ flags: Int32, _ address: inout SocketAddress
) -> SyscallResult<Int> {
    buffer.withUnsafeMutableBufferPointer { pointer in
        address.withMutableSockAddr { sockaddr, length in
            retryingInterrupts { recvfrom(fd, pointer.baseAddress, pointer.count, flags, sockaddr, length) }
        }
    }
}

/// Wraps `sendto(2)`.
@inline(__always)
internal func system_sendto(
    _ fd: Int32, _ buffer: Span<UInt8>, _ flags: Int32, _ address: SocketAddress
) -> SyscallResult<Int> {
    buffer.withUnsafeBufferPointer { pointer in
        address.withSockAddr { sockaddr, length in
            retryingInterrupts { sendto(fd, pointer.baseAddress, pointer.count, flags, sockaddr, length) }
        }
    }
}

/// Wraps `getsockname(2)`.
internal func system_getsockname(_ fd: Int32, _ address: inout SocketAddress) -> SyscallResult<Int32> {
    address.withMutableSockAddr { pointer, length in retryingInterrupts { getsockname(fd, pointer, length) } }
}

/// Wraps `getpeername(2)`.
internal func system_getpeername(_ fd: Int32, _ address: inout SocketAddress) -> SyscallResult<Int32> {
    address.withMutableSockAddr { pointer, length in retryingInterrupts { getpeername(fd, pointer, length) } }
}

/// Wraps `getsockopt(2)` for an `int`-sized option.
internal func system_getsockopt(_ fd: Int32, _ level: Int32, _ name: Int32) -> (SyscallResult<Int32>, Int32) {
    var value: Int32 = 0
    var length = socklen_t(MemoryLayout<Int32>.size)
    let result = retryingInterrupts { getsockopt(fd, level, name, &value, &length) }
    return (result, value)
}

/// Wraps `setsockopt(2)` for an `int`-sized option.
internal func system_setsockopt(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) -> SyscallResult<Int32> {
    var value = value
    return retryingInterrupts { setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) }
}

/// Wraps `setsockopt(2)` for an option whose value is a C struct (`ip_mreqn`, `ipv6_mreq`, `linger`).
internal func system_setsockopt<Value>(_ fd: Int32, _ level: Int32, _ name: Int32, bytesOf value: Value) -> SyscallResult<Int32> {
    withUnsafeBytes(of: value) { raw in
        retryingInterrupts { setsockopt(fd, level, name, raw.baseAddress, socklen_t(raw.count)) }
    }
}

/// Wraps `fcntl(2)` with `F_GETFL`.
internal func system_getStatusFlags(_ fd: Int32) -> SyscallResult<Int32> {
    retryingInterrupts { fcntl(fd, F_GETFL) }
}

/// Wraps `fcntl(2)` with `F_SETFL`.
internal func system_setStatusFlags(_ fd: Int32, _ flags: Int32) -> SyscallResult<Int32> {
    retryingInterrupts { fcntl(fd, F_SETFL, flags) }
}

/// Wraps `poll(2)` for one descriptor; returns the ready events (0 on timeout).
///
/// EINTR is not retried here: the caller recomputes the time left before polling again.
internal func system_poll(_ fd: Int32, _ events: Int16, _ timeoutMilliseconds: Int32) -> (SyscallResult<Int32>, Int16) {
    var entry = pollfd(fd: fd, events: events, revents: 0)
    let result = once { poll(&entry, 1, timeoutMilliseconds) }
    return (result, entry.revents)
}

/// Wraps `strerror(3)`: the C library's text for `code`.
package func system_strerror(_ code: Int32) -> String {
    // Swift's Glibc imports the XSI strerror_r (returns int, fills the buffer), which is thread-safe.
    var buffer = [CChar](repeating: 0, count: 256)
    return buffer.withUnsafeMutableBufferPointer { pointer in
        guard strerror_r(code, pointer.baseAddress!, pointer.count) == 0 else { return "Unknown error \(code)" }
        return String(cString: pointer.baseAddress!)
    }
}

/// Wraps `gethostname(2)`.
internal func system_gethostname() -> String {
    var buffer = [CChar](repeating: 0, count: Int(HOST_NAME_MAX) + 1)
    return buffer.withUnsafeMutableBufferPointer { pointer in
        _ = gethostname(pointer.baseAddress!, pointer.count - 1)
        return String(cString: pointer.baseAddress!)
    }
}
