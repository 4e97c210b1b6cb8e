import Glibc

/// Lifts the soft limit on open descriptors to the hard one, as servers and load generators do, so
/// that thousands of connections fit. Leaves the limit alone when it cannot be read or raised.
public func raiseDescriptorLimit() {
    var limit = rlimit()
    let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    limit.rlim_cur = limit.rlim_max
    _ = setrlimit(resource, &limit)
}
