import DeadboltCore
import Testing

/// CI tokens stay out of the provider's environment and out of what it prints.
@Suite struct SecretRedactionTests {
    @Test func redactionReplacesTokenValuesOnly() {
        let redaction = SecretRedaction(environment: [
            "GITHUB_TOKEN": "ghp_abcdefghijklmnop", "CI_JOB_TOKEN": "short", "HOME": "/home/ana_longer",
        ])
        #expect(redaction.redact("token ghp_abcdefghijklmnop!") == "token ***!")
        #expect(redaction.redact(Array("ghp_abcdefghijklmnopghp_abcdefghijklmnop".utf8)) == Array("******".utf8))
        #expect(redaction.redact("short /home/ana_longer") == "short /home/ana_longer")
    }

    @Test func providerEnvironmentDropsTokensUnlessNamed() {
        let inherited = [
            "GITHUB_TOKEN": "ghp_secret", "GITLAB_TOKEN": "glpat", "PATH": "/bin", "ACTIONS_RUNTIME_TOKEN": "x",
        ]
        let plain = SecretRedaction.providerEnvironment(inherited: inherited, explicit: ["MODEL": "small"])
        #expect(plain == ["PATH": "/bin", "MODEL": "small"])
        let named = SecretRedaction.expandingReferences(
            ["GITHUB_TOKEN": "${GITHUB_TOKEN}", "A": "${UNSET}"], from: inherited)
        #expect(named == ["GITHUB_TOKEN": "ghp_secret", "A": ""])
        #expect(
            SecretRedaction.providerEnvironment(inherited: inherited, explicit: named)["GITHUB_TOKEN"] == "ghp_secret")
    }
}
