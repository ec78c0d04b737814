import DeadboltCore
import Testing

/// A memory tree that, like a git commit, knows each file's content id without reading it.
final class IdentifiedTree: FileTree, @unchecked Sendable {
    let inner: MemoryTree
    init(_ files: [String: String]) { inner = MemoryTree(files) }
    var reads: [String] { inner.reads }

    func read(_ path: String) throws -> [UInt8]? { try inner.read(path) }
    func exists(_ path: String) throws -> Bool { try inner.exists(path) }
    func folders(in path: String) throws -> [String]? { try inner.folders(in: path) }
    func files(under path: String) throws -> [String] { try inner.files(under: path) }
    func contentID(_ path: String) throws -> String? { inner.files[path].map { "blob-" + Fingerprint.of([$0]) } }

    func entryIDs(in path: String) throws -> [String: String]? {
        let prefix = path.isEmpty ? "" : path + "/"
        var ids: [String: String] = [:]
        for (file, content) in inner.files where file.hasPrefix(prefix) {
            let rest = file.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") {
                let folder = String(rest[..<slash])
                let below = inner.files.filter { $0.key.hasPrefix(prefix + folder + "/") }.sorted { $0.key < $1.key }
                ids[folder] = "tree-" + Fingerprint.of(below.flatMap { [$0.key, $0.value] })
            } else {
                ids[String(rest)] = "blob-" + Fingerprint.of([content])
            }
        }
        return ids
    }

    func fileIDs(under path: String) throws -> [(path: String, id: String?)] {
        try files(under: path).map { ($0, try contentID($0)) }
    }
}

final class MemoryFacts: DerivedFacts {
    var stored: [String: [String]] = [:]
    func facts(for key: String) -> [String]? { stored[key] }
    func remember(_ values: [String], for key: String) { stored[key] = values }
}

@Suite struct DerivedFactsTests {
    func select(_ tree: IdentifiedTree, _ facts: MemoryFacts?, _ path: String) throws -> Selection {
        let config = try ConfigParser.load(from: tree)
        let change = Classifier(config: config).classify(PathChange(status: .modified, path: path))
        return try Selector(config: config, head: tree, base: nil, facts: facts).select(
            gate: try config.gate(named: "pre-push"), changes: [change])
    }

    func summary(_ selection: Selection) -> [String] {
        selection.datasets.flatMap { selected in selected.reasons.map { $0.chain(to: selected.dataset.name) } }
    }

    @Test func warmFactsGiveTheSameSelectionWithoutReadingPrompts() throws {
        let facts = MemoryFacts()
        let cold = IdentifiedTree(SelectorTests.repository())
        let first = try select(cold, facts, "prompts/partials/signoff.md")
        #expect(!facts.stored.isEmpty)
        let warm = IdentifiedTree(SelectorTests.repository())
        let second = try select(warm, facts, "prompts/partials/signoff.md")
        #expect(summary(first) == summary(second))
        #expect(
            summary(second) == [
                "prompts/partials/signoff.md → prompts/partials/tone.md → prompts/refund.md → "
                    + "refund_policy_regressions"
            ])
        #expect(!warm.reads.contains { $0.hasPrefix("prompts/") })
        #expect(!warm.reads.contains("evals/regression/shipping_time_regressions/dataset.yml"))
    }

    @Test func editedContentIsReadAgainNotTakenFromStaleFacts() throws {
        let facts = MemoryFacts()
        _ = try select(IdentifiedTree(SelectorTests.repository()), facts, "prompts/partials/signoff.md")
        var files = SelectorTests.repository()
        // The shipping prompt now includes the sign-off, and the refund prompt no longer does.
        files["prompts/shipping.md"] = "Ships fast.\n{{> prompts/partials/signoff.md}}\n"
        files["prompts/partials/tone.md"] = "Be polite.\n"
        let selection = try select(IdentifiedTree(files), facts, "prompts/partials/signoff.md")
        #expect(
            summary(selection) == ["prompts/partials/signoff.md → prompts/shipping.md → shipping_time_regressions"])
    }

    @Test func changedOwnersAreReadAgain() throws {
        let facts = MemoryFacts()
        _ = try select(IdentifiedTree(SelectorTests.repository()), facts, "prompts/shipping.md")
        var files = SelectorTests.repository()
        files["evals/regression/safety_boundary_cases/dataset.yml"] =
            "owners: [guardrails/pii.yaml, prompts/shipping.md]\n"
        let selection = try select(IdentifiedTree(files), facts, "prompts/shipping.md")
        #expect(selection.datasets.map(\.dataset.name) == ["safety_boundary_cases", "shipping_time_regressions"])
    }
}
