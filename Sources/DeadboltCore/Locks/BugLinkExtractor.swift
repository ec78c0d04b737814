/// Finds the bug links in a commit message as `bug_links:` in deadbolt.yml describes them.
public struct BugLinkExtractor: Sendable {
    public let config: BugLinkConfig
    /// The repository's GitHub `org/repo`, for `#12`.
    public let origin: String?
    let patterns: [Pattern]

    public init(config: BugLinkConfig, origin: String?) {
        self.config = config
        self.origin = origin
        patterns = config.patterns.compactMap { Pattern($0) }
    }

    static let closingKeyword =
        #"(?i)\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+"#
        + #"((?:[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)?#[0-9]+|https?://\S+/(?:issues|pull)/[0-9]+)"#
    nonisolated(unsafe) static let closingRegex = try! Regex(closingKeyword)

    /// The distinct bug links of `message`, in the order they appear (trailers first).
    public func links(in message: String) -> [BugLink] {
        var found: [String] = []
        func add(_ text: String) {
            let trimmed = text.trimmingWhitespace()
            if !trimmed.isEmpty && !found.contains(trimmed) { found.append(trimmed) }
        }
        let keys = Set(config.trailers.map { $0.lowercased() })
        for trailer in Trailers.parse(message) where keys.contains(trailer.key.lowercased()) {
            add(trailer.value)
        }
        let body = Self.body(of: message)
        // A `Key: value` line of a configured key anywhere in the body.
        for line in body.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingWhitespace().lowercased()
            if keys.contains(key) { add(String(line[line.index(after: colon)...])) }
        }
        if config.githubKeywords, Self.mayClose(message) {
            for match in message.matches(of: Self.closingRegex) {
                if let group = match.output[1].substring { add(String(group)) }
            }
        }
        for pattern in patterns {
            for text in pattern.matches(in: message) { add(text) }
        }
        // A trailer value that holds a closing reference (`Fixes: #12`) is the same bug, once.
        var links: [BugLink] = []
        for text in found {
            let link = BugLink(text, origin: origin)
            if !links.contains(where: { $0.sameBug(as: link) }) { links.append(link) }
        }
        return links
    }

    /// Whether `message` can hold a closing keyword at all: the regex is compiled, and run, only
    /// for one that does (its first compile is a good part of a no-op pre-push hook).
    static func mayClose(_ message: String) -> Bool {
        let lower = message.lowercased()
        return lower.contains("clos") || lower.contains("fix") || lower.contains("resolv")
    }

    /// Whether `message` carries the waiver trailer `key` (`No-Lock: reason`), and its reason.
    public static func waiver(_ key: String, in message: String) -> String? {
        Trailers.parse(message).first { $0.key.lowercased() == key.lowercased() }?.value
    }

    /// The message without its title line.
    static func body(of message: String) -> Substring {
        guard let newline = message.firstIndex(where: { $0 == "\n" || $0 == "\r\n" }) else { return "" }
        return message[message.index(after: newline)...]
    }
}
