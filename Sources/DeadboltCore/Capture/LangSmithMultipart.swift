/// What the LangSmith SDK posts to `/runs/multipart`, put back together: one part a run
/// (`post.<id>`, `patch.<id>`, the run without its large fields) and one a field of it
/// (`post.<id>.inputs`, `.outputs`, `.events`, `.extra`, `.error`, `.serialized`), as the
/// `{"post": [...], "patch": [...]}` body ``LangSmithTrace`` reads. Attachments and feedback are
/// left out: a case replays the run's inputs.
public enum LangSmithMultipart {
    /// One part: its form-data name and its bytes.
    public struct Part: Sendable {
        public var name: String
        public var body: [UInt8]

        public init(name: String, body: [UInt8]) {
            self.name = name
            self.body = body
        }
    }

    /// The run fields the SDK sends as parts of their own.
    static let fields: Set<String> = ["inputs", "outputs", "events", "extra", "error", "serialized"]

    /// The batch body `parts` make (the parts of several posts together, in order).
    public static func batch(_ parts: [Part], path: String) throws(InputError) -> JSONValue {
        var runs: [String: [String: JSONValue]] = [:]
        var order: [(kind: String, id: String)] = []
        for part in parts {
            let pieces = part.name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count >= 2, pieces[0] == "post" || pieces[0] == "patch" else { continue }
            let kind = pieces[0]
            let id = pieces[1]
            let field = pieces.count > 2 ? pieces[2...].joined(separator: ".") : nil
            if let field, !fields.contains(field) { continue }
            let value: JSONValue
            do throws(JSONSyntaxError) {
                value = try JSONValue.parse(part.body)
            } catch {
                throw InputError(
                    file: path, "part `\(part.name)` is not valid JSON: \(error.message)",
                    hint: "pass the body the LangSmith SDK posted to /runs/multipart, as it was sent")
            }
            let key = kind + "." + id
            if runs[key] == nil {
                runs[key] = [:]
                order.append((kind, id))
            }
            if let field {
                runs[key]?[field] = value
            } else if case .object(let run) = value {
                runs[key]?.merge(run) { field, _ in field }
            } else {
                throw InputError(
                    file: path, "part `\(part.name)` is not a run object",
                    hint: "a `post.<id>` or `patch.<id>` part holds the run as a JSON object")
            }
        }
        guard !order.isEmpty else {
            throw InputError(
                file: path, "holds no LangSmith run parts (`post.<id>`, `patch.<id>`)",
                hint: "pass the body the LangSmith SDK posted to /runs/multipart")
        }
        var post: [JSONValue] = []
        var patch: [JSONValue] = []
        for (kind, id) in order {
            var run = runs[kind + "." + id] ?? [:]
            if run["id"] == nil { run["id"] = .string(id) }
            if kind == "post" { post.append(.object(run)) } else { patch.append(.object(run)) }
        }
        return .object(["post": .array(post), "patch": .array(patch)])
    }
}
