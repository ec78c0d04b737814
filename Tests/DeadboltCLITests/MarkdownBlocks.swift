import Foundation
import Testing

/// A fenced code block of a Markdown file: where it starts, its info string and its text.
struct MarkdownBlock: Sendable, CustomTestStringConvertible {
    /// The line of the opening fence, counted from 1.
    var line: Int
    var info: String
    /// The block's lines, without the fences and without the indentation of the opening fence.
    var text: String

    var firstLine: String { String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "") }
    var testDescription: String { "README.md:\(line) ```\(info)" }
}

enum MarkdownBlocks {
    /// Every fenced block of `text`, in order. A fence is three backticks at the start of a line
    /// (after indentation); the block ends at the next fence of the same indentation or less.
    static func parse(_ text: String) -> [MarkdownBlock] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [MarkdownBlock] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            guard rest.hasPrefix("```") else {
                index += 1
                continue
            }
            let info = rest.dropFirst(3).trimmingCharacters(in: .whitespaces)
            var body: [String] = []
            var end = index + 1
            while end < lines.count {
                let candidate = lines[end]
                let candidateIndent = candidate.prefix { $0 == " " }.count
                if candidateIndent <= indent && candidate.dropFirst(candidateIndent).hasPrefix("```") { break }
                body.append(String(candidate.dropFirst(min(indent, candidateIndent))))
                end += 1
            }
            blocks.append(MarkdownBlock(line: index + 1, info: info, text: body.joined(separator: "\n")))
            index = end + 1
        }
        return blocks
    }
}
