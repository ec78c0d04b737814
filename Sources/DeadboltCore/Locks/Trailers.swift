/// The trailers of a commit message, found by git's own rules (`git interpret-trailers --parse`).
///
/// libgit2 1.5's `git_message_trailers` differs: a `----` line in the body hides the trailers
/// from it, and continuation lines come back folded. These are git's rules (trailer.c, 2.39):
/// a `---` line followed by whitespace ends the message (a patch follows); trailing comment and
/// blank lines and everything from the scissors line down are ignored; the title paragraph holds
/// no trailers; the last paragraph is the trailer block when all its lines are trailers (or
/// indented continuations), or when it holds a git-generated trailer (`Signed-off-by: `,
/// `(cherry picked from commit `) and at least a quarter of its lines are trailers.
public enum Trailers {
    /// One trailer: key as written, value trimmed and unfolded.
    public struct Trailer: Sendable, Equatable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    static let gitGeneratedPrefixes = ["Signed-off-by: ", "(cherry picked from commit "]

    /// The trailers of `message`, as `git interpret-trailers --parse` prints them.
    public static func parse(_ message: String, commentChar: Character = "#") -> [Trailer] {
        let lines = logMessageLines(message, commentChar: commentChar)
        guard let start = trailerBlockStart(lines, commentChar: commentChar) else { return [] }
        var result: [Trailer] = []
        var continuing = false
        for line in lines[start...] {
            if line.first == commentChar { continue }
            if continuing, let first = line.first, first == " " || first == "\t" {
                // A continuation: unfolded into the previous trailer's value with one space.
                var last = result.removeLast()
                let more = trim(line)
                last.value = last.value.isEmpty ? more : (more.isEmpty ? last.value : last.value + " " + more)
                result.append(last)
                continue
            }
            continuing = false
            guard let separator = separatorIndex(line), separator > line.startIndex else { continue }
            let key = trim(String(line[..<separator]))
            let value = trim(String(line[line.index(after: separator)...]))
            result.append(Trailer(key: key, value: value))
            continuing = true
        }
        return result
    }

    /// The message's lines up to git's end of the log message: before a `---` divider, without
    /// the scissors part and trailing comment or blank lines.
    static func logMessageLines(_ message: String, commentChar: Character) -> [String] {
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        var lines = message.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(
            String.init)
        if lines.last == "" { lines.removeLast() }
        if let divider = lines.firstIndex(where: { line in
            guard line.hasPrefix("---") else { return false }
            let after = line.dropFirst(3)
            return after.isEmpty || after.first == " " || after.first == "\t"
        }) {
            lines = Array(lines[..<divider])
        }
        let scissors = "\(commentChar) ------------------------ >8 ------------------------"
        if let cut = lines.firstIndex(of: scissors) { lines = Array(lines[..<cut]) }
        while let last = lines.last, isBlank(last) || last.first == commentChar { lines.removeLast() }
        return lines
    }

    /// The index of the trailer block's first line, or nil when there is none.
    static func trailerBlockStart(_ lines: [String], commentChar: Character) -> Int? {
        // The first paragraph is the title.
        var endOfTitle = 0
        while endOfTitle < lines.count {
            let line = lines[endOfTitle]
            if line.first != commentChar && isBlank(line) { break }
            endOfTitle += 1
        }
        var onlySpaces = true
        var recognizedPrefix = false
        var trailerLines = 0
        var nonTrailerLines = 0
        var possibleContinuations = 0
        var index = lines.count - 1
        while index >= endOfTitle {
            let line = lines[index]
            defer { index -= 1 }
            if line.first == commentChar {
                nonTrailerLines += possibleContinuations
                possibleContinuations = 0
                continue
            }
            if isBlank(line) {
                if onlySpaces { continue }
                nonTrailerLines += possibleContinuations
                if recognizedPrefix && trailerLines * 3 >= nonTrailerLines { return index + 1 }
                if trailerLines > 0 && nonTrailerLines == 0 { return index + 1 }
                return nil
            }
            onlySpaces = false
            if gitGeneratedPrefixes.contains(where: { line.hasPrefix($0) }) {
                trailerLines += 1
                possibleContinuations = 0
                recognizedPrefix = true
                continue
            }
            let first = line.first!
            if let separator = separatorIndex(line), separator > line.startIndex, first != " ", first != "\t" {
                trailerLines += 1
                possibleContinuations = 0
            } else if first == " " || first == "\t" {
                possibleContinuations += 1
            } else {
                nonTrailerLines += 1 + possibleContinuations
                possibleContinuations = 0
            }
        }
        return nil
    }

    /// Where `:` ends a `Token:` or `Token :` prefix (ASCII letters, digits and `-`), or nil.
    static func separatorIndex(_ line: String) -> String.Index? {
        var whitespaceFound = false
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if c == ":" { return index }
            if !whitespaceFound, c.isASCII, c.isLetter || c.isNumber || c == "-" {
                index = line.index(after: index)
                continue
            }
            if index != line.startIndex, c == " " || c == "\t" {
                whitespaceFound = true
                index = line.index(after: index)
                continue
            }
            return nil
        }
        return nil
    }

    /// git's `isspace` (its own table, not C's): space, tab, line feed and carriage return; a
    /// vertical tab or a form feed is not white space to git, so not here either (the trailer
    /// differential over a fuzzed corpus found the difference).
    static func isGitSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\n" || c == "\r\n" }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy(isGitSpace)
    }

    static func trim(_ text: String) -> String {
        let isSpace = isGitSpace
        return String(text.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
