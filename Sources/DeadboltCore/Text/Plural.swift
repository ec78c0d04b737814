/// Counted nouns as a person writes them: `1 case`, `3 cases`.
public enum Plural {
    /// `count` and `noun`, with an `s` unless `count` is 1 (or `plural` when the noun is irregular).
    public static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
    }

    /// Just the noun for `count`.
    public static func noun(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        count == 1 ? noun : plural ?? noun + "s"
    }
}
