/// A line diff of an expected text against an actual one, for a person reading a terminal.
///
/// The shape:
///
/// ```text
/// --- expected
/// +++ actual
///   a line both texts share
/// - a line only the expected text has
/// + a line only the actual text has
///            ^
/// ```
///
/// When a change replaces exactly one line with one other line (always the case for two
/// single-line texts), a caret under the `+` line marks the first character that differs.
/// Carriage returns and other control characters are shown escaped (`\r`), so a CRLF ending is
/// visible. Notes about the texts as a whole start with a backslash, as in `git diff`.
/// Long runs of shared lines are collapsed to `@@ N unchanged lines @@`.
public enum TextDiff {
    /// Shared lines kept on each side of a change.
    static let contextLines = 3
    /// Above this many lines on both sides, only the first differing region is shown.
    static let fullDiffLineLimit = 5_000
    /// Above this many differing lines, only the first differing region is shown.
    static let maximumEdits = 1_000
    /// Lines longer than this many characters are shortened.
    static let maximumLineWidth = 1_000
    /// A line paired with a caret is shown as a window of this many characters.
    static let caretWindowWidth = 240

    /// Renders the diff of `expected` against `actual`, at most `maxLines` lines after the header.
    ///
    /// Lines beyond the cap are replaced by a final `… N more lines` note.
    public static func render(expected: String, actual: String, maxLines: Int = 200) -> String {
        var body: [String] = []
        if expected == actual {
            body.append("\\ expected and actual are identical")
        } else {
            body = diffBody(expected: expected, actual: actual)
        }
        let cap = max(1, maxLines)
        if body.count > cap {
            let hidden = body.count - cap
            body = Array(body.prefix(cap))
            body.append("… \(Plural.count(hidden, "more line"))")
        }
        return (["--- expected", "+++ actual"] + body).joined(separator: "\n")
    }

    // MARK: - Lines

    /// One line of a text: its content without the newline, and whether a newline ended it.
    struct Line: Hashable {
        var text: String
        var terminated: Bool
    }

    /// Splits on "\n" (also inside a CRLF pair, so that the "\r" stays on its line); a final
    /// line without a newline is marked as unterminated.
    static func lines(of text: String) -> [Line] {
        if text.isEmpty { return [] }
        var result: [Line] = []
        var parts = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        let endsWithNewline = parts.last?.isEmpty == true
        if endsWithNewline { parts.removeLast() }
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            result.append(Line(text: String(part), terminated: !isLast || endsWithNewline))
        }
        return result
    }

    // MARK: - Edit script

    /// One step of the edit script, by line index.
    enum Edit: Equatable {
        case common(Int, Int)
        case delete(Int)
        case insert(Int)
    }

    static func diffBody(expected: String, actual: String) -> [String] {
        let old = lines(of: expected)
        let new = lines(of: actual)
        var body: [String] = []
        if old.isEmpty { body.append("\\ expected is empty") }
        if new.isEmpty { body.append("\\ actual is empty") }

        // Identify lines by number so that comparisons are cheap.
        var ids: [Line: Int] = [:]
        func id(_ line: Line) -> Int {
            if let known = ids[line] { return known }
            ids[line] = ids.count
            return ids.count - 1
        }
        let a = old.map(id)
        let b = new.map(id)

        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
            a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
        {
            suffix += 1
        }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])

        let tooLong = old.count > fullDiffLineLimit && new.count > fullDiffLineLimit
        guard !tooLong, let middle = myers(middleA, middleB, maximumEdits: maximumEdits) else {
            return body + firstRegion(old: old, new: new, firstDifference: prefix)
        }
        var edits: [Edit] = (0..<prefix).map { .common($0, $0) }
        for edit in middle {
            switch edit {
            case .common(let i, let j): edits.append(.common(i + prefix, j + prefix))
            case .delete(let i): edits.append(.delete(i + prefix))
            case .insert(let j): edits.append(.insert(j + prefix))
            }
        }
        for offset in 0..<suffix {
            edits.append(.common(a.count - suffix + offset, b.count - suffix + offset))
        }
        let trailingNewlineDiffers =
            old.last?.terminated != new.last?.terminated
            && !old.isEmpty && !new.isEmpty
        return body + renderEdits(edits, old: old, new: new, noteEndings: trailingNewlineDiffers)
    }

    /// Myers' O((N+M)D) shortest edit script, or nil when more than `maximumEdits` edits are needed.
    static func myers(_ a: [Int], _ b: [Int], maximumEdits: Int) -> [Edit]? {
        let n = a.count
        let m = b.count
        if n == 0 { return (0..<m).map { .insert($0) } }
        if m == 0 { return (0..<n).map { .delete($0) } }
        let limit = min(n + m, maximumEdits)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        // trace[d] holds v[k] for k in -d...d after round d, at index k + d.
        var trace: [[Int]] = []
        var finalRound: Int?
        rounds: for d in 0...limit {
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    trace.append(Array(v[(offset - d)...(offset + d)]))
                    finalRound = d
                    break rounds
                }
            }
            trace.append(Array(v[(offset - d)...(offset + d)]))
        }
        guard let rounds = finalRound else { return nil }

        var edits: [Edit] = []
        var x = n
        var y = m
        var d = rounds
        while d > 0 {
            let previous = trace[d - 1]
            func previousX(_ k: Int) -> Int { previous[k + d - 1] }
            let k = x - y
            let cameDown = k == -d || (k != d && previousX(k - 1) < previousX(k + 1))
            let previousK = cameDown ? k + 1 : k - 1
            let startX = previousX(previousK)
            let startY = startX - previousK
            let snakeStartX = cameDown ? startX : startX + 1
            let snakeStartY = cameDown ? startY + 1 : startY
            while x > snakeStartX, y > snakeStartY {
                edits.append(.common(x - 1, y - 1))
                x -= 1
                y -= 1
            }
            edits.append(cameDown ? .insert(startY) : .delete(startX))
            x = startX
            y = startY
            d -= 1
        }
        while x > 0, y > 0 {
            edits.append(.common(x - 1, y - 1))
            x -= 1
            y -= 1
        }
        edits.reverse()
        return groupedChanges(edits)
    }

    /// Puts each run of changes in the order deletions, then insertions.
    static func groupedChanges(_ edits: [Edit]) -> [Edit] {
        var result: [Edit] = []
        var deletions: [Edit] = []
        var insertions: [Edit] = []
        func flush() {
            result += deletions
            result += insertions
            deletions.removeAll()
            insertions.removeAll()
        }
        for edit in edits {
            switch edit {
            case .common:
                flush()
                result.append(edit)
            case .delete: deletions.append(edit)
            case .insert: insertions.append(edit)
            }
        }
        flush()
        return result
    }

    // MARK: - Rendering

    static func renderEdits(_ edits: [Edit], old: [Line], new: [Line], noteEndings: Bool) -> [String] {
        var out: [String] = []
        var index = 0
        while index < edits.count {
            if case .common = edits[index] {
                var end = index
                while end < edits.count, case .common = edits[end] { end += 1 }
                renderCommonRun(
                    edits[index..<end], old: old, atStart: index == 0, atEnd: end == edits.count, into: &out)
                index = end
                continue
            }
            var end = index
            while end < edits.count {
                if case .common = edits[end] { break }
                end += 1
            }
            let block = edits[index..<end]
            let deleted = block.compactMap { edit -> Int? in
                if case .delete(let i) = edit { return i }
                return nil
            }
            let inserted = block.compactMap { edit -> Int? in
                if case .insert(let j) = edit { return j }
                return nil
            }
            if deleted.count == 1, inserted.count == 1, old[deleted[0]].text != new[inserted[0]].text {
                let pair = caretPair(expected: old[deleted[0]].text, actual: new[inserted[0]].text)
                out.append("- " + pair.expected)
                if noteEndings, !old[deleted[0]].terminated { out.append("\\ no newline at end of expected") }
                out.append("+ " + pair.actual)
                out.append("  " + pair.caret)
                if noteEndings, !new[inserted[0]].terminated { out.append("\\ no newline at end of actual") }
            } else {
                for i in deleted {
                    out.append("- " + shown(old[i].text))
                    if noteEndings, !old[i].terminated { out.append("\\ no newline at end of expected") }
                }
                for j in inserted {
                    out.append("+ " + shown(new[j].text))
                    if noteEndings, !new[j].terminated { out.append("\\ no newline at end of actual") }
                }
            }
            index = end
        }
        return out
    }

    static func renderCommonRun(
        _ run: ArraySlice<Edit>, old: [Line], atStart: Bool, atEnd: Bool, into out: inout [String]
    ) {
        let indices = run.compactMap { edit -> Int? in
            if case .common(let i, _) = edit { return i }
            return nil
        }
        let head = atStart ? 0 : contextLines
        let tail = atEnd ? 0 : contextLines
        if indices.count <= head + tail + 1 {
            for i in indices { out.append("  " + shown(old[i].text)) }
            return
        }
        for i in indices.prefix(head) { out.append("  " + shown(old[i].text)) }
        let hidden = indices.count - head - tail
        out.append("@@ \(Plural.count(hidden, "unchanged line")) @@")
        for i in indices.suffix(tail) { out.append("  " + shown(old[i].text)) }
    }

    /// Shows the first differing region when a full diff would cost too much.
    static func firstRegion(old: [Line], new: [Line], firstDifference: Int) -> [String] {
        var out = [
            "\\ texts are too long to diff in full (\(old.count) and \(new.count) lines);"
                + " showing the first difference, at line \(firstDifference + 1)"
        ]
        let contextStart = max(0, firstDifference - contextLines)
        if contextStart > 0 {
            out.append("@@ \(Plural.count(contextStart, "unchanged line")) @@")
        }
        for i in contextStart..<firstDifference { out.append("  " + shown(old[i].text)) }
        let regionLength = 20
        let oldRegion = old[firstDifference..<min(old.count, firstDifference + regionLength)]
        let newRegion = new[firstDifference..<min(new.count, firstDifference + regionLength)]
        for line in oldRegion { out.append("- " + shown(line.text)) }
        if firstDifference + regionLength < old.count {
            out.append("\\ \(old.count - firstDifference - regionLength) further expected lines not compared")
        }
        for line in newRegion { out.append("+ " + shown(line.text)) }
        if firstDifference + regionLength < new.count {
            out.append("\\ \(new.count - firstDifference - regionLength) further actual lines not compared")
        }
        return out
    }

    /// Two lines and a caret under the first character where they differ.
    static func caretPair(expected: String, actual: String) -> (expected: String, actual: String, caret: String) {
        let e = Array(expected)
        let a = Array(actual)
        var first = 0
        while first < e.count, first < a.count, e[first] == a[first] { first += 1 }
        let longest = max(e.count, a.count)
        var start = 0
        if longest > caretWindowWidth {
            start = max(0, min(first - caretWindowWidth / 3, longest - caretWindowWidth))
        }
        func window(_ chars: [Character]) -> String {
            let lower = min(start, chars.count)
            let upper = min(chars.count, start + caretWindowWidth)
            var text = (start > 0 ? "…" : "") + visible(chars[lower..<upper])
            if upper < chars.count { text += "…" }
            return text
        }
        var caret = start > 0 ? " " : ""
        for character in a[min(start, a.count)..<min(first, a.count)] {
            if character == "\t" {
                caret += "\t"
            } else {
                caret += String(repeating: " ", count: displayWidth(of: character))
            }
        }
        return (window(e), window(a), caret + "^")
    }

    /// A line as shown: control characters escaped, shortened when very long.
    static func shown(_ text: String) -> String {
        if text.count > maximumLineWidth {
            let hidden = text.count - maximumLineWidth
            return visible(text.prefix(maximumLineWidth)) + "… (\(hidden) more characters)"
        }
        return visible(text)
    }

    /// Escapes carriage returns and other control characters other than tab.
    static func visible<C: Collection<Character>>(_ characters: C) -> String {
        var result = ""
        for character in characters {
            result += escaped(character) ?? String(character)
        }
        return result
    }

    /// The escaped form of a control character, or nil for a printable one.
    static func escaped(_ character: Character) -> String? {
        if character == "\t" { return nil }
        if character == "\r\n" { return "\\r" }
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else {
            return nil
        }
        switch scalar.value {
        case 0x0D: return "\\r"
        case 0x00..<0x20, 0x7F: return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default: return nil
        }
    }

    /// Terminal columns a character takes: escapes count their length, wide characters two.
    static func displayWidth(of character: Character) -> Int {
        if let escape = escaped(character) { return escape.count }
        guard let scalar = character.unicodeScalars.first else { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
