/// One path that differs between two trees.
public struct FileChange: Sendable, Equatable {
    /// How the path changed, in git's words.
    public enum Status: String, Sendable, Codable {
        case added, deleted, modified, renamed, copied, typechange
    }

    public var status: Status
    /// The path after the change (for a deletion, the path that was deleted).
    public var path: String
    /// The path before a rename or copy, else nil.
    public var oldPath: String?
    /// The blob before the change, nil for an addition.
    public var oldID: ObjectID?
    /// The blob after the change, nil for a deletion.
    public var newID: ObjectID?
    /// What the entry is after the change (before it, for a deletion).
    public var kind: RevisionTree.EntryKind

    public init(
        status: Status, path: String, oldPath: String? = nil,
        oldID: ObjectID? = nil, newID: ObjectID? = nil, kind: RevisionTree.EntryKind = .file
    ) {
        self.status = status
        self.path = path
        self.oldPath = oldPath
        self.oldID = oldID
        self.newID = newID
        self.kind = kind
    }
}
