import DeadboltCore
import DeadboltGit
import DeadboltReport
import DeadboltRunner
import Foundation

/// How an error reaches a person: one message on stderr, and the exit code PRODUCT.md gives it.
enum Diagnostics {
    /// Prints `error` as a person should read it and returns the exit code it becomes.
    static func report(_ error: any Error) -> Int32 {
        let style = TerminalStyle.standardError
        switch error {
        case let error as InputError:
            printError(error.location.map { "\($0): " } ?? "", error.message, hint: error.hint, style: style)
        case let errors as InputErrors:
            for error in errors.errors {
                printError(error.location.map { "\($0): " } ?? "", error.message, hint: error.hint, style: style)
            }
        case let error as GitError:
            printError("", error.description, hint: nil, style: style)
        case let error as PostError:
            printError("", error.message, hint: error.hint, style: style)
        case let error as ProcessStartError:
            printError("", error.description, hint: "check provider.command in deadbolt.yml", style: style)
        case let error as DeadboltExit:
            return error.code
        default:
            printError("", "\(error)", hint: nil, style: style)
        }
        return 2
    }

    static func printError(_ location: String, _ message: String, hint: String?, style: TerminalStyle) {
        var text = location + style.red("error: ") + message + "\n"
        if let hint { text += "  " + style.dim("hint: ") + hint + "\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// A note on stderr that does not stop anything.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// Ends a command with an exit code after it has said what it had to say.
struct DeadboltExit: Error {
    var code: Int32
    static let fail = DeadboltExit(code: 1)
    static let badInput = DeadboltExit(code: 2)
}
