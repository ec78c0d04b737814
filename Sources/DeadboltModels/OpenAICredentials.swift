import DeadboltCore

/// The request headers of `type: openai`, read from the environment once, before any case runs:
/// `Authorization: Bearer KEY` from `api_key_env`, then `provider.headers` with each `${NAME}`
/// replaced by NAME's value. The values read are the secrets taken out of everything deadbolt says.
public struct OpenAICredentials: Sendable {
    public var headers: [(String, String)]
    /// The key and every value a header read from the environment.
    public var secrets: [String]

    public init(headers: [(String, String)], secrets: [String]) {
        self.headers = headers
        self.secrets = secrets
    }

    /// A variable the configuration needs that is unset or empty.
    public struct Missing: Error, Equatable {
        public var variable: String
        /// The header that refers to it; nil for `api_key_env`.
        public var header: String?
        /// True when it is set to the empty string.
        public var empty: Bool

        public init(variable: String, header: String?, empty: Bool) {
            self.variable = variable
            self.header = header
            self.empty = empty
        }
    }

    /// The headers for `config` from `environment`; a user's own `Authorization` header wins
    /// over the key.
    public static func resolve(_ config: OpenAIConfig, environment: [String: String]) throws(Missing)
        -> OpenAICredentials
    {
        var headers: [(String, String)] = []
        var secrets: [String] = []
        let names = config.headers.keys.sorted()
        if let variable = config.apiKeyVariable {
            guard let key = environment[variable], !key.isEmpty else {
                throw Missing(variable: variable, header: nil, empty: environment[variable] != nil)
            }
            secrets.append(key)
            if !names.contains(where: { $0.lowercased() == "authorization" }) {
                headers.append(("Authorization", "Bearer \(key)"))
            }
        }
        for name in names {
            let (value, read) = try expand(config.headers[name] ?? "", header: name, environment: environment)
            headers.append((name, value))
            secrets += read
        }
        return OpenAICredentials(headers: headers, secrets: secrets)
    }

    /// The variables `config` reads: its key's and those its headers refer to.
    public static func variables(_ config: OpenAIConfig) -> Set<String> {
        var names = Set(config.apiKeyVariable.map { [$0] } ?? [])
        for value in config.headers.values {
            var rest = Substring(value)
            while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
                names.insert(String(rest[open.upperBound..<close]))
                rest = rest[rest.index(after: close)...]
            }
        }
        return names
    }

    /// `value` with each `${NAME}` replaced by NAME's value, and the values it read.
    static func expand(_ value: String, header: String, environment: [String: String]) throws(Missing)
        -> (String, [String])
    {
        var result = ""
        var read: [String] = []
        var rest = Substring(value)
        while let open = rest.range(of: "${") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
            let name = String(rest[open.upperBound..<close])
            guard SecretRedaction.isVariableName(name) else { break }
            guard let found = environment[name], !found.isEmpty else {
                throw Missing(variable: name, header: header, empty: environment[name] != nil)
            }
            result += rest[..<open.lowerBound] + found
            read.append(found)
            rest = rest[rest.index(after: close)...]
        }
        return (result + rest, read)
    }
}
