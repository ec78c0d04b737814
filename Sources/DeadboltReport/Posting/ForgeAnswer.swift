import DeadboltCore
import DeadboltHTTP
import Foundation

/// Turns a forge's refusal into a message a person can act on: what was asked, what the server
/// said (its own `message`, token taken out), and what to change.
enum ForgeAnswer {
    /// Whether `response` is a 2xx.
    static func ok(_ response: APIResponse) -> Bool { (200..<300).contains(response.status) }

    /// The server's own words: GitHub's `message` and `errors`, GitLab's `message` or `error`.
    static func serverMessage(_ response: APIResponse) -> String? {
        guard let json = try? JSONValue.parse(response.body) else {
            let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : String(text.prefix(300))
        }
        var parts: [String] = []
        if let message = json["message"]?.stringValue {
            parts.append(message)
        } else if let message = json["message"] {
            parts.append(message.compactText())
        }
        if let error = json["error"]?.stringValue { parts.append(error) }
        for error in json["errors"]?.arrayValue ?? [] {
            parts.append(error["message"]?.stringValue ?? error.stringValue ?? error.compactText())
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    static func error(
        _ response: APIResponse, request: APIRequest, forge: String, doing: String, tokenName: String,
        permissionHint: String, client: APIClient, attempts: Int
    ) -> PostError {
        let said = serverMessage(response).map { ": \(client.redact($0))" } ?? ""
        let what = "\(forge) answered \(response.status) to \(request.line) while \(doing)\(said)"
        switch response.status {
        case 401:
            return PostError(what, hint: "\(tokenName) was refused: it is wrong, expired or revoked")
        case 403:
            if response.header("X-RateLimit-Remaining") == "0" {
                let reset = response.header("X-RateLimit-Reset") ?? "the time the API gives"
                return PostError(what, hint: "the token's rate limit is used up; it resets at \(reset)")
            }
            return PostError(what, hint: permissionHint)
        case 404:
            return PostError(
                what,
                hint:
                    "the project, commit or pull request is not there, or \(tokenName) cannot see it "
                    + "(a token without access to a private repository gets 404)"
            )
        case 422, 400:
            return PostError(
                what,
                hint:
                    "\(forge) could not accept what deadbolt sent; "
                    + "if the message names a field, report it with this output"
            )
        case 500...:
            return PostError(
                what + " (after \(Plural.count(attempts, "try", plural: "tries")))",
                hint: "\(forge) is having trouble; rerun the job later")
        default:
            return PostError(what)
        }
    }
}
