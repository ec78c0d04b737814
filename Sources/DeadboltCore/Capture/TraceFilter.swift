/// `--where key=value`: the traces a batch capture takes, by a tag the trace carries.
///
/// A trace matches when some span, log record or resource of it has the tag: by the tag name a
/// case would get (`outcome` from `app.outcome`, `customer_tier` from
/// `langfuse.trace.metadata.customer_tier`, `user_id` from `user.id`) or by the attribute's own
/// name. Several filters must all match, each anywhere in the trace.
public struct TraceFilter: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// `key=value`, or nil when the text is not one.
    public init?(_ text: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        key = String(text[..<equals])
        value = String(text[text.index(after: equals)...])
    }

    public var description: String { "\(key)=\(value)" }

    /// Whether an attribute named `attribute` with text `text` satisfies the filter.
    func accepts(attribute: String, text: String) -> Bool {
        text == value && (attribute == key || OTLPTrace.tagName(attribute) == key)
    }

    /// The bits of `filters` that `attributes` (an OTLP attribute map) satisfy.
    static func bits(_ filters: [TraceFilter], _ attributes: [String: JSONValue], seen: inout Set<String>) -> UInt64 {
        var bits: UInt64 = 0
        for (attribute, value) in attributes {
            if attribute == "metadata", case .object(let metadata) = TraceValues.decodingEmbeddedJSON(value) {
                // OpenInference's metadata, one JSON-text attribute.
                bits |= Self.bits(filters, metadata, seen: &seen)
                continue
            }
            guard let text = TraceValues.scalarText(value) else { continue }
            if seen.count < 500 { seen.insert(OTLPTrace.tagName(attribute) ?? attribute) }
            for (index, filter) in filters.enumerated() where filter.accepts(attribute: attribute, text: text) {
                bits |= 1 << UInt64(index)
            }
        }
        return bits
    }

    /// Whether a record read from a non-OTLP trace carries every filter among its tags.
    static func all(_ filters: [TraceFilter], match record: TraceRecord) -> Bool {
        filters.allSatisfy { record.metadata[$0.key] == $0.value }
    }
}
