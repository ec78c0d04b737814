/// Turns a trace's metadata object into the string tags a case carries.
enum TraceTags {
    /// Adds the scalar members of `object` to `tags`, later calls winning.
    ///
    /// Nested objects and arrays are left out: a case's tags are flat strings. LangChain's own
    /// bookkeeping keys (`ls_*`, `lc_*`, and the `LANGSMITH_*` settings the SDK copies in) are left
    /// out too, except `ls_provider`, kept as `provider`;
    /// the model they name becomes the record's `model`.
    static func merge(_ object: [String: JSONValue]?, into tags: inout [String: String]) {
        guard let object else { return }
        for (key, value) in object {
            guard let text = TraceValues.scalarText(value) else { continue }
            if key == "ls_provider" {
                tags["provider"] = text
            } else if !key.hasPrefix("ls_"), !key.hasPrefix("lc_"), !key.hasPrefix("LANGSMITH_"),
                !key.hasPrefix("LANGCHAIN_"), !key.isEmpty
            {
                tags[key] = text
            }
        }
    }
}
