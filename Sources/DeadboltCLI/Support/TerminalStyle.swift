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
        let environment = ProcessInfo.processInfo.environment
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        style = Style(colour: isTerminal && !noColour && environment["TERM"] != "dumb")
    }
}
