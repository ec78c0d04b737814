/// Colours for text reports; plain when the output is not a terminal or `NO_COLOR` is set.
public struct Style: Sendable {
    public let colour: Bool

    public init(colour: Bool) { self.colour = colour }

    /// No colour at all.
    public static let plain = Style(colour: false)

    private func wrap(_ code: String, _ text: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func red(_ text: String) -> String { wrap("31", text) }
    public func green(_ text: String) -> String { wrap("32", text) }
    public func yellow(_ text: String) -> String { wrap("33", text) }
    public func bold(_ text: String) -> String { wrap("1", text) }
    public func dim(_ text: String) -> String { wrap("2", text) }
}
