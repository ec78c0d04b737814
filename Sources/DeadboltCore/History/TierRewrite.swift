/// `deadbolt tiers --apply`: sets the `tier` field of chosen case lines in a `cases.jsonl`.
public enum TierRewrite {
    /// `bytes` with the line of each id in `tiers` given that tier (re-written as compact JSON with
    /// sorted keys); every other line is kept byte for byte. Returns the new bytes and the ids changed.
    public static func apply(_ bytes: [UInt8], tiers: [String: Tier], path: String) throws(InputError)
        -> (bytes: [UInt8], changed: [String])
    {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + tiers.count * 20)
        var changed: [String] = []
        var start = 0
        var lineNumber = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            let line = Array(bytes[start..<end])
            var kept = true
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                let parsed = try CaseParser.parseLine(line[...], path: path, line: lineNumber)
                if let tier = tiers[parsed.id] {
                    var fields = parsed.fields
                    fields["tier"] = .string(tier.rawValue)
                    out += Array(JSONValue.object(fields).compactText().utf8)
                    if line.last == 0x0D { out.append(0x0D) }
                    changed.append(parsed.id)
                    kept = false
                }
            }
            if kept { out += line }
            if end < bytes.count { out.append(0x0A) }
            start = end + 1
        }
        return (out, changed)
    }
}
