import DeadboltCore

/// `deadbolt verify`: how the datasets differ from their pin.
public enum PinReport {
    /// `{"against": ..., "ok": bool, "differences": [{"message": ..., "error": bool}]}`.
    public static func json(_ differences: [PinDifference], against: String) -> JSONValue {
        .object([
            "against": .string(against),
            "ok": .bool(!differences.contains(where: \.isError)),
            "differences": .array(
                differences.map { .object(["message": .string($0.message), "error": .bool($0.isError)]) }),
        ])
    }

    /// A line a difference, then whether the datasets match.
    public static func text(_ differences: [PinDifference], against: String) -> String {
        var out = ""
        for difference in differences { out += (difference.isError ? "error: " : "") + difference.message + "\n" }
        let errors = differences.filter(\.isError).count
        out +=
            errors == 0
            ? "verify: datasets match \(against)\n"
            : "verify: \(Plural.count(errors, "dataset")) break the pin\n"
        return out
    }
}
