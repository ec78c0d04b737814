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

    /// The documents of `bytes`. A file that is not one JSON document but whose lines each are
    /// is JSON Lines; a bad line is reported with its number.
    static func read(_ bytes: [UInt8], path: String) throws(InputError) -> [Document] {
        let whole: JSONSyntaxError
        do {
            return [Document(value: try JSONValue.parse(bytes), path: path, line: 1)]
        } catch {
            whole = error
        }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let filled = lines.enumerated().filter { !$0.element.allSatisfy(Self.isSpace) }
        // JSON Lines only when the first line is a document by itself and another line follows.
        guard filled.count > 1, let first = filled.first, (try? JSONValue.parse(first.element)) != nil else {
            throw InputError(
                file: path, line: whole.line, column: whole.column, "is not valid JSON: \(whole.message)",
                hint: "pass the trace as exported: one JSON document, or JSON Lines of them")
        }
        var documents: [Document] = []
        documents.reserveCapacity(filled.count)
        for (index, line) in filled {
            do {
                documents.append(Document(value: try JSONValue.parse(line), path: path, line: index + 1))
            } catch {
                throw InputError(
                    file: path, line: index + 1, column: error.column,
                    "line \(index + 1) is not valid JSON: \(error.message)",
                    hint: "each line of a JSON Lines export is one whole JSON document")
            }
        }
        return documents
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
}
