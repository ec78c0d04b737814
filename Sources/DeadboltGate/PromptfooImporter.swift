import DeadboltCore
import Foundation

/// `deadbolt import promptfoo`: a promptfoo suite of the work tree written out as a new dataset.
public struct PromptfooImporter {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// What was written.
    public struct Imported: Sendable {
        public var written: [String]
        public var cases: Int
        /// The suite's prompts, for a message when more than one was there.
        public var prompts: Int
    }

    /// Reads the suite at `config` (a path from the current folder or the repository root) and
    /// writes `datasets/NAME/dataset.yml` and `cases.jsonl`; an existing dataset is never overwritten.
    public func run(config written: String, dataset name: String, prompt: String?, currentFolder: String)
        throws -> Imported
    {
        let root = try workspace.workTree(for: "deadbolt import")
        let tree = try workspace.workTreeFiles()
        let configuration = try ConfigParser.load(from: tree)
        guard DatasetName.problem(name) == nil else {
            throw InputError(
                "--dataset `\(name)` \(DatasetName.problem(name) ?? "")",
                hint: "name the dataset for the behaviour it protects, e.g. refund_policy_regressions")
        }
        let path = Self.repositoryPath(written, root: root, currentFolder: currentFolder)
        guard let path else {
            throw InputError(
                "`\(written)` is not a file inside the repository", hint: "give the promptfoo config's path")
        }
        let suite = try PromptfooReader.read(path, in: tree)
        let files = try PromptfooImport.files(suite, prompt: prompt)
        let folder = configuration.datasetFolder(name)
        let manager = FileManager.default
        for file in ["dataset.yml", "cases.jsonl"] where manager.fileExists(atPath: root + "/" + folder + "/" + file) {
            throw InputError(
                file: folder + "/" + file, "already exists; import writes a new dataset and changes no existing one",
                hint: "choose another --dataset name")
        }
        do {
            try manager.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
            try Data(files.definition.utf8).write(to: URL(fileURLWithPath: root + "/" + folder + "/dataset.yml"))
            try Data(files.cases.utf8).write(to: URL(fileURLWithPath: root + "/" + folder + "/cases.jsonl"))
        } catch {
            throw InputError(file: folder, "cannot be written: \(error.localizedDescription)")
        }
        return Imported(
            written: [folder + "/dataset.yml", folder + "/cases.jsonl"], cases: files.caseCount,
            prompts: suite.prompts.count)
    }

    /// `written` from the repository root: relative to the current folder when it is inside the
    /// work tree, else to the root.
    static func repositoryPath(_ written: String, root: String, currentFolder: String) -> String? {
        let absolute =
            written.hasPrefix("/")
            ? written : (currentFolder.hasSuffix("/") ? currentFolder : currentFolder + "/") + written
        let base = root.hasSuffix("/") ? root : root + "/"
        if absolute.hasPrefix(base), let path = RepoPath.normalize(String(absolute.dropFirst(base.count))),
            !path.isEmpty
        {
            return path
        }
        return written.hasPrefix("/") ? nil : RepoPath.normalize(written)
    }
}
