import ArgumentParser
import DeadboltCore
import DeadboltGate
import DeadboltReport

/// `deadbolt pin`: writes `deadbolt.lock` with each dataset's version and content hash.
struct PinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Write deadbolt.lock: each dataset's version and the hash of its cases, to commit with a release.")

    @Option(
        name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
    var repo: String?

    func run() async throws {
        let pins = try DatasetPinning(workspace: try Workspace(path: repo)).pin()
        print("pinned \(Plural.count(pins.datasets.count, "dataset")) in \(PinFile.fileName)")
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
        let differences = try DatasetPinning(workspace: try Workspace(path: global.repo)).verify(against: against)
        let name = against ?? PinFile.fileName
        switch global.format {
        case .json: print(PinReport.json(differences, against: name).prettyText())
        case .text: print(PinReport.text(differences, against: name), terminator: "")
        }
        if differences.contains(where: \.isError) { throw DeadboltExit.fail }
    }
}
