/// One way a JSON value fails a JSON schema, or one fault in the schema itself.
public struct JSONSchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where in the value the fault is, as a JSON path such as `$.items[2].name`.
    public var path: String
    /// What is wrong, such as `expected number, got string`.
    public var message: String
    /// Where in the schema the failing keyword is, as a JSON pointer such as `#/properties/name/type`.
    public var schemaPath: String
    /// Whether the schema is at fault rather than the value.
    public var isSchemaError: Bool

    /// Creates a violation.
    public init(path: String, message: String, schemaPath: String, isSchemaError: Bool = false) {
        self.path = path
        self.message = message
        self.schemaPath = schemaPath
        self.isSchemaError = isSchemaError
    }

    /// `$.refund.amount: expected number, got string`, or `invalid schema at #/type: ...`.
    public var description: String {
        isSchemaError ? "invalid schema at \(schemaPath): \(message)" : "\(path): \(message)"
    }
}
