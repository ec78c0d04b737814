/// A trace file as the JSON documents it holds: one document, or JSON Lines of them (what the
/// OpenTelemetry Collector's file exporter writes: one export request a line).
enum TraceDocuments {
    /// One parsed document and where it came from.
    struct Document {
        var value: JSONValue
        var path: String
        /// The line it starts on (1 for a whole-file document).
        var line: Int
    }

    /// The documents of `bytes`, all at once.
    static func read(_ bytes: [UInt8], path: String) throws(InputError) -> [Document] {
        var documents: [Document] = []
        try forEach(TraceBytes(bytes, path: path)) { document throws(InputError) in documents.append(document) }
        return documents
    }

    /// Calls `body` with each document of `source`, in order, holding one at a time.
    ///
    /// A file whose first filled line is a JSON document by itself is JSON Lines, read a line at a
    /// time, a bad line reported with its number; any other file is one document, read whole.
    ///
    /// `skip`, when given, is asked about each line of JSON Lines after the first: a line it says
    /// cannot matter is not parsed (nor checked).
    static func forEach(
        _ source: some TraceSource, skip: ((ArraySlice<UInt8>) -> Bool)? = nil,
        _ body: (Document) throws(InputError) -> Void
    ) throws(InputError) {
        var linesMode: Bool?
        try source.forEachLine { line, number throws(InputError) in
            if linesMode == true, let skip, skip(line) { return true }
            if line.allSatisfy(Self.isSpace) { return true }
            let value: JSONValue
            do throws(JSONSyntaxError) {
                value = try JSONValue.parse(line)
            } catch {
                guard linesMode == true else {
                    linesMode = false
                    return false
                }
                throw InputError(
                    file: source.path, line: number, column: error.column,
                    "line \(number) is not valid JSON: \(error.message)",
                    hint: "each line of a JSON Lines export is one whole JSON document")
            }
            linesMode = true
            try body(Document(value: value, path: source.path, line: number))
            return true
        }
        guard linesMode != true else { return }
        let bytes = try source.wholeBytes()
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw InputError(
                file: source.path, line: error.line, column: error.column, "is not valid JSON: \(error.message)",
                hint: "pass the trace as exported: one JSON document, or JSON Lines of them")
        }
        try body(Document(value: value, path: source.path, line: 1))
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
}
