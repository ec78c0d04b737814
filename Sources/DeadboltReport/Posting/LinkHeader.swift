import Foundation

/// RFC 8288 `Link` headers as GitHub pages lists with them: `<URL>; rel="next", <URL>; rel="last"`.
public enum LinkHeader {
    /// The `rel="next"` address, or nil on the last page.
    public static func next(_ header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = pieces.first, first.hasPrefix("<"), first.hasSuffix(">") else { continue }
            if pieces.dropFirst().contains(where: { $0 == "rel=\"next\"" || $0 == "rel=next" }) {
                return String(first.dropFirst().dropLast())
            }
        }
        return nil
    }
}
