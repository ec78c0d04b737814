import DeadboltGit

/// Two commits to compare.
public struct RevisionRange: Sendable {
    /// The merge base; nil means the empty tree.
    public var base: ObjectID?
    public var head: ObjectID
    /// What the user (or the defaults) named them.
    public var baseName: String
    public var headName: String

    public init(base: ObjectID?, head: ObjectID, baseName: String, headName: String) {
        self.base = base
        self.head = head
        self.baseName = baseName
        self.headName = headName
    }

    /// `deadbolt check --base X --head Y`, to reproduce this comparison.
    public var reproduceFlags: String {
        "--base \(base?.short ?? "$(git hash-object -t tree /dev/null)") --head \(head.short)"
    }
}
