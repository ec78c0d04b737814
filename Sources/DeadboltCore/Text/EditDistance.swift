/// Levenshtein distance between texts, and the "did you mean" suggestion built on it.
///
/// Distances count characters (extended grapheme clusters), so "é" is one edit whether it is
/// written precomposed or as "e" plus a combining accent.
public enum EditDistance {
    /// The number of single-character insertions, deletions and substitutions that turn `a` into `b`.
    public static func levenshtein(_ a: String, _ b: String) -> Int {
        let (x, y) = trimmedCommonEnds(Array(a), Array(b))
        return fullDistance(x, y)
    }

    /// The Levenshtein distance between `a` and `b` when it is at most `limit`, else nil.
    ///
    /// Only a band of width `2 * limit + 1` around the diagonal is computed, so this stays cheap
    /// for long texts with a small limit.
    public static func levenshtein(_ a: String, _ b: String, limit: Int) -> Int? {
        guard limit >= 0 else { return nil }
        let (x, y) = trimmedCommonEnds(Array(a), Array(b))
        if abs(x.count - y.count) > limit { return nil }
        if x.isEmpty || y.isEmpty {
            let distance = max(x.count, y.count)
            return distance <= limit ? distance : nil
        }
        return bandedDistance(x, y, limit: limit)
    }

    /// The candidate closest to `word`, ignoring case, or nil when none is close enough to be a
    /// plausible typo.
    ///
    /// A candidate is close enough when its distance is at most `max(2, word.count / 2)`.
    /// "did you mean `x`?" when one of `candidates` is near `word`, else nil.
    public static func didYouMean(_ word: String, in candidates: [String]) -> String? {
        nearest(to: word, in: candidates).map { "did you mean `\($0)`?" }
    }

    /// Ties go to the candidate listed first.
    public static func nearest(to word: String, in candidates: [String]) -> String? {
        let limit = max(2, word.count / 2)
        let needle = word.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let bound = min(limit, (best?.distance ?? limit + 1) - 1)
            guard bound >= 0,
                let distance = levenshtein(needle, candidate.lowercased(), limit: bound)
            else { continue }
            best = (candidate, distance)
            if distance == 0 { break }
        }
        return best?.candidate
    }

    /// Drops the common prefix and suffix, which never contribute edits.
    private static func trimmedCommonEnds(
        _ a: [Character], _ b: [Character]
    ) -> (ArraySlice<Character>, ArraySlice<Character>) {
        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count
        var endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] {
            endA -= 1
            endB -= 1
        }
        return (a[start..<endA], b[start..<endB])
    }

    /// The classic two-row dynamic programme.
    private static func fullDistance(_ a: ArraySlice<Character>, _ b: ArraySlice<Character>) -> Int {
        let x = Array(a)
        let y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The dynamic programme restricted to cells within `limit` of the diagonal.
    private static func bandedDistance(
        _ a: ArraySlice<Character>, _ b: ArraySlice<Character>, limit: Int
    ) -> Int? {
        let x = Array(a)
        let y = Array(b)
        let outside = limit + 1
        var previous = [Int](repeating: outside, count: y.count + 1)
        var current = [Int](repeating: outside, count: y.count + 1)
        for j in 0...min(y.count, limit) { previous[j] = j }
        for i in 1...x.count {
            let low = max(1, i - limit)
            let high = min(y.count, i + limit)
            current[0] = i <= limit ? i : outside
            if low > 1 { current[low - 1] = outside }
            var rowMinimum = current[0]
            if low <= high {
                for j in low...high {
                    let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                    let value = min(substitution, previous[j] + 1, current[j - 1] + 1, outside)
                    current[j] = value
                    rowMinimum = min(rowMinimum, value)
                }
            }
            if high < y.count { current[high + 1] = outside }
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        let distance = previous[y.count]
        return distance <= limit ? distance : nil
    }
}
