/// Durations as deadbolt prints and measures them: one way everywhere.
public enum TimeText {
    /// `840 ms` below a second, `1.2 s` from there.
    public static func milliseconds(_ ms: Int) -> String {
        ms < 1000 ? "\(ms) ms" : "\(ms / 1000).\((ms % 1000) / 100) s"
    }

    /// `30 s`, `0.5 s`: a setting's seconds as given.
    public static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int(value)) s" : "\(value) s"
    }

    /// Whole milliseconds in `duration`.
    public static func wholeMilliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Whole milliseconds since `start`.
    public static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        wholeMilliseconds(ContinuousClock.now - start)
    }
}
