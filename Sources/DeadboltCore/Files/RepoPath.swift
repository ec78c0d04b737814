/// Path arithmetic on repository paths (`/`-separated, relative to the root).
public enum RepoPath {
    /// The folder holding `path`, "" at the root.
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    public static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `path` joined under `folder`, with `.` and `..` resolved; nil when it climbs above the root.
    public static func join(_ folder: String, _ path: String) -> String? {
        normalize(folder.isEmpty ? path : folder + "/" + path)
    }

    /// `path` with `.`, `..`, doubled and leading slashes resolved; nil when it climbs above the root.
    public static func normalize(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        // Appended by hand: the generic `joined(separator:)` costs a no-op hook a first-use metadata lookup.
        var joined = ""
        for part in parts {
            if !joined.isEmpty { joined += "/" }
            joined += part
        }
        return joined
    }

    /// Whether `path` is `folder` itself or lies below it.
    public static func isInside(_ path: String, folder: String) -> Bool {
        if folder.isEmpty { return true }
        return path == folder || path.hasPrefix(folder + "/")
    }
}
