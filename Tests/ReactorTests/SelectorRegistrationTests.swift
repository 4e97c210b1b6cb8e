import Foundation
import Reactor
import Testing

@Suite("Selector registration")
struct SelectorRegistrationTests {
    @Test("register returns a key holding fd, object, events and callback; key(for:) and keys find it")
    func registerReturnsKey() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        var calls = 0
        let key = try selector.register(pair.left, events: .read) { _, _ in calls += 1 }
        #expect(key.fileDescriptor == pair.left)
        #expect(key.fileObject as? Int32 == pair.left)
        #expect(key.events == .read)
        #expect(selector.key(for: pair.left) === key)
        #expect(selector.keys.map(\.fileDescriptor) == [pair.left])
        #expect(selector.count == 1)
        key.callback(key, .read)
        #expect(calls == 1)
    }

    @Test("registering a descriptor twice throws alreadyRegistered and keeps the first key")
    func duplicateRegister() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        let first = try selector.register(pair.left, events: .read)
        #expect(throws: SelectorError.alreadyRegistered(fd: pair.left)) {
            try selector.register(pair.left, events: .write)
        }
        #expect(selector.key(for: pair.left) === first)
        #expect(selector.key(for: pair.left)?.events == .read)
        #expect(selector.count == 1)
    }

    @Test("modify and unregister of an unregistered descriptor throw notRegistered")
    func unknownDescriptor() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        #expect(throws: SelectorError.notRegistered(fd: pair.left)) { try selector.modify(pair.left, events: .read) }
        #expect(throws: SelectorError.notRegistered(fd: pair.left)) { try selector.unregister(pair.left) }
        #expect(selector.count == 0)
        #expect(selector.key(for: pair.left) == nil)
    }

    @Test("empty or unknown events throw invalidEvents and register nothing")
    func invalidEvents() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        #expect(throws: SelectorError.invalidEvents([])) { try selector.register(pair.left, events: []) }
        let bogus = Events(rawValue: 0x10)
        #expect(throws: SelectorError.invalidEvents(bogus)) { try selector.register(pair.left, events: bogus) }
        #expect(selector.count == 0)
        let key = try selector.register(pair.left, events: .read)
        #expect(throws: SelectorError.invalidEvents([])) { try selector.modify(pair.left, events: []) }
        #expect(selector.key(for: pair.left) === key)
    }

    @Test("a negative descriptor throws invalidFileDescriptor")
    func negativeDescriptor() throws {
        let selector = try Selector()
        #expect(throws: SelectorError.invalidFileDescriptor(-1)) { try selector.register(Int32(-1), events: .read) }
        #expect(throws: SelectorError.invalidFileDescriptor(-5)) { try selector.unregister(Int32(-5)) }
        #expect(selector.count == 0)
    }

    @Test("a closed descriptor throws badFileDescriptor on every backend, instead of libev's abort", arguments: [Backend.epoll, .poll, .select])
    func refusesClosedDescriptor(backend: Backend) throws {
        let selector = try Selector(backend: backend)
        let fd = closedDescriptor()
        #expect(throws: SelectorError.badFileDescriptor(fd)) { try selector.register(fd, events: .read) }
        #expect(selector.count == 0)
        #expect(selector.key(for: fd) == nil)
    }

    @Test("modify returns a new key; the old key is unchanged and the new callback is the one dispatched")
    func modifyMakesNewKey() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        var seen: [String] = []
        let old = try selector.register(pair.left, events: .read) { _, _ in seen.append("old") }
        let new = try selector.modify(pair.left, events: [.read, .write]) { _, events in seen.append("new \(events)") }
        #expect(old !== new)
        #expect(old.events == .read)
        #expect(new.events == [.read, .write])
        #expect(selector.key(for: pair.left) === new)
        selector.loop.runOnce(timeout: .seconds(1))
        #expect(seen == ["new [.write]"])
        let kept = try selector.modify(pair.left, events: .write)
        kept.callback(kept, .write)
        #expect(seen.last == "new [.write]")
        #expect(seen.count == 2)
    }

    @Test("unregister returns the key and stops its events")
    func unregisterStops() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        let key = try selector.register(pair.left, events: .read)
        send([1], to: pair.right)
        #expect(try selector.unregister(pair.left) === key)
        #expect(selector.count == 0)
        #expect(try selector.select(timeout: .zero).isEmpty)
    }

    @Test("after close every call throws closed, keys are gone, close is idempotent")
    func closeSelector() throws {
        let selector = try Selector()
        let pair = try RawPair()
        defer { pair.close() }
        try selector.register(pair.left, events: .read)
        try selector.register(pair.right, events: .write)
        selector.close()
        selector.close()
        #expect(selector.count == 0)
        #expect(selector.keys.isEmpty)
        #expect(throws: SelectorError.closed) { try selector.register(pair.left, events: .read) }
        #expect(throws: SelectorError.closed) { try selector.select(timeout: .zero) }
        #expect(throws: SelectorError.closed) { try selector.unregister(pair.left) }
    }

    @Test("a selector's descriptor table grows past many chunks and finds every key")
    func manyDescriptors() throws {
        let selector = try Selector()
        var pairs: [RawPair] = []
        defer { pairs.forEach { $0.close() } }
        for _ in 0..<300 { pairs.append(try RawPair()) }
        for pair in pairs { try selector.register(pair.left, events: .read) }
        #expect(selector.count == 300)
        #expect(selector.keys.map(\.fileDescriptor) == pairs.map(\.left).sorted())
        send([7], to: pairs[299].right)
        let ready = try selector.select(timeout: .seconds(5))
        #expect(ready.map(\.key.fileDescriptor) == [pairs[299].left])
    }

    @Test("modify back to the replaced key's events, keeping the callback, returns that key again")
    func modifyBackReusesKey() throws {
        let selector = try Selector()
        defer { selector.close() }
        let pair = try RawPair()
        defer { pair.close() }
        var seen: [Events] = []
        let reading = try selector.register(pair.left, events: .read) { _, events in seen.append(events) }
        let writing = try selector.modify(pair.left, events: .write)
        #expect(writing !== reading)
        #expect(writing.events == .write)
        let back = try selector.modify(pair.left, events: .read)
        #expect(back === reading)
        #expect(back.events == .read)
        #expect(writing.events == .write)
        #expect(selector.key(for: pair.left) === reading)
        #expect(try selector.modify(pair.left, events: .write) === writing)
        #expect(try selector.modify(pair.left, events: .write) === writing)  // unchanged: the current key
        selector.loop.runOnce(timeout: .seconds(1))
        #expect(seen == [.write])
        // A new callback always makes a new key.
        let other = try selector.modify(pair.left, events: .read) { _, _ in }
        #expect(other !== reading)
    }

    @Test("a descriptor registered again never gets back a key kept aside for its earlier registration")
    func spareKeyEndsWithItsRegistration() throws {
        let selector = try Selector()
        defer { selector.close() }
        let pair = try RawPair()
        defer { pair.close() }
        var calls: [String] = []
        let first = try selector.register(pair.left, events: .write) { _, _ in calls.append("first") }
        _ = try selector.modify(pair.left, events: .read)  // `first` is kept aside for switching back
        try selector.unregister(pair.left)
        try selector.register(pair.left, events: .read) { _, _ in calls.append("second") }
        let back = try selector.modify(pair.left, events: .write)
        #expect(back !== first)
        selector.loop.runOnce(timeout: .seconds(1))
        #expect(calls == ["second"])
    }

    @Test("a callback that toggles its events and then unregisters never frees a key it is borrowing")
    func toggleThenUnregisterInsideCallback() throws {
        let selector = try Selector()
        defer { selector.close() }
        let pair = try RawPair()
        defer { pair.close() }
        var calls = 0
        try selector.register(pair.left, events: .write) { key, _ in
            calls += 1
            _ = try? selector.modify(pair.left, events: .read)
            _ = try? selector.modify(pair.left, events: .write)
            _ = try? selector.modify(pair.left, events: [.read, .write])
            _ = try? selector.unregister(pair.left)
            #expect(key.fileDescriptor == pair.left)  // the borrowed key is still alive
        }
        selector.loop.runOnce(timeout: .seconds(1))
        #expect(calls == 1)
        #expect(selector.count == 0)
    }
}
