import Yams

/// Where eval records go: `history:` in `deadbolt.yml`, or `DEADBOLT_HISTORY_URL`.
public struct HistoryConfig: Sendable, Equatable {
    /// A store, as its URL names it.
    public enum Location: Sendable, Equatable {
        /// An SQLite file; nil is the default, `deadbolt/history.sqlite` in the git directory (shared by
        /// every worktree). A relative path is from the repository root; `.git/...` is in the git directory.
        case sqlite(path: String?)
        /// A PostgreSQL server (`postgres://USER:PASSWORD@HOST:PORT/DB`).
        case postgres(url: String)
        /// `off`: nothing is recorded and nothing is compared.
        case off
    }

    public var location: Location = .sqlite(path: nil)
    /// True: a store that cannot be reached or written fails the gate (a strict warning, exit 1) instead of a
    /// warning that leaves the verdict as it is.
    public var required = false
    /// Where `history.url` was written, for messages.
    public var line: Int?

    public init() {}

    /// The environment variable that overrides `history.url`.
    public static let environmentVariable = "DEADBOLT_HISTORY_URL"

    /// Reads a store URL: `sqlite:PATH`, `postgres://...` or `postgresql://...`, `off`; nil for anything else.
    public static func location(_ text: String) -> Location? {
        let trimmed = text.trimmingWhitespace()
        if trimmed == "off" { return .off }
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            return trimmed.contains("\n") ? nil : .postgres(url: trimmed)
        }
        if trimmed.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty, !path.contains("\n"), !path.contains("\0") else { return nil }
            return .sqlite(path: path)
        }
        return nil
    }

    /// The location after `DEADBOLT_HISTORY_URL`, which wins over `deadbolt.yml`.
    public func resolved(environment: [String: String]) throws(InputError) -> Location {
        guard let text = environment[Self.environmentVariable], !text.isEmpty else { return location }
        guard let location = Self.location(text) else {
            throw InputError(
                "\(Self.environmentVariable) is not a history URL: \(SecretText.withoutPassword(text))",
                hint: "use sqlite:PATH, postgres://USER@HOST/DB, or off")
        }
        return location
    }
}

/// The policy `deadbolt tiers` proposes from: `tiers:` in `deadbolt.yml`.
public struct TierPolicy: Sendable, Equatable {
    /// A case that caught a regression this recently moves to smoke.
    public var promoteWithinSeconds: Double = 90 * 86_400
    /// A smoke case green this long (over at least `minRuns` runs) moves down.
    public var demoteAfterSeconds: Double = 365 * 86_400
    public var minRuns = 20
    /// The most cases the smoke tier keeps.
    public var smokeBudget = 30

    public static let durationRange: ClosedRange<Double> = 86_400...(3_650 * 86_400)
    public static let minRunsRange = 1...1_000_000
    public static let smokeBudgetRange = 0...100_000

    public init() {}
}

/// A URL's password replaced, so that a message can show the URL.
public enum SecretText {
    /// `postgres://user:secret@host/db` as `postgres://user:***@host/db`.
    public static func withoutPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else {
            return url
        }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}

enum HistoryConfigParser {
    static func history(_ node: Node, _ file: YAMLFile) throws(InputError) -> HistoryConfig {
        var config = HistoryConfig()
        if case .scalar = node {
            if node.bool == false || node.string == "off" {
                config.location = .off
                config.line = node.mark?.line
                return config
            }
            throw file.error(
                "`history` must be off, or a mapping such as {url: postgres://deadbolt@db/evals, required: false}",
                at: node)
        }
        for (key, _, value) in try file.mapping(node, known: ["url", "required"], what: "history") {
            switch key {
            case "url":
                let text: String
                if value.bool == false { text = "off" } else { text = try file.string(value, "history.url") }
                guard let location = HistoryConfig.location(text) else {
                    throw file.error(
                        "`history.url` must be sqlite:PATH, postgres://USER@HOST/DB or off, not "
                            + "`\(SecretText.withoutPassword(text))`", at: value)
                }
                config.location = location
                config.line = value.mark?.line
            case "required": config.required = try file.bool(value, "history.required")
            default: break
            }
        }
        return config
    }

    static func tiers(_ node: Node, _ file: YAMLFile) throws(InputError) -> TierPolicy {
        var policy = TierPolicy()
        let keys = ["promote_within", "demote_after", "min_runs", "smoke_budget"]
        for (key, _, value) in try file.mapping(node, known: keys, what: "tiers") {
            switch key {
            case "promote_within", "demote_after":
                let text = try file.string(value, "tiers.\(key)")
                guard let seconds = DurationText.seconds(text),
                    BoundedNumber.real(seconds, in: TierPolicy.durationRange) != nil
                else {
                    throw file.error(
                        "`tiers.\(key)` must be a duration from 1d to 3650d, such as 90d, not `\(text)`", at: value)
                }
                if key == "promote_within" {
                    policy.promoteWithinSeconds = seconds
                } else {
                    policy.demoteAfterSeconds = seconds
                }
            case "min_runs":
                policy.minRuns = try ProviderConfigParser.bounded(
                    value, "tiers.min_runs", TierPolicy.minRunsRange, file)
            case "smoke_budget":
                policy.smokeBudget = try ProviderConfigParser.bounded(
                    value, "tiers.smoke_budget", TierPolicy.smokeBudgetRange, file)
            default: break
            }
        }
        return policy
    }
}
