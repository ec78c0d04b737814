/// What `deadbolt init` writes: a commented `deadbolt.yml` and one example dataset.
public enum StarterFiles {
    /// `deadbolt.yml` with every key at its default, commented so a person can adjust it.
    public static func configuration(providerCommand: [String]?) -> String {
        let command =
            providerCommand.map { "[" + $0.map { "\"\($0)\"" }.joined(separator: ", ") + "]" } ?? "[\"bin/answer\"]"
        return """
            version: 1
            prompts: ["prompts/**"]                  # files whose text shapes model behaviour
            guardrails: ["guardrails/**"]            # files that define policy boundaries
            datasets: evals/regression               # each subfolder with a dataset.yml is a dataset
            includes:                                # how a prompt pulls in another file; group 1 is the path
              - '\\{\\{>\\s*([^}\\s]+)\\s*\\}\\}'
            run_all_on: ["deadbolt.yml"]             # a change here makes every dataset affected
            provider:
              command: \(command)      # argv of the program that answers a case, never a shell string
              timeout: 30s
              jobs: 4
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

    /// One example case.
    public static func exampleCase(date: String) -> String {
        #"{"id":"reg-\#(date)-000001","input":{"question":"Replace this with the input that went wrong"},"#
            + #""expected_output":"the text the right answer must contain","#
            + #""category":"prod-bug","bug_link":"BUG-1","tier":"smoke","tags":{"feature":"example"}}"#
            + "\n"
    }
}
