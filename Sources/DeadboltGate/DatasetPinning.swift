import DeadboltCore
import DeadboltGit
import Foundation

/// `deadbolt pin` and `deadbolt verify`: each dataset's version and content hash, written and checked.
public struct DatasetPinning {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// The pins of the work tree's datasets, written to `deadbolt.lock`.
    public func pin() throws -> PinFile {
        let root = try workspace.workTree(for: "deadbolt pin")
        let pins = try Self.pins(of: try workspace.workTreeFiles())
        do {
            try Data(pins.render().utf8).write(to: URL(fileURLWithPath: root + "/" + PinFile.fileName))
        } catch {
            throw InputError(file: PinFile.fileName, "cannot be written: \(error.localizedDescription)")
        }
        return pins
    }

    /// How the work tree's datasets differ from `deadbolt.lock`, or from those of `against`.
    public func verify(against: String?) throws -> [PinDifference] {
        let tree = try workspace.workTreeFiles()
        let actual = try Self.pins(of: tree)
        let expected: PinFile
        if let against {
            expected = try Self.pins(of: workspace.tree(try workspace.repository.resolve(against)))
        } else {
            guard let text = try tree.text(PinFile.fileName) else {
                throw InputError(
                    file: PinFile.fileName, "does not exist",
                    hint: "run deadbolt pin and commit the file with the release")
            }
            expected = try PinFile.parse(text)
        }
        return PinFile.compare(expected: expected, actual: actual)
    }

    /// The pins of `tree`'s datasets, each hashed as a git blob (reproducible with `git hash-object`).
    static func pins(of tree: any FileTree) throws -> PinFile {
        let config = try ConfigParser.load(from: tree)
        return try PinFile.pins(of: try DatasetCatalog(tree: tree, config: config)) { ObjectID.blob(hashing: $0).hex }
    }
}
