/// Converts a duration to libev's seconds, refusing negative and non-finite values.
func seconds(_ interval: Duration) throws(EventLoopError) -> Double {
    let (whole, fraction) = interval.components
    let value = Double(whole) + Double(fraction) * 1e-18
    guard value >= 0, value.isFinite else { throw .invalidInterval(interval) }
    return value
}
