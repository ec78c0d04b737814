/// Input deadbolt cannot use: a bad configuration, a bad dataset line, a missing file.
///
/// It carries what a person needs to fix it: the file, the line and column when known, what is
/// wrong, and what to do instead. The command layer prints it as `file:line:col: error: ...`
/// and exits 2.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file at fault, as a path from the repository root.
    public var file: String?
    /// 1-based line of the fault.
    public var line: Int?
    /// 1-based column of the fault.
    public var column: Int?
    /// What is wrong.
    public var message: String
    /// What to do instead, when there is something to say.
    public var hint: String?
    /// Further problems of the same input, found while reading past this one (every bad test of a
    /// promptfoo suite, say), for `lint` to report too.
    public var more: [InputError] = []

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, _ message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// `file:line:col` as compilers print it, or nil without a file.
    public var location: String? {
        guard let file else { return nil }
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }

    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += message
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
