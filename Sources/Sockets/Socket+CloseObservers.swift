// The contract with Reactor (FileDescriptorRepresentable.swift): a selector registers itself as a
// close observer, and the socket tells it before the descriptor closes, so that libev never watches
// a closed or reused descriptor number (DESIGN.md, "libev's sharp edges").

internal struct WeakCloseObserver {
    weak var observer: (any DescriptorCloseObserver)?
}

extension Socket: DescriptorOwner {
    /// Adds `observer`, held weakly, to be told before the descriptor closes. Idempotent.
    @usableFromInline
    package func addCloseObserver(_ observer: any DescriptorCloseObserver) {
        if let first = firstObserver, first === observer { return }
        if var more = moreObservers {
            more.removeAll { $0.observer == nil }
            if more.contains(where: { $0.observer === observer }) {
                moreObservers = more
                return
            }
            moreObservers = more.isEmpty ? nil : more
        }
        if firstObserver == nil {
            firstObserver = observer
        } else {
            moreObservers = (moreObservers ?? []) + [WeakCloseObserver(observer: observer)]
        }
    }

    /// Adds `observer`, which removes itself before it is freed, unretained; in the weak slots when the
    /// unretained one is taken (a socket registered with two selectors). Idempotent.
    @usableFromInline
    package func addRemovingCloseObserver(_ observer: any DescriptorCloseObserver) {
        if let removing = removingObserver {
            if removing !== observer { addCloseObserver(observer) }
            return
        }
        removingObserver = observer
    }

    /// Removes `observer`, however it was added; a no-op when it was not added.
    @usableFromInline
    package func removeCloseObserver(_ observer: any DescriptorCloseObserver) {
        if let removing = removingObserver, removing === observer {
            removingObserver = nil
            return
        }
        if let first = firstObserver, first === observer {
            firstObserver = nil
            return
        }
        guard var more = moreObservers else { return }
        more.removeAll { $0.observer == nil || $0.observer === observer }
        moreObservers = more.isEmpty ? nil : more
    }

    internal func notifyCloseObservers(_ fd: Int32) {
        // Take the list first: an observer may add or remove observers while being told.
        let removing = removingObserver
        let first = firstObserver
        let more = moreObservers
        removingObserver = nil
        firstObserver = nil
        moreObservers = nil
        removing?.descriptorWillClose(fd)
        first?.descriptorWillClose(fd)
        if let more {
            for entry in more { entry.observer?.descriptorWillClose(fd) }
        }
    }
}
