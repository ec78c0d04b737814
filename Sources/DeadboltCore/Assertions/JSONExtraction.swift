/// Finds the JSON documents embedded in prose, such as an answer that wraps JSON in a sentence or
/// a Markdown code fence.
enum JSONExtraction {
    /// Bytes the bracket scan may read in total before it gives up, which bounds the work on
    /// long text full of unmatched brackets.
    static let scanBudget = 20_000_000

    /// Every JSON object or array in `text`, in order of where it starts.
    ///
    /// Each `{` or `[` is a candidate start; the scan follows brackets (skipping strings) to the
    /// matching close and parses that span. After a document is found, the search continues after
    /// its end, so documents nested inside it are not reported separately.
    static func documents(in text: String) -> [JSONValue] {
        let bytes = Array(text.utf8)
        var found: [JSONValue] = []
        var budget = scanBudget
        var start = 0
        while start < bytes.count {
            let byte = bytes[start]
            guard byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") else {
                start += 1
                continue
            }
            guard let end = matchingClose(bytes, from: start, budget: &budget) else {
                if budget <= 0 { break }
                start += 1
                continue
            }
            if let value = try? JSONValue.parse(bytes[start...end]) {
                found.append(value)
                start = end + 1
            } else {
                start += 1
            }
        }
        return found
    }

    /// The index of the bracket that closes the one at `start`, ignoring brackets inside strings.
    private static func matchingClose(_ bytes: [UInt8], from start: Int, budget: inout Int) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        var index = start
        while index < bytes.count {
            budget -= 1
            if budget <= 0 { return nil }
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index }
                default: break
                }
            }
            index += 1
        }
        return nil
    }
}
