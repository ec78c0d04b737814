import DeadboltReport
import Foundation

/// Colour and progress only where a person is watching: a terminal, and `NO_COLOR` unset.
struct TerminalStyle: Sendable {
    let isTerminal: Bool
    /// The report floor's colours, on or off for this stream.
    let style: Style

    static let standardOutput = TerminalStyle(fd: 1)
    static let standardError = TerminalStyle(fd: 2)

    init(fd: Int32) {
        isTerminal = isatty(fd) == 1
        // Two variables by getenv: ProcessInfo's environment builds a dictionary of every variable, a
        // cost every hook run paid before it had anything to say.
        let noColour = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        let dumb = getenv("TERM").map { String(cString: $0) == "dumb" } ?? false
        style = Style(colour: isTerminal && !noColour && !dumb)
    }
}
