/// How often a case runs: `smoke` on every push, `full` nightly, `extended` weekly.
public enum Tier: String, Sendable, Codable, CaseIterable, Comparable {
    case smoke, full, extended

    public static func < (a: Tier, b: Tier) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The tier named `text`, or an error suggesting the nearest name.
    public static func parse(_ text: String, file: String?, line: Int?, column: Int? = nil) throws(InputError) -> Tier {
        if let tier = Tier(rawValue: text) { return tier }
        let names = allCases.map(\.rawValue)
        let hint = EditDistance.didYouMean(text, in: names) ?? "tiers are \(names.joined(separator: ", "))"
        throw InputError(file: file, line: line, column: column, "unknown tier `\(text)`", hint: hint)
    }
}

/// Whether a gate runs only the datasets a change reaches, or all of them.
public enum Scope: String, Sendable, Codable {
    case affected, all
}

/// A named moment with the tiers it runs and its scope.
public struct Gate: Sendable, Equatable {
    public var name: String
    public var tiers: [Tier]
    public var scope: Scope

    public init(name: String, tiers: [Tier], scope: Scope) {
        self.name = name
        self.tiers = tiers
        self.scope = scope
    }

    /// The built-in gates (docs/configuration.md), used for any gate `deadbolt.yml` does not define.
    public static let defaults: [Gate] = [
        Gate(name: "pre-push", tiers: [.smoke], scope: .affected),
        Gate(name: "pull-request", tiers: [.smoke, .full], scope: .affected),
        Gate(name: "nightly", tiers: [.smoke, .full], scope: .all),
        Gate(name: "release", tiers: [.smoke, .full], scope: .all),
        Gate(name: "weekly", tiers: [.smoke, .full, .extended], scope: .all),
    ]
}
