import DeadboltFuzz
import Foundation
import Testing

/// Every committed fuzz input (seeds and the findings kept as regressions) goes through its target
/// in the ordinary build: a finding fixed once stays fixed.
@Suite struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test(arguments: FuzzTarget.all.map(\.name)) func everyCommittedInputRunsWithoutATrap(name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let files = FuzzCorpus.folders(of: name, root: Self.root).flatMap { FuzzCorpus.files(at: $0) ?? [] }
        // Each target has seeds: a target without any starts from nothing and finds little.
        #expect(files.count >= 3, "Fuzz/corpus/\(name) has \(files.count) inputs")
        for file in files {
            let bytes = try #require(FuzzCorpus.read(file))
            target.body(bytes)
        }
    }

    @Test func targetNamesAreUniqueAndEachHasACorpusFolder() {
        let names = FuzzTarget.all.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            var isFolder: ObjCBool = false
            let path = "\(Self.root)/Fuzz/corpus/\(name)"
            #expect(
                FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue, "\(path)")
        }
    }
}
