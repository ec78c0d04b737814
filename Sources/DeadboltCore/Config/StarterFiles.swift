/// What `deadbolt init` writes: a commented `deadbolt.yml` and one example dataset.
public enum StarterFiles {
    /// `deadbolt.yml` with every key at its default, commented so a person can adjust it.
    public static func configuration(providerCommand: [String]?) -> String {
        configuration(prompts: ["prompts/**"], provider: .command(providerCommand ?? ["bin/answer"]))
    }

    /// How `init` configures the provider.
    public enum Provider: Sendable, Equatable {
        /// A program that answers a case (`provider.command`).
        case command([String])
        /// The built-in OpenAI-compatible provider, for a key or base URL found in the environment.
        case openAI(model: String, baseURL: String?, keyVariable: String?)
    }

    /// `deadbolt.yml` covering `prompts` (globs) and answering with `provider`.
    public static func configuration(prompts: [String], provider: Provider) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let providerText: String
        switch provider {
        case .command(let argv):
            providerText = """
                provider:
                  # argv of the program that answers a case, never a shell string
                  command: [\(argv.map(quoted).joined(separator: ", "))]
                  timeout: 30s
                  jobs: 4
                """
        case .openAI(let model, let baseURL, let keyVariable):
            var lines = ["provider:", "  type: openai                           # any OpenAI-compatible server"]
            lines.append("  model: \(quoted(model))")
            if let baseURL { lines.append("  base_url: \(quoted(baseURL))") }
            lines.append(
                "  api_key_env: \(keyVariable ?? "null")"
                    + (keyVariable == nil ? "                      # a local server: no key" : ""))
            lines += ["  timeout: 30s", "  jobs: 4"]
            providerText = lines.joined(separator: "\n")
        }
        return """
            version: 1
            # files whose text shapes model behaviour
            prompts: [\(prompts.map(quoted).joined(separator: ", "))]
            guardrails: ["guardrails/**"]            # files that define policy boundaries
            datasets: evals/regression               # each subfolder with a dataset.yml is a dataset
            includes:                                # how a prompt pulls in another file; group 1 is the path
              - '\\{\\{>\\s*([^}\\s]+)\\s*\\}\\}'
            run_all_on: ["deadbolt.yml"]             # a change here makes every dataset affected
            \(providerText)
            bug_links:
              trailers: [Bug, Fixes, Closes, Resolves, Issue]
              github_keywords: true
              patterns: []                           # further bug-id forms, e.g. 'PROJ-[0-9]+'
            locks:
              missing: warn                          # warn | fail
              waiver: No-Lock
            commit_msg:
              require_bug_link: prompt-changes       # never | prompt-changes | always
              waiver: No-Bug

            """
    }

    /// `dataset.yml` of a dataset that is the promptfoo suite at `config`.
    public static func suiteDefinition(config: String) -> String {
        """
        # The promptfoo suite's prompts and tests are this dataset's; its files are the owners.
        promptfoo: \(JSONValue.string(config).compactText())
        tier: smoke
        version: 1

        """
    }

    /// `dataset.yml` of the example dataset, owning `owner`.
    public static func datasetDefinition(owner: String) -> String {
        """
        description: Answers that were wrong in production, pinned so they stay fixed
        owners: [\(owner)]
        tier: smoke
        assert:
          - {type: icontains, value: "{{expected_output}}"}
        input_fields: [question]
        version: 1

        """
    }

    /// The answer the stub provider gives: what the example case expects, so the first run passes.
    public static let exampleAnswer = "the text the right answer must contain"

    /// `bin/answer`, the stand-in provider `init` writes when it finds no model to call.
    public static let stubProvider = """
        #!/bin/sh
        # A stand-in for your application, written by deadbolt init: it reads one case as JSON on
        # stdin and prints the answer. Replace it with a call into your code (docs/provider-protocol.md),
        # or configure the built-in provider (provider: {type: openai, model: ...}).
        cat >/dev/null
        echo "\(exampleAnswer)"

        """

    /// One example case.
    public static func exampleCase(date: String) -> String {
        #"{"id":"reg-\#(date)-000001","input":{"question":"Replace this with the input that went wrong"},"#
            + #""expected_output":"\#(exampleAnswer)","#
            + #""category":"prod-bug","bug_link":"BUG-1","tier":"smoke","tags":{"feature":"example"}}"#
            + "\n"
    }
}
