import DeadboltCore
import DeadboltGate
import Foundation
import TestSupport
import Testing

/// A folder, a link, a byte that is not UTF-8, a reused id or a huge message is named as what it is.
@Suite struct MisleadingMessageTests {
    static let definition = "owners: [prompts/refund.md]\n"
    static let line = #"{"id": "a", "input": "q", "expected_output": "x"}"#

    /// A work tree on disk, for folders and symbolic links.
    func folder(_ files: [String: String]) throws -> (String, DirectoryTree) {
        let root = try TemporaryFolder.make(prefix: "hostile")
        for (path, text) in files {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return (root, DirectoryTree(root: root, identify: { "id-\($0.count)" }))
    }

    @Test func deadboltYmlThatIsAFolderSaysSo() throws {
        let (root, tree) = try folder([:])
        try FileManager.default.createDirectory(atPath: root + "/deadbolt.yml", withIntermediateDirectories: true)
        let error = #expect(throws: InputError.self) { try ConfigParser.load(from: tree) }
        #expect(error?.file == "deadbolt.yml")
        #expect(error?.message.contains("is a folder") == true)
    }

    @Test func casesThatIsAFolderOrASymlinkSaysSo() throws {
        let dataset = "evals/regression/refunds"
        let (root, tree) = try folder([dataset + "/dataset.yml": Self.definition, "outside.jsonl": Self.line])
        try FileManager.default.createDirectory(
            atPath: root + "/" + dataset + "/cases.jsonl", withIntermediateDirectories: true)
        let catalog = try DatasetCatalog(tree: tree, config: Config())
        let found = try #require(try catalog.dataset(named: "refunds"))
        let folderError = #expect(throws: InputError.self) { try catalog.cases(of: found) }
        #expect(folderError?.message.contains("is a folder") == true)

        try FileManager.default.removeItem(atPath: root + "/" + dataset + "/cases.jsonl")
        try FileManager.default.createSymbolicLink(
            atPath: root + "/" + dataset + "/cases.jsonl", withDestinationPath: root + "/outside.jsonl")
        let linkError = #expect(throws: InputError.self) {
            try DatasetCatalog(tree: tree, config: Config()).cases(of: found)
        }
        #expect(linkError?.file == dataset + "/cases.jsonl")
        #expect(linkError?.message.contains("symbolic link") == true)
    }

    @Test func nonUTF8ByteInDeadboltYmlIsRefusedWithItsLine() throws {
        var bytes = Array("version: 1\nprompts: [\"prompts/".utf8)
        bytes.append(0xFF)
        bytes += Array("/**\"]\n".utf8)
        let tree = BytesTree(["deadbolt.yml": bytes])
        let error = #expect(throws: InputError.self) { try ConfigParser.load(from: tree) }
        #expect(error?.line == 2)
        #expect(error?.column == 20)
        #expect(error?.message.contains("0xFF") == true)
        // An escape names a character, which is valid: `\xFF` is ÿ, UTF-8 C3 BF.
        let escaped = try ConfigParser.parse("version: 1\nprompts: [\"prompts/\\xFF/**\"]\n")
        #expect(escaped.prompts.first?.matches("prompts/ÿ/a.md") == true)
    }

    @Test func assertionErrorInDatasetYmlNamesItsLine() throws {
        let dataset = try DatasetParser.parse(
            "owners: [prompts/refund.md]\nassert:\n"
                + "  - type: icontains\n    value: x\n  - type: latency\n    value: y\n",
            name: "d", folder: "evals/regression/d")
        let regressionCase = RegressionCase(id: "a", input: .string("q"), expectedOutput: .string("x"), line: 1)
        let error = #expect(throws: InputError.self) {
            try RunPlanner.plan([(dataset, [regressionCase])], prompts: { _ in [:] }, revision: nil)
        }
        #expect(error?.file == "evals/regression/d/dataset.yml")
        #expect(error?.line == 5)
        let unknown = try DatasetParser.parse(
            "owners: [p.md]\nassert:\n  - {type: sounds-like, value: x}\n", name: "d", folder: "f")
        let second = #expect(throws: InputError.self) {
            try RunPlanner.plan([(unknown, [regressionCase])], prompts: { _ in [:] }, revision: nil)
        }
        #expect(second?.line == 3)
    }

    @Test func hugeCommitMessageIsNotEchoedWhole() {
        let check = CommitMessageCheck(config: Config())
        let subject = String(repeating: "x", count: 10_000_000)
        let staged = [PathChange(status: .modified, path: "prompts/refund.md", kinds: [.prompt])]
        guard case .refused(let text) = check.check(subject + "\n\nbody", staged: staged, origin: nil) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(text.count < 2_000)
        #expect(text.contains(String(repeating: "x", count: 200) + "…"))
    }
}

/// A tree of raw bytes, for files that are not valid text.
final class BytesTree: FileTree, @unchecked Sendable {
    let files: [String: [UInt8]]
    init(_ files: [String: [UInt8]]) { self.files = files }
    func read(_ path: String) throws -> [UInt8]? { files[path] }
    func exists(_ path: String) throws -> Bool { files[path] != nil }
    func folders(in path: String) throws -> [String]? { nil }
    func files(under path: String) throws -> [String] { [] }
    func contentID(_ path: String) throws -> String? { nil }
}
