import Foundation

/// Colour and progress only where a person is watching: a terminal, and `NO_COLOR` unset.
struct TerminalStyle: Sendable {
    let colour: Bool
    let isTerminal: Bool

    static let standardOutput = TerminalStyle(fd: 1)
    static let standardError = TerminalStyle(fd: 2)

    init(fd: Int32) {
        isTerminal = isatty(fd) == 1
        let environment = ProcessInfo.processInfo.environment
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        colour = isTerminal && !noColour && environment["TERM"] != "dumb"
    }

    init(colour: Bool, isTerminal: Bool) {
        self.colour = colour
        self.isTerminal = isTerminal
    }

    private func wrap(_ code: String, _ text: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func red(_ text: String) -> String { wrap("31", text) }
    func green(_ text: String) -> String { wrap("32", text) }
    func yellow(_ text: String) -> String { wrap("33", text) }
    func bold(_ text: String) -> String { wrap("1", text) }
    func dim(_ text: String) -> String { wrap("2", text) }
}
