import Foundation
import Testing

/// Runs the real `deadbolt ARGUMENTS` in `folder` and records an issue at the caller's line when
/// it does not exit with `status`, or its standard output or error lacks one of the expected
/// pieces of text. Returns what it printed, for further checks.
@discardableResult
public func expectDeadbolt(
    _ arguments: [String], in folder: String, input: String = "", environment: [String: String] = [:],
    exits status: Int32, stdout: [String] = [], stderr: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> ProcessResult {
    let result = try DeadboltBinary.run(arguments, in: folder, input: input, environment: environment)
    let command = (["deadbolt"] + arguments).joined(separator: " ")
    var problems: [String] = []
    if result.status != status { problems.append("exited \(result.status), expected \(status)") }
    for piece in stdout where !result.stdout.contains(piece) { problems.append("stdout lacks \(quoted(piece))") }
    for piece in stderr where !result.stderr.contains(piece) { problems.append("stderr lacks \(quoted(piece))") }
    if !problems.isEmpty {
        let shown =
            "\(command): \(problems.joined(separator: "; "))\n--- stdout:\n\(excerpt(result.stdout))"
            + "\n--- stderr:\n\(excerpt(result.stderr))"
        Issue.record(Comment(rawValue: shown), sourceLocation: sourceLocation)
    }
    return result
}

/// The same, in a fixture's work tree.
@discardableResult
public func expectDeadbolt(
    _ arguments: [String], in fixture: GitFixture, input: String = "", environment: [String: String] = [:],
    exits status: Int32, stdout: [String] = [], stderr: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> ProcessResult {
    try expectDeadbolt(
        arguments, in: fixture.root, input: input, environment: environment, exits: status, stdout: stdout,
        stderr: stderr, sourceLocation: sourceLocation)
}

private func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\n", with: "\\n") + "\""
}

/// At most the last 4,000 characters: enough to see why, not a flood.
private func excerpt(_ text: String) -> String {
    text.count <= 4_000 ? text : "…" + String(text.suffix(4_000))
}
