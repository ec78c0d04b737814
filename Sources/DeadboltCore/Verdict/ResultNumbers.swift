/// The numbers of one result of a verdict written as JSON, read back with their bounds, so a
/// hand-edited or hostile verdict is refused by field instead of trapping on a conversion.
public enum ResultNumbers {
    /// Each numeric field of a result and the whole numbers it may hold.
    public static let ranges: [(field: String, range: ClosedRange<Int>)] = [
        ("duration_ms", 0...8_640_000_000), // 100 days
        ("latency_ms", ProviderAnswer.latencyRange),
        ("line", 0...Int(Int32.max)),
        ("cached_runs", 0...1_000), // --repeat's bound
    ]
    /// The numeric fields of a result's `error` and their ranges.
    public static let errorRanges: [(field: String, range: ClosedRange<Int>)] = [
        ("exit_code", Int(Int32.min)...Int(Int32.max)),
        ("signal", 0...255),
    ]

    /// The whole number at `field` of `object` when present and in range; nil when absent or null.
    public static func value(
        _ object: JSONValue?, _ field: String, in range: ClosedRange<Int>, named name: String? = nil
    ) throws(Refusal) -> Int? {
        guard let value = object?[field], value != .null else { return nil }
        guard let number = value.numberValue.flatMap({ BoundedNumber.whole($0, in: range) }) else {
            throw Refusal(
                message: "`\(name ?? field)` must be a whole number in \(BoundedNumber.describe(range)), "
                    + "not \(MessageText.json(value, limit: 40))")
        }
        return number
    }

    /// Checks every numeric field of `result`; the refusal names the first one out of range.
    public static func check(_ result: JSONValue) throws(Refusal) {
        for (field, range) in ranges { _ = try value(result, field, in: range) }
        for (field, range) in errorRanges { _ = try value(result["error"], field, in: range, named: "error.\(field)") }
        if let cost = result["cost"], cost != .null,
            cost.numberValue.flatMap({ BoundedNumber.real($0, in: ProviderAnswer.costRange) }) == nil
        {
            throw Refusal(
                message: "`cost` must be a number from 0 to 1000000, not \(MessageText.json(cost, limit: 40))")
        }
    }

    /// A number out of its range, and which.
    public struct Refusal: Error, Sendable {
        public var message: String
    }
}
