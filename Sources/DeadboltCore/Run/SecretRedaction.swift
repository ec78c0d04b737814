/// CI tokens kept away from the provider and out of everything captured from it.
///
/// The provider is the user's program and its output ends up in terminals, reports and a posted
/// pull-request comment: a token it echoed would be published. So the provider's environment
/// holds no CI token unless `provider.env` asks for it, and every byte captured from a provider
/// or an evaluator has the tokens' values replaced by `***`. The core reads no environment: it is
/// handed one.
public struct SecretRedaction: Sendable, Equatable {
    /// The variables CI systems put credentials in.
    public static let tokenNames: Set<String> = [
        "GITHUB_TOKEN", "GH_TOKEN", "GITLAB_TOKEN", "CI_JOB_TOKEN", "CI_JOB_JWT", "CI_JOB_JWT_V1", "CI_JOB_JWT_V2",
        "CI_REGISTRY_PASSWORD", "CI_DEPLOY_PASSWORD", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    ]
    /// Shorter values are not redacted: replacing every `true` or `1234` would garble output and
    /// hide nothing.
    public static let minimumLength = 8
    public static let replacement: [UInt8] = Array("***".utf8)

    /// The values to replace, longest first so that one holding another is replaced whole.
    public let secrets: [[UInt8]]

    /// Redacts the values of `environment`'s CI tokens, and of the variables named in `also`
    /// (a model's API key).
    public init(environment: [String: String], also names: Set<String> = []) {
        let values = Set(environment.filter { Self.tokenNames.contains($0.key) || names.contains($0.key) }.map(\.value))
        secrets = values.map { Array($0.utf8) }.filter { $0.count >= Self.minimumLength }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
    }

    /// True for a name an environment variable can have: a letter or `_`, then letters, digits, `_`.
    public static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.isASCIILetter else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.isASCIILetter || $0.isASCIIDigit }
    }

    /// Nothing to redact.
    public static let none = SecretRedaction(environment: [:])

    /// `bytes` with every secret replaced by `***`.
    public func redact(_ bytes: [UInt8]) -> [UInt8] {
        guard !secrets.isEmpty, !bytes.isEmpty else { return bytes }
        var result = bytes
        for secret in secrets where ByteSearch.contains(secret, in: result) {
            result = Self.replace(secret, in: result)
        }
        return result
    }

    /// `text` with every secret replaced by `***`.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        let bytes = Array(text.utf8)
        let redacted = redact(bytes)
        return redacted == bytes ? text : String(decoding: redacted, as: UTF8.self)
    }

    static func replace(_ secret: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        let first = secret[0]
        while index < bytes.count {
            if bytes[index] == first, index + secret.count <= bytes.count,
                bytes[index..<index + secret.count].elementsEqual(secret)
            {
                out += replacement
                index += secret.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    /// The environment a provider runs with: `inherited` without its CI tokens, then `explicit`
    /// on top (the variables deadbolt sets, and `provider.env` after ``expandingReferences``).
    public static func providerEnvironment(inherited: [String: String], explicit: [String: String]) -> [String: String]
    {
        inherited.filter { !tokenNames.contains($0.key) }.merging(explicit, uniquingKeysWith: { $1 })
    }

    /// `provider.env` with each value `${NAME}` replaced by NAME's value in `inherited` (empty when
    /// unset): a provider that needs a token is given it by name, without the token written down.
    public static func expandingReferences(_ explicit: [String: String], from inherited: [String: String]) -> [String:
        String]
    {
        explicit.mapValues { value in
            guard value.hasPrefix("${"), value.hasSuffix("}"), value.count > 3 else { return value }
            return inherited[String(value.dropFirst(2).dropLast())] ?? ""
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
