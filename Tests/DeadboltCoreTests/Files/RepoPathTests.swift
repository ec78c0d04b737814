import DeadboltCore
import Testing

/// Path arithmetic inside a repository: it never climbs above the root.
@Suite struct RepoPathTests {
    @Test func normaliseResolvesDotsDoubledAndTrailingSlashes() {
        #expect(RepoPath.normalize("prompts/./refund.md") == "prompts/refund.md")
        #expect(RepoPath.normalize("prompts//partials///tone.md") == "prompts/partials/tone.md")
        #expect(RepoPath.normalize("prompts/refund/") == "prompts/refund")
        #expect(RepoPath.normalize("prompts/partials/../refund.md") == "prompts/refund.md")
        #expect(RepoPath.normalize("./prompts") == "prompts")
        #expect(RepoPath.normalize(".") == "")
        #expect(RepoPath.normalize("") == "")
        #expect(RepoPath.normalize("a/b/../../c") == "c")
    }

    @Test func pathThatClimbsAboveTheRootIsRefused() {
        #expect(RepoPath.normalize("..") == nil)
        #expect(RepoPath.normalize("../secrets.txt") == nil)
        #expect(RepoPath.normalize("prompts/../../etc/passwd") == nil)
        #expect(RepoPath.normalize("a/../..") == nil)
        #expect(RepoPath.join("prompts", "../../outside.md") == nil)
        #expect(RepoPath.join("", "../outside.md") == nil)
    }

    @Test func absolutePathIsReadFromTheRepositoryRoot() {
        #expect(RepoPath.normalize("/prompts/refund.md") == "prompts/refund.md")
        #expect(RepoPath.normalize("//etc/passwd") == "etc/passwd")
        #expect(RepoPath.join("prompts", "/guardrails/pii.yaml") == "prompts/guardrails/pii.yaml")
        #expect(RepoPath.normalize("/..") == nil)
    }

    @Test func joinReadsThePathFromTheFolder() {
        #expect(RepoPath.join("prompts", "partials/tone.md") == "prompts/partials/tone.md")
        #expect(RepoPath.join("prompts/partials", "../refund.md") == "prompts/refund.md")
        #expect(RepoPath.join("", "refund.md") == "refund.md")
        #expect(RepoPath.join("prompts", "./tone.md") == "prompts/tone.md")
    }

    @Test func folderAndNameSplitAtTheLastSlash() {
        #expect(RepoPath.folder(of: "prompts/partials/tone.md") == "prompts/partials")
        #expect(RepoPath.name(of: "prompts/partials/tone.md") == "tone.md")
        #expect(RepoPath.folder(of: "deadbolt.yml") == "")
        #expect(RepoPath.name(of: "deadbolt.yml") == "deadbolt.yml")
    }

    @Test func insideMeansTheFolderItselfOrBelowItNotANameThatStartsTheSame() {
        #expect(RepoPath.isInside("prompts/refund.md", folder: "prompts"))
        #expect(RepoPath.isInside("prompts", folder: "prompts"))
        #expect(!RepoPath.isInside("prompts2/refund.md", folder: "prompts"))
        #expect(!RepoPath.isInside("prompt", folder: "prompts"))
        #expect(RepoPath.isInside("anything/at/all", folder: ""))
    }
}
