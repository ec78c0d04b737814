import CLibgit2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The changes between two commits, found by descending only into subtrees whose ids differ.
///
/// `git_diff_tree_to_tree` walks every entry of both trees (about 75 ms for a one-file change
/// among 100,000 files); comparing subtree ids first makes a small change cost well under a
/// millisecond. libgit2 is still asked to pair renames, but only among the added and deleted
/// paths, so its similarity rules (50%, as `git diff -M`) stay the reference.
extension Repository {
    /// The changes from `base` to `head`, sorted by path, renames detected.
    ///
    /// `base` nil compares against the empty tree (a root commit's changes).
    public func changes(from base: ObjectID?, to head: ObjectID) throws(GitError) -> [FileChange] {
        let newTree = try tree(of: head)
        let oldTree = try base.map { (b: ObjectID) throws(GitError) in try tree(of: b) }
        var walk = TreeWalk(repository: self)
        try walk.compare(old: oldTree, new: newTree, prefix: "")
        var changes = walk.changes
        try pairRenames(&changes, oldTree: oldTree, newTree: newTree)
        changes.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return changes
    }

    /// The changes staged in the index against HEAD (against nothing in an empty repository).
    public func stagedChanges() throws(GitError) -> [FileChange] {
        var index: OpaquePointer?
        try Libgit2.check(git_repository_index(&index, pointer), "git_repository_index")
        defer { git_index_free(index) }
        let headTree: OpaquePointer? = isEmpty ? nil : try tree(of: try resolve("HEAD"))
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        var diff: OpaquePointer?
        try Libgit2.check(git_diff_tree_to_index(&diff, pointer, headTree, index, &options), "git_diff_tree_to_index")
        defer { git_diff_free(diff) }
        try findRenames(in: diff!)
        var changes = Self.changes(of: diff!)
        changes.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return changes
    }

    /// Turns added/deleted pairs into renames: exact blob matches first, then libgit2's
    /// similarity over just those paths.
    private func pairRenames(_ changes: inout [FileChange], oldTree: OpaquePointer?, newTree: OpaquePointer)
        throws(GitError)
    {
        let deletedIndexes = changes.indices.filter { changes[$0].status == .deleted && changes[$0].kind != .submodule }
        let addedIndexes = changes.indices.filter { changes[$0].status == .added && changes[$0].kind != .submodule }
        guard !deletedIndexes.isEmpty, !addedIndexes.isEmpty else { return }

        var removed = Set<Int>()
        var deletedByBlob: [ObjectID: [Int]] = [:]
        for index in deletedIndexes {
            if let id = changes[index].oldID { deletedByBlob[id, default: []].append(index) }
        }
        for index in addedIndexes {
            guard let id = changes[index].newID, var candidates = deletedByBlob[id], !candidates.isEmpty else {
                continue
            }
            let source = candidates.removeFirst()
            deletedByBlob[id] = candidates
            changes[index].status = .renamed
            changes[index].oldPath = changes[source].path
            changes[index].oldID = changes[source].oldID
            removed.insert(source)
        }

        let leftDeleted = deletedIndexes.filter { !removed.contains($0) }
        let leftAdded = addedIndexes.filter { changes[$0].status == .added }
        if !leftDeleted.isEmpty, !leftAdded.isEmpty {
            let paths = (leftDeleted + leftAdded).map { changes[$0].path }
            let renames = try similarRenames(oldTree: oldTree, newTree: newTree, paths: paths)
            let indexByPath = Dictionary(
                leftDeleted.map { (changes[$0].path, $0) } + leftAdded.map { (changes[$0].path, $0) },
                uniquingKeysWith: { first, _ in first })
            for rename in renames {
                guard let added = indexByPath[rename.path], let oldPath = rename.oldPath,
                    let deleted = indexByPath[oldPath]
                else { continue }
                changes[added].status = .renamed
                changes[added].oldPath = oldPath
                changes[added].oldID = changes[deleted].oldID
                removed.insert(deleted)
            }
        }
        changes = changes.indices.filter { !removed.contains($0) }.map { changes[$0] }
    }

    private func similarRenames(oldTree: OpaquePointer?, newTree: OpaquePointer, paths: [String]) throws(GitError)
        -> [FileChange]
    {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        var cStrings = paths.map { strdup($0) }
        defer { for string in cStrings { free(string) } }
        var diff: OpaquePointer?
        let code = cStrings.withUnsafeMutableBufferPointer { buffer -> Int32 in
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, &options)
        }
        try Libgit2.check(code, "git_diff_tree_to_tree")
        defer { git_diff_free(diff) }
        try findRenames(in: diff!)
        return Self.changes(of: diff!).filter { $0.status == .renamed }
    }

    private func findRenames(in diff: OpaquePointer) throws(GitError) {
        var find = git_diff_find_options()
        git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
        // Set explicitly: the default would follow the user's diff.renames setting.
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue | GIT_DIFF_FIND_FOR_UNTRACKED.rawValue
        try Libgit2.check(git_diff_find_similar(diff, &find), "git_diff_find_similar")
    }

    static func changes(of diff: OpaquePointer) -> [FileChange] {
        var result: [FileChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let status: FileChange.Status
            switch delta.status {
            case GIT_DELTA_ADDED: status = .added
            case GIT_DELTA_DELETED: status = .deleted
            case GIT_DELTA_RENAMED: status = .renamed
            case GIT_DELTA_COPIED: status = .copied
            case GIT_DELTA_TYPECHANGE: status = .typechange
            case GIT_DELTA_MODIFIED: status = .modified
            default: continue
            }
            let oldPath = String(cString: delta.old_file.path)
            let newPath = String(cString: delta.new_file.path)
            var oldID = delta.old_file.id
            var newID = delta.new_file.id
            let deleted = status == .deleted
            let mode = git_filemode_t(rawValue: UInt32(deleted ? delta.old_file.mode : delta.new_file.mode))
            result.append(
                FileChange(
                    status: status,
                    path: deleted ? oldPath : newPath,
                    oldPath: status == .renamed || status == .copied ? oldPath : nil,
                    oldID: status == .added ? nil : ObjectID(&oldID),
                    newID: deleted ? nil : ObjectID(&newID),
                    kind: RevisionTree.kind(of: mode)))
        }
        return result
    }
}

/// The recursive walk behind ``Repository/changes(from:to:)``.
struct TreeWalk {
    let repository: Repository
    var changes: [FileChange] = []

    private struct Item {
        var id: git_oid
        var mode: git_filemode_t
    }

    mutating func compare(old: OpaquePointer?, new: OpaquePointer?, prefix: String) throws(GitError) {
        var oldItems: [String: Item] = [:]
        var oldOrder: [String] = []
        if let old {
            let count = git_tree_entrycount(old)
            oldItems.reserveCapacity(count)
            for index in 0..<count {
                let entry = git_tree_entry_byindex(old, index)!
                let name = String(cString: git_tree_entry_name(entry))
                oldItems[name] = Item(id: git_tree_entry_id(entry).pointee, mode: git_tree_entry_filemode(entry))
                oldOrder.append(name)
            }
        }
        if let new {
            for index in 0..<git_tree_entrycount(new) {
                let entry = git_tree_entry_byindex(new, index)!
                let name = String(cString: git_tree_entry_name(entry))
                let item = Item(id: git_tree_entry_id(entry).pointee, mode: git_tree_entry_filemode(entry))
                let path = prefix + name
                guard let before = oldItems.removeValue(forKey: name) else {
                    try added(item, path: path)
                    continue
                }
                var a = before.id
                var b = item.id
                if git_oid_equal(&a, &b) == 1 && before.mode == item.mode { continue }
                let wasTree = before.mode == GIT_FILEMODE_TREE
                let isTree = item.mode == GIT_FILEMODE_TREE
                switch (wasTree, isTree) {
                case (true, true):
                    let oldTree = try lookup(before.id)
                    defer { git_tree_free(oldTree) }
                    let newTree = try lookup(item.id)
                    defer { git_tree_free(newTree) }
                    try compare(old: oldTree, new: newTree, prefix: path + "/")
                case (true, false):
                    try deleted(before, path: path)
                    try added(item, path: path)
                case (false, true):
                    try deleted(before, path: path)
                    try added(item, path: path)
                case (false, false):
                    let oldKind = RevisionTree.kind(of: before.mode)
                    let newKind = RevisionTree.kind(of: item.mode)
                    let sameType =
                        (oldKind == newKind) || (oldKind == .file && newKind == .executable)
                        || (oldKind == .executable && newKind == .file)
                    changes.append(
                        FileChange(
                            status: sameType ? .modified : .typechange, path: path,
                            oldID: ObjectID(before.id), newID: ObjectID(item.id), kind: newKind))
                }
            }
        }
        for name in oldOrder {
            guard let item = oldItems[name] else { continue }
            try deleted(item, path: prefix + name)
        }
    }

    private mutating func added(_ item: Item, path: String) throws(GitError) {
        if item.mode == GIT_FILEMODE_TREE {
            let tree = try lookup(item.id)
            defer { git_tree_free(tree) }
            try compare(old: nil, new: tree, prefix: path + "/")
        } else {
            changes.append(
                FileChange(status: .added, path: path, newID: ObjectID(item.id), kind: RevisionTree.kind(of: item.mode))
            )
        }
    }

    private mutating func deleted(_ item: Item, path: String) throws(GitError) {
        if item.mode == GIT_FILEMODE_TREE {
            let tree = try lookup(item.id)
            defer { git_tree_free(tree) }
            try compare(old: tree, new: nil, prefix: path + "/")
        } else {
            changes.append(
                FileChange(
                    status: .deleted, path: path, oldID: ObjectID(item.id), kind: RevisionTree.kind(of: item.mode)))
        }
    }

    private func lookup(_ id: git_oid) throws(GitError) -> OpaquePointer {
        var oid = id
        var tree: OpaquePointer?
        try Libgit2.check(git_tree_lookup(&tree, repository.pointer, &oid), "git_tree_lookup")
        return tree!
    }
}
