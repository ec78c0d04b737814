import DeadboltCore
import Testing

@Suite struct VersioningTests {
    static func tree(_ lines: [String], version: Int = 1, migrations: String? = nil) -> MemoryTree {
        var files = [
            "prompts/p.md": "x\n",
            "evals/regression/refunds/dataset.yml": "owners: [prompts/p.md]\nversion: \(version)\n",
            "evals/regression/refunds/cases.jsonl": lines.joined(separator: "\n") + "\n",
        ]
        if let migrations { files["evals/regression/refunds/MIGRATIONS.md"] = migrations }
        return MemoryTree(files)
    }

    static let a = #"{"id":"a","input":{"q":"1"},"expected_output":"x"}"#
    static let b = #"{"id":"b","input":{"q":"2"},"expected_output":"y"}"#

    func pins(_ tree: MemoryTree) throws -> PinFile {
        try PinFile.pins(
            of: try DatasetCatalog(tree: tree, config: Config()),
            hash: { Fingerprint.of([String(decoding: $0, as: UTF8.self)]) })
    }

    @Test func hashIgnoresLineOrderKeyOrderAndWhitespace() throws {
        let reordered = #"{ "expected_output" : "y", "input": {"q": "2"}, "id": "b" }"#
        #expect(try pins(Self.tree([Self.a, Self.b])) == (try pins(Self.tree([reordered, Self.a]))))
        #expect(try pins(Self.tree([Self.a, Self.b])) != (try pins(Self.tree([Self.a]))))
    }

    @Test func pinFileRoundTripsAndComparesVersions() throws {
        let before = try pins(Self.tree([Self.a]))
        #expect(try PinFile.parse(before.render()) == before)
        let changedSameVersion = try pins(Self.tree([Self.a, Self.b]))
        #expect(
            PinFile.compare(expected: before, actual: changedSameVersion) == [.changedWithoutNewVersion("refunds", 1)])
        let changedNewVersion = try pins(Self.tree([Self.a, Self.b], version: 2))
        #expect(
            PinFile.compare(expected: before, actual: changedNewVersion) == [.changedWithNewVersion("refunds", 1, 2)])
        #expect(PinFile.compare(expected: before, actual: changedNewVersion).allSatisfy { !$0.isError })
    }

    @Test func appendingIsFineDeletingNeedsAVersionAndAMigration() {
        let base = Self.tree([Self.a, Self.b])
        #expect(
            AppendOnlyCheck.violations(
                datasets: ["refunds"], config: Config(), base: base,
                head: Self.tree([Self.a, Self.b, #"{"id":"c","input":{},"expected_output":"z"}"#])
            ).isEmpty)
        let deleted = AppendOnlyCheck.violations(
            datasets: ["refunds"], config: Config(), base: base, head: Self.tree([Self.a]))
        #expect(
            deleted.first?.message == "1 case was deleted or changed in place (b); regression sets are append-mostly")
        #expect(deleted.first?.hint?.contains("bump `version`") == true)
        #expect(deleted.first?.hint?.contains("MIGRATIONS.md naming b") == true)
        let edited = AppendOnlyCheck.violations(
            datasets: ["refunds"], config: Config(), base: base,
            head: Self.tree([Self.a, #"{"id":"b","input":{"q":"2"},"expected_output":"changed"}"#]))
        #expect(edited.count == 1)
        let migrated = AppendOnlyCheck.violations(
            datasets: ["refunds"], config: Config(), base: base,
            head: Self.tree(
                [Self.a], version: 2, migrations: "## version 2\n- b: retired, the refund flow it covered is gone\n"))
        #expect(migrated.isEmpty)
        let bumpedOnly = AppendOnlyCheck.violations(
            datasets: ["refunds"], config: Config(), base: base, head: Self.tree([Self.a], version: 2))
        #expect(bumpedOnly.first?.hint?.contains("bump") == false)
    }
}
