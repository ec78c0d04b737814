import DeadboltCore
import Testing

/// `Glob.matches` is dynamic programming; these check it against the recursive matcher it replaced,
/// and on the input a fuzzer found that kept the recursive one busy for minutes.
@Suite struct GlobDepthTests {
    /// The recursive matcher as it was, over pattern parts: `**` tries every split of the path.
    static func reference(_ parts: ArraySlice<String>, _ names: ArraySlice<String>) -> Bool {
        guard let first = parts.first else { return names.isEmpty }
        if first == "**" {
            let rest = parts.dropFirst()
            if rest.isEmpty { return !names.isEmpty }
            var tail = names
            while true {
                if reference(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        // One part against one name: a one-part glob.
        guard let name = names.first, Glob(first).matches(name) else { return false }
        return reference(parts.dropFirst(), names.dropFirst())
    }

    static func sequences(_ alphabet: [String], upTo length: Int) -> [[String]] {
        var result: [[String]] = [[]]
        var last: [[String]] = [[]]
        for _ in 0..<length {
            last = last.flatMap { prefix in alphabet.map { prefix + [$0] } }
            result += last
        }
        return result
    }

    @Test func agreesWithTheRecursiveMatcher() {
        let patterns = Self.sequences(["**", "*", "a", "a*", "?b"], upTo: 4).filter { !$0.isEmpty }
        let paths = Self.sequences(["a", "ab", "b"], upTo: 4)
        var checked = 0
        for parts in patterns {
            let glob = Glob(parts.joined(separator: "/"))
            for names in paths {
                let path = names.joined(separator: "/")
                #expect(glob.matches(path) == Self.reference(parts[...], names[...]), "\(glob) on \(path)")
                checked += 1
            }
        }
        #expect(checked > 90_000)
    }

    @Test func manyDoubleStarsOnADeepPathAnswerAtOnce() {
        // The fuzzer's finding, in short: 20 `**/*` pairs against a path 40 folders deep.
        let pattern = Array(repeating: "**/*", count: 20).joined(separator: "/") + "/x"
        let deep = Array(repeating: "d", count: 40).joined(separator: "/")
        #expect(!Glob(pattern).matches(deep + "/y"))
        #expect(Glob(pattern).matches(deep + "/x"))
        #expect(!Glob(pattern).matches(Array(repeating: "d", count: 19).joined(separator: "/") + "/x"))
    }
}
