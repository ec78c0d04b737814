/// Times as production exports write them: ISO 8601 (`2026-11-03T10:04:05.123Z`, `2026-11-03 10:04:05+02:00`,
/// `2026-11-03`), or a Unix time in seconds, milliseconds, microseconds or nanoseconds.
///
/// Read by hand rather than through a date formatter: a warehouse export has a million of them.
public enum TimestampText {
    /// The times accepted: 1970 to 2200, in milliseconds since 1970.
    public static let range: ClosedRange<Int64> = 0...7_258_118_400_000

    /// Milliseconds since 1970, or nil when the text is not a time in ``range``.
    public static func milliseconds(_ text: Substring) -> Int64? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 40 else { return nil }
        if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return epoch(bytes) }
        if bytes.contains(UInt8(ascii: ".")), bytes.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }),
            let seconds = Double(String(decoding: bytes, as: UTF8.self)), seconds.isFinite
        {
            return checked(Int64(exactly: (seconds * 1000).rounded(.down)))
        }
        return iso(bytes)
    }

    /// Digits only: seconds up to 11 digits, then milliseconds, microseconds, nanoseconds by length.
    static func epoch(_ bytes: [UInt8]) -> Int64? {
        guard bytes.count <= 19, let value = Int64(String(decoding: bytes, as: UTF8.self)) else { return nil }
        switch bytes.count {
        case ...11: return checked(value.multipliedReportingOverflow(by: 1000).overflow ? nil : value * 1000)
        case 12...14: return checked(value)
        case 15...17: return checked(value / 1000)
        default: return checked(value / 1_000_000)
        }
    }

    static func iso(_ b: [UInt8]) -> Int64? {
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var value = 0
            for _ in 0..<count {
                let d = Int(b[i]) - 0x30
                guard (0...9).contains(d) else { return nil }
                value = value * 10 + d
                i += 1
            }
            return value
        }
        func take(_ byte: UInt8) -> Bool {
            guard i < b.count, b[i] == byte else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), take(0x2D), let month = digits(2), take(0x2D), let day = digits(2),
            (1970...2200).contains(year), (1...12).contains(month), (1...daysIn(month, year)).contains(day)
        else { return nil }
        var seconds = days(year, month, day) * 86_400
        var millis = 0
        if i < b.count {
            guard take(0x54) || take(0x74) || take(0x20), let hour = digits(2), take(0x3A), let minute = digits(2),
                hour < 24, minute < 60
            else { return nil }
            seconds += hour * 3600 + minute * 60
            if take(0x3A) {
                guard let second = digits(2), second < 61 else { return nil }
                seconds += second
                if take(0x2E) || take(0x2C) {
                    var scale = 100
                    let start = i
                    while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                        millis += Int(b[i] - 0x30) * scale
                        scale /= 10
                        i += 1
                    }
                    guard i > start else { return nil }
                }
            }
            if take(0x5A) || take(0x7A) {
            } else if i < b.count, b[i] == 0x2B || b[i] == 0x2D {
                let sign = b[i] == 0x2B ? 1 : -1
                i += 1
                guard let hours = digits(2), hours <= 14 else { return nil }
                _ = take(0x3A)
                let minutes = i < b.count ? digits(2) : 0
                guard let minutes, minutes < 60 else { return nil }
                seconds -= sign * (hours * 3600 + minutes * 60)
            }
        }
        guard i == b.count else { return nil }
        return checked(Int64(seconds) * 1000 + Int64(millis))
    }

    static func checked(_ value: Int64?) -> Int64? {
        guard let value, range.contains(value) else { return nil }
        return value
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil).
    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
