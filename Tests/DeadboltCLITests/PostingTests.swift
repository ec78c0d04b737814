import DeadboltCore
import Foundation
import TestSupport
import Testing

/// `--post github|gitlab` against a real HTTP server on 127.0.0.1 that records what it is sent.
@Suite struct PostingTests {
    static let token = "ghs_SecretToken1234567890"

    /// A change that fails two refund cases, inside a GitHub pull_request job for PR #7.
    func pullRequest(_ server: RecordingServer, extra: [String: String] = [:], fork: Bool = false) throws -> (
        GitFixture, [String: String]
    ) {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Stop refunding annual plans")
        let headRepo = fork ? "someone/bot" : "acme/bot"
        try fixture.write(
            "event.json",
            """
            {"pull_request": {"number": 7, "base": {"sha": "\(try fixture.sha("HEAD~1"))", \
            "repo": {"full_name": "acme/bot"}},
             "head": {"sha": "\(try fixture.sha("HEAD"))", "repo": {"full_name": "\(headRepo)"}}}}
            """)
        var environment = [
            "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": fixture.root + "/event.json",
            "GITHUB_REPOSITORY": "acme/bot", "GITHUB_API_URL": server.url,
            "GITHUB_SERVER_URL": "https://github.example",
            "GITHUB_RUN_ID": "42", "GITHUB_STEP_SUMMARY": fixture.root + "/summary.md", "GITHUB_TOKEN": Self.token,
            "GITHUB_SHA": "0000000000000000000000000000000000000000", "DEADBOLT_HTTP_BACKOFF": "0.05",
        ]
        for (key, value) in extra { environment[key] = value }
        return (fixture, environment)
    }

    static let acceptAll = """
        [{"method": "POST", "path": "/repos/acme/bot/statuses/", "responses": [{"status": 201, "body": {"id": 1}}]},
         {"method": "GET", "path": "/repos/acme/bot/issues/7/comments", "responses": [{"status": 200, "body": []}]},
         {"method": "POST", "path": "/repos/acme/bot/issues/7/comments", \
        "responses": [{"status": 201, "body": {"id": 5}}]},
         {"method": "PATCH", "path": "/repos/acme/bot/issues/comments/", \
        "responses": [{"status": 200, "body": {"id": 99}}]}]
        """

    func requests(_ server: RecordingServer) throws -> [JSONValue] {
        try server.requestLines().map { try JSONValue.parse($0) }
    }

    func body(_ request: JSONValue) throws -> JSONValue {
        try JSONValue.parse(request["body"]?.stringValue ?? "")
    }

    @Test func githubPostsStatusAnnotationsSummaryAndOneComment() throws {
        let server = try RecordingServer(rules: Self.acceptAll)
        let (fixture, environment) = try pullRequest(server)
        let head = try fixture.sha("HEAD")
        let result = try deadbolt(["check", "--post", "github"], in: fixture, environment: environment)
        #expect(result.status == 1, "\(result.stderr)")

        let sent = try requests(server)
        #expect(
            sent.map { "\($0["method"]?.stringValue ?? "") \($0["path"]?.stringValue ?? "")" } == [
                "POST /repos/acme/bot/statuses/\(head)",
                "GET /repos/acme/bot/issues/7/comments?per_page=100",
                "POST /repos/acme/bot/issues/7/comments",
            ])
        for request in sent {
            #expect(request["headers"]?["authorization"] == .string("Bearer \(Self.token)"))
            #expect(request["headers"]?["accept"] == .string("application/vnd.github+json"))
            #expect(request["headers"]?["x-github-api-version"] == .string("2022-11-28"))
            #expect(request["headers"]?["user-agent"] != nil)
        }
        try #require(sent.count > 2, "the server got only \(sent.count) requests")
        let status = try body(sent[0])
        #expect(status["state"] == .string("failure"))
        #expect(status["context"] == .string("deadbolt/pull-request"))
        #expect(status["target_url"] == .string("https://github.example/acme/bot/actions/runs/42"))
        let description = status["description"]?.stringValue ?? ""
        #expect(description.hasPrefix("2 failed of 3 cases"), "\(description)")
        #expect(description.count < 140)
        let comment = try body(sent[2])["body"]?.stringValue ?? ""
        #expect(comment.hasPrefix("<!-- deadbolt:report gate=pull-request -->"))
        #expect(comment.contains("### Failing cases"))
        #expect(comment.contains("https://github.example/acme/bot/actions/runs/42"))

        // Workflow commands on stdout, at the case's line and at the changed prompt.
        #expect(
            result.stdout.contains(
                "::error file=evals/regression/refund_policy_regressions/cases.jsonl,line=1,"
                    + "title=deadbolt%3A refund_policy_regressions / reg-2026-11-21-a1b2c3 failed::"
            ), "\(result.stdout)")
        #expect(
            result.stdout.contains(
                "::error file=prompts/refund.md,line=1,title=deadbolt%3A this change fails 2 regression cases::"))
        let annotation = result.stdout.split(separator: "\n").first { $0.hasPrefix("::error file=evals") } ?? ""
        #expect(
            !annotation.dropFirst(2).contains("\n") && annotation.contains("%0A"), "multi-line messages are escaped")
        let summary = try fixture.read("summary.md")
        #expect(summary.contains("## deadbolt pull-request: ❌ fail"))
        #expect(result.stderr.contains("posted failure to deadbolt/pull-request"))
        #expect(result.stderr.contains("added the report comment on pull request #7"))
        for text in [result.stdout, result.stderr, summary] { #expect(!text.contains(Self.token)) }
    }

    @Test func secondRunUpdatesTheCommentItFindsOnALaterPage() throws {
        let server = try RecordingServer(
            rules: """
                [{"method": "POST", "path": "/repos/acme/bot/statuses/", "responses": [{"status": 201, "body": {}}]},
                 {"method": "GET", "path": "/repos/acme/bot/issues/7/comments?page=2", \
                "responses": [{"status": 200, "body": [
                    {"id": 98, "body": "<!-- deadbolt:report gate=nightly -->\\nother gate"},
                    {"id": 99, "body": "<!-- deadbolt:report gate=pull-request -->\\nold report"}]}]},
                 {"method": "GET", "path": "/repos/acme/bot/issues/7/comments", "responses": [{"status": 200,
                    "headers": {"Link": "<{base}/repos/acme/bot/issues/7/comments?page=2>; rel=\\"next\\", \
                <{base}/repos/acme/bot/issues/7/comments?page=2>; rel=\\"last\\""},
                    "body": [{"id": 1, "body": "LGTM"}]}]},
                 {"method": "PATCH", "path": "/repos/acme/bot/issues/comments/99", \
                "responses": [{"status": 200, "body": {"id": 99}}]}]
                """)
        let (fixture, environment) = try pullRequest(server)
        let result = try deadbolt(
            ["check", "--post", "github", "--format", "json"], in: fixture, environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        let sent = try requests(server)
        #expect(sent.map { $0["method"]?.stringValue ?? "" } == ["POST", "GET", "GET", "PATCH"])
        try #require(sent.count > 3, "the server got only \(sent.count) requests")
        #expect(sent[2]["path"] == .string("/repos/acme/bot/issues/7/comments?page=2"))
        #expect(try body(sent[3])["body"]?.stringValue?.contains("### Failing cases") == true)
        #expect(result.stderr.contains("updated the report comment"))
        // JSON on stdout stays JSON: the workflow commands went to stderr.
        #expect(try JSONValue.parse(result.stdout)["verdict"] == .string("fail"))
        #expect(result.stderr.contains("::error file="))
    }

    @Test func nothingAffectedStillPostsSuccessAndAddsNoComment() throws {
        let server = try RecordingServer(rules: Self.acceptAll)
        let (fixture, environment) = try pullRequest(server)
        try fixture.write("README.md", "docs\n")
        try fixture.commit("Docs only")
        try fixture.write(
            "event.json",
            """
            {"pull_request": {"number": 7, "base": {"sha": "\(try fixture.sha("HEAD~1"))"}, \
            "head": {"sha": "\(try fixture.sha("HEAD"))"}}}
            """)
        let result = try deadbolt(["check", "--post", "github"], in: fixture, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let sent = try requests(server)
        #expect(sent.map { $0["method"]?.stringValue ?? "" } == ["POST", "GET"])
        try #require(sent.count > 0, "the server got only \(sent.count) requests")
        let status = try body(sent[0])
        #expect(status["state"] == .string("success"))
        #expect(status["description"]?.stringValue?.hasPrefix("nothing to run") == true, "\(status)")
        #expect(result.stderr.contains("nothing ran, so no comment was added to pull request #7"))
    }

    @Test func withoutATokenItSaysSoAndExitsWithTheVerdict() throws {
        let server = try RecordingServer(rules: Self.acceptAll)
        var (fixture, environment) = try pullRequest(server)
        environment.removeValue(forKey: "GITHUB_TOKEN")
        let result = try deadbolt(["check", "--post", "github"], in: fixture, environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("GITHUB_TOKEN is not set"))
        #expect(server.requestLines().isEmpty)
        #expect(result.stdout.contains("::error file="))
        #expect(try fixture.read("summary.md").contains("deadbolt pull-request"))
    }

    @Test func aForksReadOnlyTokenIsRefusedAndTheVerdictStands() throws {
        let server = try RecordingServer(
            rules: """
                [{"path": "/", "responses": [{"status": 403, \
                "body": {"message": "Resource not accessible by integration"}}]}]
                """)
        let (fixture, environment) = try pullRequest(server, fork: true)
        let result = try deadbolt(["check", "--post", "github"], in: fixture, environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("pull request from a fork has a read-only token"))
        #expect(server.requestLines().count == 1)
    }

    /// Each refusal exits 2 with GitHub's own words and what to do, never the token.
    @Test(arguments: [
        (401, "Bad credentials for \(PostingTests.token)", "GITHUB_TOKEN was refused"),
        (403, "Resource not accessible by integration", "permissions: statuses: write"),
        (404, "Not Found", "cannot see it"),
        (422, "Validation Failed", "could not accept"),
    ])
    func refusalsAreClearErrors(status: Int, message: String, hint: String) throws {
        let server = try RecordingServer(
            rules: """
                [{"path": "/", "responses": [{"status": \(status), "body": {"message": "\(message)", \
                "errors": [{"resource": "Status", "code": "custom", "message": "description is too long"}]}}]}]
                """)
        let (fixture, environment) = try pullRequest(server)
        let result = try deadbolt(["check", "--post", "github"], in: fixture, environment: environment)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            result.stderr.contains("GitHub answered \(status) to POST \(server.url)/repos/acme/bot/statuses/"),
            "\(result.stderr)")
        #expect(result.stderr.contains(hint), "\(result.stderr)")
        #expect(result.stderr.contains("description is too long"))
        #expect(!result.stderr.contains(Self.token) && !result.stdout.contains(Self.token))
        #expect(server.requestLines().count == 1, "a refusal is not retried")
    }

    @Test func serverErrorsAreRetriedWithABoundAndBackoff() throws {
        let server = try RecordingServer(
            rules: """
                [{"method": "POST", "path": "/repos/acme/bot/statuses/", \
                "responses": [{"status": 502}, {"status": 503, "headers": {"Retry-After": "0"}}, {"status": 201}]},
                 {"method": "GET", "path": "/repos/acme/bot/issues/7/comments", "responses": [{"status": 500}]}]
                """)
        let (fixture, environment) = try pullRequest(server, extra: ["DEADBOLT_TRACE": "1"])
        let result = try deadbolt(["check", "--post", "github"], in: fixture, environment: environment)
        #expect(result.status == 2, "\(result.stderr)")
        let sent = try requests(server)
        #expect(sent.map { $0["method"]?.stringValue ?? "" } == ["POST", "POST", "POST", "GET", "GET", "GET"])
        #expect(result.stderr.contains("posted failure to deadbolt/pull-request"))
        #expect(result.stderr.contains("GitHub answered 500 to GET"))
        #expect(result.stderr.contains("after 3 tries"))
        #expect(result.stderr.contains("trace: post: POST \(server.url)/repos/acme/bot/statuses/"))
        #expect(result.stderr.contains("waiting 0.05 s"))
        #expect(!result.stderr.contains(Self.token))
    }

    @Test func aServerThatNeverAnswersTimesOutWithAClearMessage() throws {
        let server = try RecordingServer(rules: #"[{"path": "/", "responses": [{"hang": 20}]}]"#)
        let (fixture, environment) = try pullRequest(server, extra: ["DEADBOLT_HTTP_TIMEOUT": "1"])
        let started = Date()
        let result = try deadbolt(["check", "--post", "github"], in: fixture, environment: environment)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "no answer from \(server.url) within 1 s: POST \(server.url)/repos/acme/bot/statuses/"),
            "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(server.requestLines().count == 1)
    }

    @Test func anAddressNothingListensOnIsTriedThenNamed() throws {
        let server = try RecordingServer(rules: "[]")
        let (fixture, environment) = try pullRequest(server, extra: ["GITHUB_API_URL": "http://127.0.0.1:9"])
        let result = try deadbolt(["check", "--post", "github"], in: fixture, environment: environment)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("could not reach http://127.0.0.1:9 after 3 tries"), "\(result.stderr)")
    }

    @Test func theTokenAppearsInNoOutputLogOrReportAtAnyVerbosity() throws {
        let server = try RecordingServer(
            rules: """
                [{"method": "POST", "path": "/repos/acme/bot/statuses/", \
                "responses": [{"status": 201, "body": {"token": "\(Self.token)"}}]},
                 {"path": "/", "responses": [{"status": 422, "body": {"message": "echo \(Self.token)"}}]}]
                """)
        let (fixture, environment) = try pullRequest(server, extra: ["DEADBOLT_TRACE": "1"])
        let reports = ["json", "junit", "markdown", "html"].map { "\($0)=\(fixture.root)/report.\($0)" }
        let result = try deadbolt(
            ["check", "--post", "github"] + reports.flatMap { ["--report", $0] }, in: fixture, environment: environment)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("echo ***"))
        var texts = [result.stdout, result.stderr, try fixture.read("summary.md")]
        for format in ["json", "junit", "markdown", "html"] { texts.append(try fixture.read("report.\(format)")) }
        for text in texts { #expect(!text.contains(Self.token)) }
        #expect(server.requestLines().allSatisfy { $0.contains(Self.token) }, "the token went only to the server")
    }

    @Test func aGateThatCannotRunPostsAnErrorStatus() throws {
        let server = try RecordingServer(rules: Self.acceptAll)
        let (fixture, environment) = try pullRequest(server)
        try fixture.write("deadbolt.yml", "version: 1\nprovider:\n  comand: [bin/answer]\n")
        try fixture.commit("Break the config")
        try fixture.write(
            "event.json",
            """
            {"pull_request": {"number": 7, "base": {"sha": "\(try fixture.sha("HEAD~1"))"}, \
            "head": {"sha": "\(try fixture.sha("HEAD"))"}}}
            """)
        let result = try deadbolt(["check", "--post", "github"], in: fixture, environment: environment)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("deadbolt.yml"))
        let sent = try requests(server)
        #expect(sent.count == 1)
        #expect(sent.first?["path"] == .string("/repos/acme/bot/statuses/\(try fixture.sha("HEAD"))"))
        try #require(sent.count > 0, "the server got only \(sent.count) requests")
        let status = try body(sent[0])
        #expect(status["state"] == .string("error"))
        #expect(
            status["description"]?.stringValue?.hasPrefix("deadbolt could not run: deadbolt.yml:3") == true, "\(status)"
        )
    }

    @Test func aShardDoesNotPostAndMergePostsOnce() throws {
        let server = try RecordingServer(rules: Self.acceptAll)
        let (fixture, environment) = try pullRequest(server)
        let refused = try deadbolt(
            ["check", "--shard", "1/2", "--post", "github"], in: fixture, environment: environment)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("deadbolt merge --post github"))
        var partials: [String] = []
        for index in 1...2 {
            let path = fixture.root + "/partial-\(index).json"
            let shard = try deadbolt(
                ["check", "--shard", "\(index)/2", "--report", "json=\(path)"], in: fixture, environment: environment)
            try #require(shard.status <= 1, "\(shard.stderr)")
            partials.append(path)
        }
        #expect(server.requestLines().isEmpty)
        let merged = try deadbolt(["merge", "--post", "github"] + partials, in: fixture, environment: environment)
        #expect(merged.status == 1, "\(merged.stderr)")
        let sent = try requests(server)
        #expect(sent.map { $0["method"]?.stringValue ?? "" } == ["POST", "GET", "POST"])
        try #require(sent.count > 2, "the server got only \(sent.count) requests")
        #expect(try body(sent[0])["description"]?.stringValue?.hasPrefix("2 failed of 3 cases") == true)
        #expect(try body(sent[2])["body"]?.stringValue?.contains("### Failing cases") == true)
        #expect(
            merged.stdout.contains("::error file=prompts/refund.md"),
            "the merged run still points at the changed prompt")

        // A shard that never reported still leaves a status, so the required check does not wait.
        let missing = try deadbolt(["merge", "--post", "github", partials[0]], in: fixture, environment: environment)
        #expect(missing.status == 2)
        let last = try requests(server).last
        #expect(last?["path"] == .string("/repos/acme/bot/statuses/\(try fixture.sha("HEAD"))"))
        let status = try body(last ?? .null)
        #expect(status["state"] == .string("error"))
        #expect(status["description"]?.stringValue?.contains("shard 2/2 missing") == true, "\(status)")
    }

    @Test func aProxyFromTheEnvironmentCarriesTheRequests() throws {
        let server = try RecordingServer(
            rules: #"[{"path": "/repos/acme/bot/", "responses": [{"status": 201, "body": []}]}]"#)
        let (fixture, environment) = try pullRequest(
            server, extra: ["GITHUB_API_URL": "http://api.github.invalid", "HTTP_PROXY": server.url])
        let result = try deadbolt(["check", "--post", "github"], in: fixture, environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        let sent = try requests(server)
        #expect(
            sent.first?["method"] == .string("CONNECT") && sent.first?["path"] == .string("api.github.invalid:80"),
            "\(sent)")
        let posted = sent.first { $0["method"] == .string("POST") }
        #expect(posted?["path"]?.stringValue?.hasPrefix("/repos/acme/bot/statuses/") == true, "\(sent)")
        #expect(posted?["headers"]?["host"]?.stringValue?.hasPrefix("api.github.invalid") == true)
    }

    @Test func httpsWorksWithTheCertificateSSLCertFileNames() throws {
        let folder = try TemporaryFolder.make(prefix: "deadbolt-tls")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tls = try RecordingServer.makeCertificate(in: folder)
        let server = try RecordingServer(rules: Self.acceptAll, tls: tls)
        let (fixture, environment) = try pullRequest(server, extra: ["SSL_CERT_FILE": tls.certificate])
        let result = try deadbolt(["check", "--post", "github"], in: fixture, environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(try requests(server).map { $0["method"]?.stringValue ?? "" } == ["POST", "GET", "POST"])

        // A certificate nobody vouches for is refused, and said so.
        var untrusted = environment
        untrusted.removeValue(forKey: "SSL_CERT_FILE")
        let started = Date()
        let refused = try deadbolt(["check", "--post", "github"], in: fixture, environment: untrusted)
        #expect(Date().timeIntervalSince(started) < 10, "an untrusted certificate is not tried until the time limit")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("could not reach \(server.url)"), "\(refused.stderr)")
        #expect(
            refused.stderr.contains("TLS certificate is not trusted") && refused.stderr.contains("SSL_CERT_FILE"),
            "\(refused.stderr)")
        #expect(try requests(server).count == 3, "nothing was sent over a connection that was not trusted")
    }

    @Test func badHTTPSettingsAreBadInput() throws {
        let server = try RecordingServer(rules: Self.acceptAll)
        let (fixture, environment) = try pullRequest(server, extra: ["DEADBOLT_HTTP_TIMEOUT": "soon"])
        let result = try deadbolt(["check", "--post", "github"], in: fixture, environment: environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("DEADBOLT_HTTP_TIMEOUT=soon is not a number of seconds"))

        var noRepository = environment
        noRepository.removeValue(forKey: "DEADBOLT_HTTP_TIMEOUT")
        noRepository.removeValue(forKey: "GITHUB_REPOSITORY")
        let missing = try deadbolt(["check", "--post", "github"], in: fixture, environment: noRepository)
        #expect(missing.status == 2)
        #expect(
            missing.stderr.contains("GITHUB_REPOSITORY is not set") && missing.stderr.contains("OWNER/NAME"),
            "\(missing.stderr)")

        var noCertificate = environment
        noCertificate["DEADBOLT_HTTP_TIMEOUT"] = "5"
        noCertificate["SSL_CERT_FILE"] = fixture.root + "/missing.pem"
        let unreadable = try deadbolt(["check", "--post", "github"], in: fixture, environment: noCertificate)
        #expect(unreadable.status == 2)
        #expect(
            unreadable.stderr.contains("SSL_CERT_FILE=\(fixture.root)/missing.pem cannot be read"),
            "\(unreadable.stderr)")

        let gitlab = try deadbolt(
            ["check", "--post", "gitlab"], in: fixture, environment: ["GITLAB_TOKEN": "x", "CI_PROJECT_ID": "1"])
        #expect(gitlab.status == 2)
        #expect(gitlab.stderr.contains("CI_API_V4_URL is not set"), "\(gitlab.stderr)")
        #expect(server.requestLines().isEmpty)
    }

    // MARK: GitLab

    func mergeRequest(_ server: RecordingServer, token: String? = "glpat-SecretToken987") throws -> (
        GitFixture, [String: String]
    ) {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Stop refunding annual plans")
        var environment = [
            "GITLAB_CI": "true", "CI_API_V4_URL": server.url + "/api/v4", "CI_PROJECT_ID": "123",
            "CI_MERGE_REQUEST_IID": "4",
            "CI_MERGE_REQUEST_DIFF_BASE_SHA": try fixture.sha("HEAD~1"), "CI_COMMIT_SHA": try fixture.sha("HEAD"),
            "CI_COMMIT_REF_NAME": "fix-refunds", "CI_JOB_URL": "https://gitlab.example/acme/bot/-/jobs/77",
            "DEADBOLT_HTTP_BACKOFF": "0.05",
        ]
        if let token { environment["GITLAB_TOKEN"] = token }
        return (fixture, environment)
    }

    @Test func gitlabPostsAStatusAndKeepsOneNote() throws {
        let server = try RecordingServer(
            rules: """
                [{"method": "POST", "path": "/api/v4/projects/123/statuses/", \
                "responses": [{"status": 201, "body": {"id": 1}}]},
                 {"method": "GET", "path": "/api/v4/projects/123/merge_requests/4/notes?per_page=100&page=1", \
                "responses": [{"status": 200,
                    "headers": {"X-Next-Page": "2"}, "body": [{"id": 10, "body": "looks fine"}]}]},
                 {"method": "GET", "path": "/api/v4/projects/123/merge_requests/4/notes?per_page=100&page=2", \
                "responses": [{"status": 200,
                    "headers": {"X-Next-Page": ""}, \
                "body": [{"id": 11, "body": "<!-- deadbolt:report gate=pull-request -->\\nold"}]}]},
                 {"method": "PUT", "path": "/api/v4/projects/123/merge_requests/4/notes/11", \
                "responses": [{"status": 200, "body": {"id": 11}}]}]
                """)
        let (fixture, environment) = try mergeRequest(server)
        let result = try deadbolt(["check", "--post", "gitlab"], in: fixture, environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        let sent = try requests(server)
        #expect(
            sent.map { "\($0["method"]?.stringValue ?? "") \($0["path"]?.stringValue ?? "")" } == [
                "POST /api/v4/projects/123/statuses/\(try fixture.sha("HEAD"))",
                "GET /api/v4/projects/123/merge_requests/4/notes?per_page=100&page=1",
                "GET /api/v4/projects/123/merge_requests/4/notes?per_page=100&page=2",
                "PUT /api/v4/projects/123/merge_requests/4/notes/11",
            ])
        for request in sent { #expect(request["headers"]?["private-token"] == .string("glpat-SecretToken987")) }
        try #require(sent.count > 3, "the server got only \(sent.count) requests")
        let status = try body(sent[0])
        #expect(status["state"] == .string("failed"))
        #expect(status["name"] == .string("deadbolt/pull-request"))
        #expect(status["ref"] == .string("fix-refunds"))
        #expect(status["target_url"] == .string("https://gitlab.example/acme/bot/-/jobs/77"))
        #expect(try body(sent[3])["body"]?.stringValue?.hasPrefix("<!-- deadbolt:report gate=pull-request -->") == true)
        #expect(result.stderr.contains("updated the report note on merge request !4"))
        #expect(!result.stderr.contains("glpat-SecretToken987") && !result.stdout.contains("glpat-SecretToken987"))
        #expect(!result.stdout.contains("::error"), "workflow commands are GitHub's alone")
    }

    @Test func gitlabAddsTheNoteWhenThereIsNoneAndSaysWhenThereIsNoToken() throws {
        let server = try RecordingServer(
            rules: """
                [{"method": "POST", "path": "/api/v4/projects/123/statuses/", \
                "responses": [{"status": 201, "body": {}}]},
                 {"method": "GET", "path": "/api/v4/projects/123/merge_requests/4/notes", \
                "responses": [{"status": 200, "body": []}]},
                 {"method": "POST", "path": "/api/v4/projects/123/merge_requests/4/notes", \
                "responses": [{"status": 201, "body": {"id": 12}}]}]
                """)
        let (fixture, environment) = try mergeRequest(server)
        let result = try deadbolt(["check", "--post", "gitlab"], in: fixture, environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(try requests(server).map { $0["method"]?.stringValue ?? "" } == ["POST", "GET", "POST"])

        let (other, noToken) = try mergeRequest(server, token: nil)
        let silent = try deadbolt(["check", "--post", "gitlab"], in: other, environment: noToken)
        #expect(silent.status == 1)
        #expect(silent.stderr.contains("GITLAB_TOKEN is not set"))
        #expect(server.requestLines().count == 3)
    }

    @Test func gitlabRefusalIsAClearError() throws {
        let server = try RecordingServer(
            rules: #"[{"path": "/", "responses": [{"status": 403, "body": {"message": "403 Forbidden"}}]}]"#)
        let (fixture, environment) = try mergeRequest(server)
        let result = try deadbolt(["check", "--post", "gitlab"], in: fixture, environment: environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("GitLab answered 403 to POST"))
        #expect(result.stderr.contains("`api` scope"))
    }
}
