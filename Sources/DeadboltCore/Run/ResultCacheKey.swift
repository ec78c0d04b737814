import Crypto

/// The content address of one provider answer: everything the answer depends on, hashed.
///
/// That is the provider's identity (its type, model and parameters, or its command and the blob
/// ids of its own files), the request as the provider reads it (the case input, its tags, the
/// rendered messages and the prompts' blob ids) and the repetition index: caching every
/// repetition under one key would make `--repeat` replay one answer and never find a flaky case.
/// The commit id is left out, so an unrelated commit does not empty the cache.
public enum ResultCacheKey {
    /// Bumped when the key's recipe or the stored entry's shape changes.
    public static let recipe = 1

    /// A 64-character lowercase hex SHA-256.
    public static func key(provider identity: JSONValue, request: [UInt8], repetition: Int) -> String {
        var fields: [String: JSONValue]
        if case .object(let object)? = try? JSONValue.parse(request) {
            fields = object
            fields.removeValue(forKey: "revision")
        } else {
            fields = ["raw": .string(String(decoding: request, as: UTF8.self))]
        }
        let material: JSONValue = .object([
            "recipe": .number(Double(recipe)),
            "provider": identity,
            "request": .object(fields),
            "repetition": .number(Double(repetition)),
        ])
        return ContentHash.sha256(material.compactText())
    }
}
