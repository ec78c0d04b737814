import Foundation
import TestSupport

/// The repositories the README's examples are run in: `examples/support-bot` committed into a real
/// repository, and the commits each example assumes.
enum ReadmeScenario {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The example application, committed once ("Add support bot").
    static func supportBot() throws -> GitFixture {
        let fixture = try GitFixture()
        let example = packageRoot + "/examples/support-bot"
        for entry in try FileManager.default.contentsOfDirectory(atPath: example) {
            try FileManager.default.copyItem(atPath: example + "/" + entry, toPath: fixture.root + "/" + entry)
        }
        try fixture.commit("Add support bot")
        return fixture
    }

    /// What `scripts/demo.sh` makes: the refund policy rewritten so that BUG-142 is back, in a commit
    /// that names another bug and adds no case for it.
    static func demo() throws -> GitFixture {
        let fixture = try supportBot()
        try breakRefunds(fixture)
        try fixture.commit(
            "Simplify refund wording\n\nShorter policy text for the refund flow.\n\n"
                + "Bug: https://tracker.example.com/BUG-311")
        return fixture
    }

    /// The bisect example: a shipping edit, the refund rewrite, another shipping edit.
    static func bisect() throws -> GitFixture {
        let fixture = try supportBot()
        try append("- Parcels to islands take 2 more days.\n", to: "prompts/shipping.md", in: fixture)
        try fixture.commit("Island shipping times")
        try breakRefunds(fixture)
        try fixture.commit("Simplify refund wording")
        try append("- Ask for the order number first.\n", to: "prompts/shipping.md", in: fixture)
        try fixture.commit("Ask for the order number")
        return fixture
    }

    static func breakRefunds(_ fixture: GitFixture) throws {
        let old = "Annual plans are refunded pro-rata for the unused months."
        let text = try fixture.read("prompts/refund.md")
        guard text.contains(old) else { throw FixtureError("prompts/refund.md no longer holds \(old)") }
        try fixture.write(
            "prompts/refund.md", text.replacingOccurrences(of: old, with: "Annual plans are not refundable."))
    }

    static func append(_ text: String, to path: String, in fixture: GitFixture) throws {
        try fixture.write(path, try fixture.read(path) + text)
    }

    /// Copies a file of the package (a trace fixture, say) into the repository's work tree.
    static func copy(_ packagePath: String, to path: String, in fixture: GitFixture) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/" + packagePath))
        try fixture.write(path, bytes: Array(data))
    }

    /// A folder holding `deadbolt`, a link to the built binary, to put first on PATH as an install would.
    static let binFolder: String = {
        let folder = (try? TemporaryFolder.make(prefix: "deadbolt-readme-bin")) ?? NSTemporaryDirectory()
        try? FileManager.default.createSymbolicLink(
            atPath: folder + "/deadbolt", withDestinationPath: DeadboltBinary.path)
        return folder
    }()

    /// Runs `script` with bash in the repository, as a user types it: `deadbolt` on PATH, git's fixed
    /// identity, no CI variables.
    static func shell(
        _ script: String, in fixture: GitFixture, input: String = "", environment extra: [String: String] = [:]
    ) throws -> ProcessResult {
        var env = fixture.environment()
        for key in env.keys
        where key.hasPrefix("GITHUB_") || key.hasPrefix("CI_") || key.hasPrefix("DEADBOLT_")
            || key.hasPrefix("OPENAI_") || key == "GITLAB_CI" || key == "GITLAB_TOKEN"
        {
            env.removeValue(forKey: key)
        }
        env["PATH"] = binFolder + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        for (key, value) in extra { env[key] = value }
        return try ProcessResult.run(
            ["bash", "-o", "pipefail", "-ec", script], in: fixture.root, environment: env, input: Array(input.utf8))
    }

    /// `$ command` lines and the output shown under each.
    static func transcript(_ text: String) -> [(command: String, output: String)] {
        var steps: [(command: String, output: String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("$ ") {
                steps.append((String(line.dropFirst(2)), ""))
            } else if !steps.isEmpty {
                steps[steps.count - 1].output += line + "\n"
            }
        }
        return steps
    }

    /// Output with what differs from run to run made equal: durations, and commit ids (the README's
    /// come from a repository with another author and dates). Lines the dynamic loader prints for a
    /// debug build are dropped, and so are trailing spaces and blank lines.
    static func normalized(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.contains("warning: direct reference to protected function") }
            .map { line -> String in
                var line = line
                while line.last == " " { line.removeLast() }
                line = line.replacingOccurrences(
                    of: #"(?<![0-9A-Za-z-])[0-9a-f]{7,40}(?![0-9A-Za-z-])"#, with: "<id>", options: .regularExpression)
                return line.replacingOccurrences(
                    of: #"\b[0-9]+(\.[0-9]+)? m?s\b"#, with: "N ms", options: .regularExpression)
            }
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }

    /// `yaml` with the top-level keys `block` sets replaced by `block`.
    static func replacingTopLevelKeys(of yaml: String, with block: String) -> String {
        func key(_ line: Substring) -> String? {
            guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
            return String(line[..<colon])
        }
        let replaced = Set(block.split(separator: "\n").compactMap(key))
        var kept: [Substring] = []
        var dropping = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if let name = key(line) {
                dropping = replaced.contains(name)
            } else if let first = line.first, first != " ", first != "#", first != "-" {
                dropping = false
            }
            if !dropping { kept.append(line) }
        }
        var text = kept.joined(separator: "\n")
        if !text.hasSuffix("\n") { text += "\n" }
        return text + block + "\n"
    }
}
