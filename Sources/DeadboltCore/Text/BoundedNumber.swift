/// Numbers read from a file, the environment or a provider, checked against a range before use.
///
/// Converting a Double outside Int's range (or NaN) to Int traps, and so does a Duration built
/// from too many seconds: every untrusted number goes through here, and the caller names where
/// it came from and the range when it is refused.
public enum BoundedNumber {
    /// `value` as a whole number when it is one (finite, no fraction) and lies in `range`.
    public static func whole(_ value: Double, in range: ClosedRange<Int>) -> Int? {
        guard value.isFinite, value.rounded(.towardZero) == value,
            value >= Double(range.lowerBound), value <= Double(range.upperBound)
        else { return nil }
        return Int(value)
    }

    /// The whole number written in `text` when it lies in `range`.
    public static func whole(_ text: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = Int(text), range.contains(value) else { return nil }
        return value
    }

    /// `value` when it is finite and lies in `range`.
    public static func real(_ value: Double, in range: ClosedRange<Double>) -> Double? {
        value.isFinite && range.contains(value) ? value : nil
    }

    /// The range as a person reads it: `1…1024`.
    public static func describe(_ range: ClosedRange<Int>) -> String { "\(range.lowerBound)…\(range.upperBound)" }
}
