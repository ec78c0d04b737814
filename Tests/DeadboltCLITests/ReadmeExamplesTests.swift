import Foundation
import TestSupport
import Testing

/// Every fenced block of README.md, run as written: commands in the example's repository with the
/// built binary on PATH, transcripts compared with what the commands print, configuration snippets
/// put into `deadbolt.yml` or `dataset.yml` and linted, and output blocks produced for real. A block
/// no example below claims fails the test, so a new README example needs a way to run it.
@Suite struct ReadmeExamplesTests {
    static let readme = (try? String(contentsOfFile: ReadmeScenario.packageRoot + "/README.md", encoding: .utf8)) ?? ""
    static let blocks = MarkdownBlocks.parse(readme)

    @Test func theReadmeHasExamples() {
        #expect(Self.blocks.count > 20, "README.md was read and parsed")
    }

    @Test(arguments: blocks) func runsAsWritten(_ block: MarkdownBlock) throws {
        let claims = ReadmeExample.all.filter { $0.claims(block) }
        let message =
            "README.md:\(block.line): \(claims.isEmpty ? "no" : "\(claims.count)") examples in "
            + "ReadmeExamplesTests claim this ```\(block.info) block (first line: \(block.firstLine)); "
            + "add one that runs it"
        try #require(claims.count == 1, Comment(rawValue: message))
        try claims[0].check(block)
    }

    @Test(arguments: ReadmeExample.all.map(\.marker)) func everyExampleStillHasItsBlock(_ marker: String) {
        let example = ReadmeExample.all.first { $0.marker == marker }
        #expect(Self.blocks.contains { example?.claims($0) == true }, "no README block holds \(marker) any more")
    }
}

/// How one README block is run: `marker` is text only that block holds (at its start, when the
/// marker begins with `^`).
struct ReadmeExample: Sendable {
    var marker: String
    var check: @Sendable (MarkdownBlock) throws -> Void

    func claims(_ block: MarkdownBlock) -> Bool {
        marker.hasPrefix("^") ? block.text.hasPrefix(marker.dropFirst()) : block.text.contains(marker)
    }

    static let all: [ReadmeExample] =
        startAndInstall + transcripts + ciAndHooks + capture + configuration + reference
}

// MARK: - the first commands, install and build

extension ReadmeExample {
    static let startAndInstall: [ReadmeExample] = [
        ReadmeExample(marker: "bash scripts/demo.sh    # the demo") { block in
            // The demo with the binary under test (DEADBOLT_BIN skips its release build); `bash .ci/run`
            // is the command that runs this very test.
            #expect(block.text.contains("bash .ci/run"))
            let fixture = try GitFixture()
            let run = try ReadmeScenario.shell(
                "cd '\(ReadmeScenario.packageRoot)' && bash scripts/demo.sh", in: fixture,
                environment: ["DEADBOLT_BIN": DeadboltBinary.path])
            #expect(run.status == 0, "the demo's gate fails as it should: \(run.stderr)")
            #expect(run.stdout.contains("verdict: FAIL"))
            #expect(run.stdout.contains("deadbolt check exited with 1"))
        },
        ReadmeExample(marker: "tar -xzf deadbolt-0.1.0-linux-x86_64.tar.gz") { block in
            // Run by scripts/package-test.sh, which .ci/run calls on the tarball it builds.
            let test = try String(
                contentsOfFile: ReadmeScenario.packageRoot + "/scripts/package-test.sh", encoding: .utf8)
            #expect(test.contains("tar -xzf") && test.contains("./install.sh"))
            #expect(try ciRun().contains("bash scripts/package-test.sh"))
            #expect(block.text.contains("deadbolt-\(try version())-linux-x86_64"), "the tarball of this version")
        },
        ReadmeExample(marker: "swift build -c release --static-swift-stdlib --product deadbolt\n") { block in
            // The release build is scripts/package.sh's, which .ci/run runs.
            let package = try String(
                contentsOfFile: ReadmeScenario.packageRoot + "/scripts/package.sh", encoding: .utf8)
            #expect(package.contains("swift build -c release --static-swift-stdlib --product deadbolt"))
            #expect(try ciRun().contains("bash scripts/package.sh"))
            #expect(block.text.contains("apt-get install -y libgit2-dev pkg-config"))
        },
        ReadmeExample(marker: "bash .ci/run        # or: swift build --build-tests && swift test") { _ in
            let ci = try ciRun()
            #expect(ci.contains("swift build --build-tests"))
            #expect(ci.contains("swift test"))
        },
    ]

    static func ciRun() throws -> String {
        try String(contentsOfFile: ReadmeScenario.packageRoot + "/.ci/run", encoding: .utf8)
    }

    static func version() throws -> String {
        let run = try DeadboltBinary.run(["--version"], in: ReadmeScenario.packageRoot)
        return run.stdout.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    }
}

// MARK: - transcripts: `$ command` and what it prints

extension ReadmeExample {
    static let transcripts: [ReadmeExample] = [
        ReadmeExample(marker: "$ deadbolt changes --base HEAD~1") { block in
            try expectTranscript(block, in: try ReadmeScenario.demo())
        },
        ReadmeExample(marker: "$ deadbolt bisect reg-2026-11-02-a1b2c3") { block in
            try expectTranscript(block, in: try ReadmeScenario.bisect())
        },
    ]

    static func expectTranscript(_ block: MarkdownBlock, in fixture: GitFixture) throws {
        let steps = ReadmeScenario.transcript(block.text)
        #expect(!steps.isEmpty)
        for step in steps {
            let run = try ReadmeScenario.shell(step.command + " 2>&1 || true", in: fixture)
            #expect(
                ReadmeScenario.normalized(run.stdout) == ReadmeScenario.normalized(step.output),
                "README.md:\(block.line): `\(step.command)` prints otherwise")
        }
    }
}

// MARK: - CI, hooks and the hook managers

extension ReadmeExample {
    static let ciAndHooks: [ReadmeExample] = [
        ReadmeExample(marker: "deadbolt merge partial-1.json partial-2.json partial-3.json") { block in
            let fixture = try ReadmeScenario.demo()
            for shard in 1...3 {
                _ = try ReadmeScenario.shell(
                    "deadbolt check --shard \(shard)/3 --report json=partial-\(shard).json || true", in: fixture)
            }
            let run = try ReadmeScenario.shell(block.text, in: fixture)
            #expect(run.status == 1, "the combined verdict fails: \(run.stderr)")
            #expect(run.stdout.contains("3 shards, 6 cases: 5 passed, 1 failed"))
        },
        ReadmeExample(marker: "deadbolt install            # writes") { block in
            let fixture = try ReadmeScenario.supportBot()
            let firstLine = try ReadmeScenario.shell(block.firstLine, in: fixture)
            #expect(firstLine.status == 0, "\(firstLine.stderr)")
            #expect(FileManager.default.isExecutableFile(atPath: fixture.root + "/.git/hooks/pre-push"))
            #expect(FileManager.default.isExecutableFile(atPath: fixture.root + "/.git/hooks/commit-msg"))
            let both = try ReadmeScenario.shell(block.text, in: fixture)
            #expect(both.status == 0, "\(both.stderr)")
            #expect(!FileManager.default.fileExists(atPath: fixture.root + "/.git/hooks/pre-push"))
        },
        ReadmeExample(marker: "this commit references BUG-7 but stages no regression case") { block in
            let fixture = try ReadmeScenario.supportBot()
            _ = try ReadmeScenario.shell("deadbolt install", in: fixture)
            try ReadmeScenario.append("Be brief.\n", to: "prompts/refund.md", in: fixture)
            let run = try ReadmeScenario.shell(
                "git add prompts/refund.md && git commit -q -m 'Fix refund wording' -m 'Bug: BUG-7'", in: fixture)
            #expect(run.status == 0, "the commit goes through: \(run.stderr)")
            #expect(ReadmeScenario.normalized(run.stderr).contains(ReadmeScenario.normalized(block.text)))
        },
        ReadmeExample(marker: "^warning: fix without lock: 5f5577d") { block in
            let fixture = try ReadmeScenario.demo()
            let run = try ReadmeScenario.shell("deadbolt check --base HEAD~1 2>&1 || true", in: fixture)
            #expect(ReadmeScenario.normalized(run.stdout).contains(ReadmeScenario.normalized(block.text)))
        },
        ReadmeExample(marker: "  - repo: https://github.com/OWNER/deadbolt") { block in
            try expectPreCommitConfiguration(block)
        },
        ReadmeExample(marker: "run: deadbolt hook pre-push {1} {2}") { block in
            // lefthook puts the hook's arguments for {1} and {2} and, with use_stdin, passes git's input.
            let commands = block.text.split(separator: "\n").filter { $0.contains("run: ") }
                .map { String($0.split(separator: "run: ", maxSplits: 1)[1]) }
            #expect(commands.count == 2)
            try expectHookCommands(
                prePush: commands[0].replacingOccurrences(of: "{1}", with: "origin")
                    .replacingOccurrences(of: "{2}", with: "file:///remote"),
                commitMessage: commands[1].replacingOccurrences(of: "{1}", with: ".git/COMMIT_EDITMSG"))
        },
        ReadmeExample(marker: "# .husky/pre-push") { block in
            // husky runs each file with sh and the hook's arguments.
            let lines = block.text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
            #expect(lines.count == 2)
            try expectHookCommands(
                prePush: "set -- origin file:///remote; " + lines[0],
                commitMessage: "set -- .git/COMMIT_EDITMSG; " + lines[1])
        },
    ]

    /// The pre-push command refuses the demo's push and the commit-msg command refuses an unlinked prompt fix.
    static func expectHookCommands(prePush: String, commitMessage: String) throws {
        let fixture = try ReadmeScenario.demo()
        let head = try fixture.sha("HEAD")
        let base = try fixture.sha("HEAD~1")
        let push = try ReadmeScenario.shell(
            prePush, in: fixture, input: "refs/heads/main \(head) refs/heads/main \(base)\n")
        #expect(push.status == 1, "the pre-push gate fails on the demo's push: \(push.stdout)\(push.stderr)")
        #expect(push.stdout.contains("verdict: FAIL") || push.stderr.contains("verdict: FAIL"))
        try ReadmeScenario.append("Be brief.\n", to: "prompts/refund.md", in: fixture)
        try fixture.write(".git/COMMIT_EDITMSG", "Tweak refunds\n")
        let refused = try ReadmeScenario.shell("git add prompts/refund.md && " + commitMessage, in: fixture)
        #expect(refused.status == 1, "a prompt change without a bug link is refused: \(refused.stderr)")
        try fixture.write(".git/COMMIT_EDITMSG", "Tweak refunds\n\nNo-Bug: wording only\n")
        let waived = try ReadmeScenario.shell(commitMessage, in: fixture)
        #expect(waived.status == 0, "\(waived.stderr)")
    }

    /// The snippet names hooks `.pre-commit-hooks.yaml` declares, at the tag of this version, and the
    /// framework runs them (when `pre-commit` is installed; CI installs it).
    static func expectPreCommitConfiguration(_ block: MarkdownBlock) throws {
        let hooks = try String(
            contentsOfFile: ReadmeScenario.packageRoot + "/.pre-commit-hooks.yaml", encoding: .utf8)
        for id in block.text.split(separator: "\n").compactMap({ line -> String? in
            guard let range = line.range(of: "- id: ") else { return nil }
            return String(line[range.upperBound...])
        }) {
            #expect(hooks.contains("- id: \(id)\n"), "\(id) is declared")
        }
        #expect(block.text.contains("rev: v\(try version())\n"), "the rev is the tag of this release")
        let probe = try ProcessResult.run(["python3", "-c", "import pre_commit"], in: ReadmeScenario.packageRoot)
        guard probe.status == 0 else {
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI installs pre-commit (.ci/run)")
            return
        }
        // A repository of deadbolt's hooks file, tagged as released, stands in for GitHub.
        let hooksRepository = try GitFixture()
        try hooksRepository.write(".pre-commit-hooks.yaml", hooks)
        try hooksRepository.commit("Hooks")
        try hooksRepository.git(["tag", "v\(try version())"])
        let fixture = try ReadmeScenario.demo()
        try fixture.write(
            ".pre-commit-config.yaml",
            block.text.replacingOccurrences(of: "https://github.com/OWNER/deadbolt", with: hooksRepository.root))
        let home = try TemporaryFolder.make(prefix: "deadbolt-pre-commit-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let environment = ["PRE_COMMIT_HOME": home]
        let install = try ReadmeScenario.shell(
            "python3 -m pre_commit install -t pre-push -t commit-msg", in: fixture, environment: environment)
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        let run = try ReadmeScenario.shell(
            "python3 -m pre_commit run --hook-stage pre-push --from-ref HEAD~1 --to-ref HEAD deadbolt-pre-push",
            in: fixture,
            environment: environment)
        #expect(run.status == 1, "the demo's change fails the gate through the framework: \(run.stdout)")
        #expect(run.stdout.contains("verdict: FAIL"))
    }
}

// MARK: - capture

extension ReadmeExample {
    static let traces = "Tests/DeadboltCoreTests/Capture/Fixtures/Traces/Real/"

    static let capture: [ReadmeExample] = [
        ReadmeExample(marker: "--trace trace.json \\\n  --bug https://tracker.example.com/BUG-142") { block in
            let fixture = try ReadmeScenario.supportBot()
            try ReadmeScenario.copy(traces + "otel-openai-v2-span-only.json", to: "trace.json", in: fixture)
            try expectCaptured(block, in: fixture, count: 1)
        },
        ReadmeExample(marker: "--trace traces.json --trace logs.json") { block in
            let fixture = try ReadmeScenario.supportBot()
            try ReadmeScenario.copy(traces + "otel-openai-v2-2.3.traces.json", to: "traces.json", in: fixture)
            try ReadmeScenario.copy(traces + "otel-openai-v2-2.3.logs.json", to: "logs.json", in: fixture)
            try expectCaptured(block, in: fixture, count: 1)
        },
        ReadmeExample(marker: "--trace prod-export.jsonl") { block in
            let fixture = try ReadmeScenario.supportBot()
            try ReadmeScenario.copy(traces + "collector-file-export.jsonl", to: "prod-export.jsonl", in: fixture)
            try expectCaptured(block, in: fixture, count: 2)
        },
    ]

    static func expectCaptured(_ block: MarkdownBlock, in fixture: GitFixture, count: Int) throws {
        let cases = "evals/regression/refund_policy_regressions/cases.jsonl"
        let before = try fixture.read(cases).split(separator: "\n").count
        let run = try ReadmeScenario.shell(block.text, in: fixture)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(try fixture.read(cases).split(separator: "\n").count == before + count)
    }
}

// MARK: - configuration snippets

extension ReadmeExample {
    static let configuration: [ReadmeExample] = [
        ReadmeExample(marker: "prompt: prompts/refund.md      # system message") { block in
            try expectLint(dataset: block)
        },
        ReadmeExample(marker: "  - {role: user, content: \"{{input.question}} (plan: {{input.plan}})\"}") { block in
            try expectLint(dataset: block)
        },
        ReadmeExample(marker: "  - {type: exec, command: [\"python3\", \"evals/judge.py\"]}") { block in
            try expectLint(dataset: block) { fixture in
                try fixture.write(
                    "evals/judge.py", "import json, sys\njson.load(sys.stdin)\nprint(json.dumps({\"pass\": True}))\n")
            }
        },
        ReadmeExample(marker: "  dir: .deadbolt-cache") { block in
            let fixture = try expectLint(configuration: block)
            let run = try ReadmeScenario.shell("deadbolt run", in: fixture)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(FileManager.default.fileExists(atPath: fixture.root + "/.deadbolt-cache"))
        },
        ReadmeExample(marker: "examples/providers/jsonl_worker.py\"]") { block in
            try expectLint(configuration: block) { fixture in
                try ReadmeScenario.copy(
                    "examples/providers/jsonl_worker.py", to: "examples/providers/jsonl_worker.py", in: fixture)
            }
        },
        ReadmeExample(marker: "  model: gpt-4o-mini            # required") { block in
            try expectLint(configuration: block, environment: ["OPENAI_API_KEY": "sk-readme-example"])
        },
        ReadmeExample(marker: "# Ollama") { block in try expectLint(configuration: block) },
        ReadmeExample(marker: "# vLLM") { block in try expectLint(configuration: block) },
        ReadmeExample(marker: "provider:  # Azure OpenAI") { block in
            try expectLint(configuration: block, environment: ["AZURE_OPENAI_API_KEY": "azure-readme-example"])
        },
        ReadmeExample(marker: "provider:  # a LiteLLM proxy") { block in
            try expectLint(configuration: block, environment: ["LITELLM_KEY": "litellm-readme-example"])
        },
    ]

    /// The snippet in place of the same keys of the example's `deadbolt.yml`; `lint` finds nothing wrong.
    @discardableResult
    static func expectLint(
        configuration block: MarkdownBlock, environment: [String: String] = [:],
        prepare: (GitFixture) throws -> Void = { _ in }
    ) throws -> GitFixture {
        let fixture = try ReadmeScenario.supportBot()
        try prepare(fixture)
        try fixture.write(
            "deadbolt.yml", ReadmeScenario.replacingTopLevelKeys(of: try fixture.read("deadbolt.yml"), with: block.text)
        )
        let run = try ReadmeScenario.shell("deadbolt lint", in: fixture, environment: environment)
        #expect(run.status == 0, "README.md:\(block.line) in deadbolt.yml: \(run.stdout)\(run.stderr)")
        return fixture
    }

    /// The snippet in place of the same keys of the refund dataset's `dataset.yml`; `lint` passes.
    static func expectLint(dataset block: MarkdownBlock, prepare: (GitFixture) throws -> Void = { _ in }) throws {
        let fixture = try ReadmeScenario.supportBot()
        try prepare(fixture)
        let path = "evals/regression/refund_policy_regressions/dataset.yml"
        try fixture.write(path, ReadmeScenario.replacingTopLevelKeys(of: try fixture.read(path), with: block.text))
        let run = try ReadmeScenario.shell("deadbolt lint", in: fixture)
        #expect(run.status == 0, "README.md:\(block.line) in dataset.yml: \(run.stdout)\(run.stderr)")
    }
}

// MARK: - reports and the layout

extension ReadmeExample {
    static let reference: [ReadmeExample] = [
        ReadmeExample(marker: "deadbolt check --report json=verdict.json --report junit=junit.xml") { block in
            let fixture = try ReadmeScenario.demo()
            let run = try ReadmeScenario.shell(block.text, in: fixture)
            #expect(run.status == 1, "the demo's change fails: \(run.stderr)")
            for file in ["verdict.json", "junit.xml", "summary.md", "report.html"] {
                let size = (try? FileManager.default.attributesOfItem(atPath: fixture.root + "/" + file)[.size]) as? Int
                #expect((size ?? 0) > 0, "\(file) was written")
            }
        },
        ReadmeExample(marker: "Sources/CLibgit2/        libgit2") { block in
            for line in block.text.split(separator: "\n") where !line.hasPrefix(" ") {
                let path = String(line.split(separator: " ")[0])
                #expect(
                    FileManager.default.fileExists(atPath: ReadmeScenario.packageRoot + "/" + path),
                    "the layout names \(path), which is not there")
            }
        },
    ]
}
