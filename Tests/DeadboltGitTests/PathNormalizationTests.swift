import Testing

@testable import DeadboltGit

@Suite struct PathNormalizationTests {
    /// What `normalize` did before its fast path: split, drop empty and `.` parts, refuse `..`.
    static func reference(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == ".." { return nil }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    static let paths = [
        "", "/", "//", ".", "..", "...", "a", "a/b", "a/b/c.md", "/a", "a/", "a//b", "./a", "a/.", "a/./b",
        "a/..", "../a", "a/../b", "a/...", ".../a", ".a", "a/.b", "a/..b/c", "..a", "a..", "prompts/x.md/",
        "é/ü.md", "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z.md", ". /a", "a/ .",
    ]

    @Test(arguments: paths) func agreesWithSplittingAndJoining(path: String) {
        #expect(RevisionTree.normalize(path) == Self.reference(path))
        if RevisionTree.isNormal(path) { #expect(Self.reference(path) == path) }
    }

    @Test func callsOnlyNormalPathsNormal() {
        #expect(RevisionTree.isNormal("prompts/refund.md"))
        #expect(RevisionTree.isNormal("a/..b/.c/..."))
        for path in ["", "a/", "/a", "a//b", "./a", "a/.", "a/../b", ".."] { #expect(!RevisionTree.isNormal(path)) }
    }
}
