import DeadboltCore

/// `deadbolt lint`: every finding, errors and warnings apart.
public enum LintReport {
    /// `{"errors": [...], "warnings": [...]}`, each with rule, file, line, column, message and hint.
    public static func json(_ findings: [LintFinding]) -> JSONValue {
        .object([
            "errors": .array(findings.filter { $0.severity == .error }.map(json)),
            "warnings": .array(findings.filter { $0.severity == .warning }.map(json)),
        ])
    }

    static func json(_ finding: LintFinding) -> JSONValue {
        .object([
            "rule": .string(finding.rule),
            "file": finding.error.file.map { .string($0) } ?? .null,
            "line": finding.error.line.map { .number(Double($0)) } ?? .null,
            "column": finding.error.column.map { .number(Double($0)) } ?? .null,
            "message": .string(finding.error.message),
            "hint": finding.error.hint.map { .string($0) } ?? .null,
        ])
    }

    /// `file:line: error: message  [rule]` a finding, then the counts.
    public static func text(_ findings: [LintFinding], style: Style = .plain) -> String {
        var out = ""
        for finding in findings {
            let label = finding.severity == .error ? style.red("error: ") : style.yellow("warning: ")
            out += (finding.error.location.map { "\($0): " } ?? "") + label + finding.error.message
            out += style.dim("  [\(finding.rule)]") + "\n"
            if let hint = finding.error.hint { out += "  " + style.dim("hint: ") + hint + "\n" }
        }
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.count - errors
        out +=
            findings.isEmpty
            ? "lint: no problems\n"
            : "lint: \(Plural.count(errors, "error")), \(Plural.count(warnings, "warning"))\n"
        return out
    }
}
