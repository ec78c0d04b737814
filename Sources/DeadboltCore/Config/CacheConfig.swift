import Yams

/// `cache:`: where provider answers are kept, and for how long they may be reused.
public struct CacheConfig: Sendable, Equatable {
    /// False for `cache: off`.
    public var enabled = true
    /// A folder relative to the repository root; nil keeps the cache in the git directory
    /// (`deadbolt/cache` there), shared by every worktree of the repository.
    public var folder: String?
    /// How old an answer may be and still be reused.
    public var ttlSeconds: Double = 14 * 86_400

    /// What `cache.ttl` may be: a second to ten years.
    public static let ttlRange: ClosedRange<Double> = 1...(3_650 * 86_400)

    public init() {}
}

/// Reads `cache:` in `deadbolt.yml`: `off`, or `{dir, ttl}`.
enum CacheConfigParser {
    static func parse(_ node: Node, _ file: YAMLFile) throws(InputError) -> CacheConfig {
        var cache = CacheConfig()
        if case .scalar = node {
            if node.bool == false || node.string == "off" {
                cache.enabled = false
                return cache
            }
            throw file.error("`cache` must be off, or a mapping such as {dir: .deadbolt-cache, ttl: 14d}", at: node)
        }
        for (key, _, value) in try file.mapping(node, known: ["dir", "ttl"], what: "cache") {
            switch key {
            case "dir":
                let text = try file.string(value, "cache.dir")
                guard let folder = RepoPath.normalize(text), !folder.isEmpty else {
                    throw file.error(
                        "`cache.dir` must be a folder inside the repository, not `\(text)`", at: value,
                        hint: "leave it out to keep the cache in the git directory")
                }
                cache.folder = folder
            case "ttl":
                let text = try file.string(value, "cache.ttl")
                guard let seconds = DurationText.seconds(text),
                    BoundedNumber.real(seconds, in: CacheConfig.ttlRange) != nil
                else {
                    throw file.error(
                        "`cache.ttl` must be a duration from 1s to 3650d, such as 14d or 12h, not `\(text)`", at: value)
                }
                cache.ttlSeconds = seconds
            default: break
            }
        }
        return cache
    }
}
