import DeadboltCore
import Foundation

/// How an error reaches a person: one message on stderr, and the exit code it becomes.
enum Diagnostics {
    /// Prints `diagnostic` as `location: error: message` with its hint, and returns exit code 2:
    /// the input could not be used.
    static func report(_ diagnostic: any Diagnostic) -> Int32 {
        let style = TerminalStyle.standardError.style
        var text = diagnostic.location.map { "\($0): " } ?? ""
        text += style.red("error: ") + diagnostic.message + "\n"
        if let hint = diagnostic.hint { text += "  " + style.dim("hint: ") + hint + "\n" }
        if let more = (diagnostic as? InputError)?.more.count, more > 0 {
            text +=
                "  and \(more) more \(more == 1 ? "problem" : "problems") of the same input: "
                + "`deadbolt lint` lists every one\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
        return 2
    }

    /// A note on stderr that does not stop anything.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// Ends a command with an exit code after it has said what it had to say.
struct DeadboltExit: Error {
    var code: Int32
    /// The verdict is fail.
    static let fail = DeadboltExit(code: 1)
}
