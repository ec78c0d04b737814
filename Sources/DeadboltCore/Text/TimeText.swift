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

    /// `2026-11-21T10:03:00.000Z` for milliseconds since 1970 (UTC, proleptic Gregorian).
    public static func iso8601(milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let millis = Int(milliseconds - seconds * 1000)
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let inDay = Int(seconds - days * 86_400)
        // Howard Hinnant's days-to-civil.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(year)-\(two(Int(month)))-\(two(Int(day)))T\(two(inDay / 3600)):\(two(inDay / 60 % 60)):"
            + "\(two(inDay % 60)).\(ms)Z"
    }
}
