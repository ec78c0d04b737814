import Foundation

/// The committed inputs of a target: its seed corpus (`Fuzz/corpus/TARGET`) and the findings kept
/// as regression inputs (`Fuzz/regressions/TARGET`).
public enum FuzzCorpus {
    /// The folders holding `target`'s inputs below the repository's `root`.
    public static func folders(of target: String, root: String) -> [String] {
        ["\(root)/Fuzz/corpus/\(target)", "\(root)/Fuzz/regressions/\(target)"]
    }

    /// `path` itself, or the files in it when it is a folder, sorted; nil when there is nothing there.
    public static func files(at path: String) -> [String]? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        guard isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(path)/\($0)" }
    }

    public static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }
}
