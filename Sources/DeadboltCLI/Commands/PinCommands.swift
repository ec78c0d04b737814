import ArgumentParser
import DeadboltCore
import DeadboltGit
import Foundation

/// `deadbolt pin`: writes `deadbolt.lock` with each dataset's version and content hash.
struct PinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Write deadbolt.lock: each dataset's version and the hash of its cases, to commit with a release.")

    @Option(name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
    var repo: String?

    func run() async throws {
        let workspace = try Workspace(path: repo)
        let root = try workspace.workTree(for: "deadbolt pin")
        let tree = try workspace.workTreeFiles()
        let config = try ConfigParser.load(from: tree)
        let pins = try PinFile.pins(of: try DatasetCatalog(tree: tree, config: config), hash: Pins.hash)
        do {
            try Data(pins.render().utf8).write(to: URL(fileURLWithPath: root + "/" + PinFile.fileName))
        } catch {
            throw InputError(file: PinFile.fileName, "cannot be written: \(error.localizedDescription)")
        }
        print("pinned \(pins.datasets.count) dataset\(pins.datasets.count == 1 ? "" : "s") in \(PinFile.fileName)")
    }
}

/// `deadbolt verify`: the work tree's datasets against `deadbolt.lock`, or against a release.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the datasets against deadbolt.lock, or against the datasets of a release (--against v1.4).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Compare with the datasets of this revision (a release tag) instead of deadbolt.lock.")
    var against: String?

    func run() async throws {
        let workspace = try Workspace(path: global.repo)
        let tree = try workspace.workTreeFiles()
        let config = try ConfigParser.load(from: tree)
        let actual = try PinFile.pins(of: try DatasetCatalog(tree: tree, config: config), hash: Pins.hash)
        let expected: PinFile
        if let against {
            let released = workspace.tree(try workspace.repository.resolve(against))
            let releasedConfig = try ConfigParser.load(from: released)
            expected = try PinFile.pins(of: try DatasetCatalog(tree: released, config: releasedConfig), hash: Pins.hash)
        } else {
            guard let text = try tree.text(PinFile.fileName) else {
                throw InputError(file: PinFile.fileName, "does not exist", hint: "run deadbolt pin and commit the file with the release")
            }
            expected = try PinFile.parse(text)
        }
        let differences = PinFile.compare(expected: expected, actual: actual)
        let errors = differences.filter(\.isError)
        switch global.format {
        case .json:
            let json: JSONValue = .object([
                "against": .string(against ?? PinFile.fileName),
                "ok": .bool(errors.isEmpty),
                "differences": .array(differences.map { .object(["message": .string($0.message), "error": .bool($0.isError)]) }),
            ])
            print(json.prettyText())
        case .text:
            for difference in differences { print((difference.isError ? "error: " : "") + difference.message) }
            print(errors.isEmpty ? "verify: datasets match \(against ?? PinFile.fileName)" : "verify: \(errors.count) dataset\(errors.count == 1 ? "" : "s") break the pin")
        }
        if !errors.isEmpty { throw DeadboltExit.fail }
    }
}

enum Pins {
    /// The git blob id of the canonical text: reproducible with `git hash-object`.
    static func hash(_ bytes: [UInt8]) -> String { ObjectID.blob(hashing: bytes).hex }
}
