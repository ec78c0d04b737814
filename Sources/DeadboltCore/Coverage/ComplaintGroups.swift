/// Bad traces of one slice that say the same thing, so that one case locks them all: "3 like
/// 'ignored our enterprise contract terms'" rather than three lines to read.
public struct ComplaintGroup: Sendable, Equatable {
    /// The traces, best first (complaints, then the newest): the first is the one to capture.
    public var members: [CoverageTally.Candidate]
    /// The words the group is matched on, from its first member's text; empty when it has none.
    let words: Set<Substring>

    public var first: CoverageTally.Candidate { members[0] }
}

/// Groups a slice's candidates by what their text says: words in common over words in all (Jaccard)
/// of at least ``threshold`` with a group's first member joins the group. Candidates without text
/// group by their outcome. Small on purpose: a slice keeps at most
/// ``CoverageTally/candidateLimit`` candidates.
public enum ComplaintGroups {
    public static let threshold = 0.4

    /// Words that say nothing about what went wrong.
    static let stopWords: Set<Substring> = [
        "the", "and", "for", "you", "your", "with", "this", "that", "was", "are", "but", "have", "has", "had",
        "from", "our", "its", "it's", "can", "could", "would", "should", "what", "when", "why", "how", "just",
        "again", "please", "get", "got", "any", "all", "did", "does", "not", "bot", "answer", "said", "told",
    ]

    public static func group(_ candidates: [CoverageTally.Candidate]) -> [ComplaintGroup] {
        var groups: [ComplaintGroup] = []
        for candidate in candidates {
            let words = words(of: candidate.text)
            let index = groups.firstIndex { group in
                if words.isEmpty || group.words.isEmpty {
                    return words.isEmpty && group.words.isEmpty
                        && group.first.outcome.lowercased()
                            == candidate.outcome.lowercased()
                }
                return similarity(words, group.words) >= threshold
            }
            if let index {
                groups[index].members.append(candidate)
            } else {
                groups.append(ComplaintGroup(members: [candidate], words: words))
            }
        }
        // Groups with a complaint first, then the biggest, then in the order of their first members
        // (the newest first).
        return groups.enumerated().sorted { a, b in
            let complaintA = a.element.members.contains(where: \.complaint)
            let complaintB = b.element.members.contains(where: \.complaint)
            if complaintA != complaintB { return complaintA }
            if a.element.members.count != b.element.members.count {
                return a.element.members.count > b.element.members.count
            }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// Lowercased words of three letters or more, less the ``stopWords``.
    static func words(of text: String?) -> Set<Substring> {
        guard let text else { return [] }
        let lowered = text.lowercased()
        let split = lowered.split { !($0.isLetter || $0.isNumber || $0 == "'") }
        return Set(split.filter { $0.count >= 3 && !stopWords.contains($0) })
    }

    static func similarity(_ a: Set<Substring>, _ b: Set<Substring>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }
}
