/// What a new dataset's name may be: its folder's name, so one path component of letters, digits,
/// `_`, `-` and `.`, not starting with a dot, at most 100 characters.
public enum DatasetName {
    public static let maxLength = 100

    /// Why `name` cannot name a new dataset, or nil when it can.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.count > maxLength { return "is \(name.count) characters long; the most is \(maxLength)" }
        if name.hasPrefix(".") { return "starts with a dot" }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "_-.".unicodeScalars.contains(scalar))
        }
        return allowed ? nil : "may hold only letters, digits, `_`, `-` and `.` (it names a folder)"
    }
}
