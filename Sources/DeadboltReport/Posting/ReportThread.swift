import DeadboltCore
import DeadboltHTTP

/// The one pull-request comment (GitHub) or merge-request note (GitLab) deadbolt keeps: found by
/// its marker across the pages of the list, edited in place, or added when there is none.
struct ReportThread {
    var forge: String
    /// `comment` or `note`.
    var noun: String
    /// `pull request #7`, `merge request !4`.
    var place: String
    var tokenName: String
    var permissionHint: String
    var headers: [(String, String)]
    var firstPage: String
    /// The next page's address after `response`, nil on the last page.
    var nextPage: (APIResponse) -> String?
    /// How to edit the item with this id.
    var edit: (Int) -> (method: String, url: String)
    var add: (method: String, url: String)

    /// At most this many pages are searched (100 items each).
    static let pageLimit = 50

    /// Edits deadbolt's item for `verdict`'s gate, or adds one; a run that selected nothing adds none.
    func upsert(_ text: String, verdict: Verdict, client: APIClient, attempts: Int, say: (String) -> Void)
        async throws(PostError)
    {
        var url: String? = firstPage
        var existing: Int?
        var pages = 0
        while let current = url, existing == nil, pages < Self.pageLimit {
            let request = APIRequest(method: "GET", url: current, headers: headers)
            let response = try await send(
                request, doing: "looking for deadbolt's \(noun)", client: client, attempts: attempts)
            let items = (try? JSONValue.parse(response.body))?.arrayValue ?? []
            existing = items.first { ReportComment.isOurs($0["body"]?.stringValue ?? "", gate: verdict.gate) }?["id"]?
                .numberValue
                .flatMap { BoundedNumber.whole($0, in: 0...(1 << 52)) }
            url = nextPage(response)
            pages += 1
        }
        if existing == nil, verdict.results.isEmpty, verdict.outcome == .pass {
            say("nothing ran, so no \(noun) was added to \(place)")
            return
        }
        let (method, target) = existing.map(edit) ?? add
        let body = JSONValueBody(JSONValue.object(["body": .string(text)]).compactText())
        _ = try await send(
            APIRequest(method: method, url: target, headers: headers, body: body),
            doing: existing == nil ? "adding deadbolt's \(noun)" : "updating deadbolt's \(noun)", client: client,
            attempts: attempts)
        say("\(existing == nil ? "added" : "updated") the report \(noun) on \(place)")
    }

    func send(_ request: APIRequest, doing: String, client: APIClient, attempts: Int) async throws(PostError)
        -> APIResponse
    {
        let response = try await client.send(request)
        guard ForgeAnswer.ok(response) else {
            throw ForgeAnswer.error(
                response, request: request, forge: forge, doing: doing, tokenName: tokenName,
                permissionHint: permissionHint, client: client, attempts: attempts)
        }
        return response
    }
}
