/// Carries a value that is not `Sendable` to exactly one other thread (or process).
///
/// Used to give a ``Request`` (which holds a `Socket`) to the thread that handles it: the loop
/// thread builds the box and never touches the request again, so the handler thread is its only
/// user. Region-based `sending` parameters cannot express this through the overridable hooks
/// (`verifyRequest` and `processRequest` both see the request first), hence the box.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
}
