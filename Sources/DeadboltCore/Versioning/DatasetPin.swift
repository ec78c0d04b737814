/// A dataset's version and the content hash of its cases, as `deadbolt.lock` records them.
public struct DatasetPin: Sendable, Equatable {
    public var name: String
    public var version: Int
    /// The hash of the cases' canonical form: independent of line order, key order and
    /// whitespace, so only a real change to a case changes it.
    public var hash: String
    public var cases: Int

    public init(name: String, version: Int, hash: String, cases: Int) {
        self.name = name
        self.version = version
        self.hash = hash
        self.cases = cases
    }

    /// The canonical text of `cases`: each case as compact JSON with sorted keys, lines sorted.
    public static func canonicalText(_ cases: [RegressionCase]) -> String {
        cases.map { JSONValue.object($0.fields).compactText() }.sorted().joined(separator: "\n") + "\n"
    }
}

/// `deadbolt.lock`: the pins of every dataset, committed with each release.
public struct PinFile: Sendable, Equatable {
    public static let fileName = "deadbolt.lock"
    public var datasets: [DatasetPin]

    public init(datasets: [DatasetPin]) { self.datasets = datasets.sorted { $0.name < $1.name } }

    /// The pins of every dataset of `catalog`; `hash` turns canonical text into a content id.
    public static func pins(of catalog: DatasetCatalog, hash: ([UInt8]) -> String) throws(InputError) -> PinFile {
        var pins: [DatasetPin] = []
        for dataset in try catalog.all() {
            let cases = try catalog.cases(of: dataset)
            let text = DatasetPin.canonicalText(cases)
            pins.append(
                DatasetPin(
                    name: dataset.name, version: dataset.version, hash: hash(Array(text.utf8)), cases: cases.count))
        }
        return PinFile(datasets: pins)
    }

    /// The file's text: JSON with sorted keys, stable from one run to the next.
    public func render() -> String {
        var datasets: [String: JSONValue] = [:]
        for pin in self.datasets {
            datasets[pin.name] = .object([
                "version": .number(Double(pin.version)), "hash": .string(pin.hash), "cases": .number(Double(pin.cases)),
            ])
        }
        return JSONValue.object(["lock_version": .number(1), "datasets": .object(datasets)]).prettyText() + "\n"
    }

    /// Reads a `deadbolt.lock`.
    public static func parse(_ text: String, path: String = PinFile.fileName) throws(InputError) -> PinFile {
        let json: JSONValue
        do { json = try JSONValue.parse(text) } catch {
            throw InputError(
                file: path, line: error.line, column: error.column, "is not valid JSON: \(error.message)",
                hint: "run deadbolt pin to write it again")
        }
        guard case .object(let datasets)? = json["datasets"] else {
            throw InputError(file: path, "has no `datasets` object", hint: "run deadbolt pin to write it again")
        }
        var pins: [DatasetPin] = []
        for (name, value) in datasets {
            let counts = 0...Int(Int32.max)
            guard let version = value["version"]?.numberValue.flatMap({ BoundedNumber.whole($0, in: counts) }),
                let hash = value["hash"]?.stringValue,
                let cases = BoundedNumber.whole(value["cases"]?.numberValue ?? 0, in: counts)
            else {
                throw InputError(
                    file: path,
                    "dataset `\(name)` needs a `version` and `cases` that are whole numbers "
                        + "in \(BoundedNumber.describe(counts)), and a `hash`",
                    hint: "run deadbolt pin to write it again")
            }
            pins.append(DatasetPin(name: name, version: version, hash: hash, cases: cases))
        }
        return PinFile(datasets: pins)
    }

    /// What differs between these pins (`expected`) and the tree's (`actual`).
    public static func compare(expected: PinFile, actual: PinFile) -> [PinDifference] {
        var differences: [PinDifference] = []
        let before = Dictionary(uniqueKeysWithValues: expected.datasets.map { ($0.name, $0) })
        let after = Dictionary(uniqueKeysWithValues: actual.datasets.map { ($0.name, $0) })
        for name in Set(before.keys).union(after.keys).sorted() {
            switch (before[name], after[name]) {
            case (let old?, let new?):
                if old.hash == new.hash {
                    if old.version != new.version { differences.append(.versionOnly(name, old.version, new.version)) }
                } else if new.version > old.version {
                    differences.append(.changedWithNewVersion(name, old.version, new.version))
                } else {
                    differences.append(.changedWithoutNewVersion(name, old.version))
                }
            case (nil, _?): differences.append(.added(name))
            case (_?, nil): differences.append(.removed(name))
            case (nil, nil): break
            }
        }
        return differences
    }
}

/// One difference between pinned and actual datasets.
public enum PinDifference: Sendable, Equatable {
    case added(String)
    case removed(String)
    case versionOnly(String, Int, Int)
    case changedWithNewVersion(String, Int, Int)
    case changedWithoutNewVersion(String, Int)

    /// Whether it breaks the pin: cases changed without a new version, or a dataset gone.
    public var isError: Bool {
        switch self {
        case .changedWithoutNewVersion, .removed: return true
        default: return false
        }
    }

    public var message: String {
        switch self {
        case .added(let name): return "\(name): new dataset"
        case .removed(let name): return "\(name): removed since the pin"
        case .versionOnly(let name, let old, let new): return "\(name): version \(old) → \(new), cases unchanged"
        case .changedWithNewVersion(let name, let old, let new):
            return "\(name): cases changed, version \(old) → \(new)"
        case .changedWithoutNewVersion(let name, let version):
            return
                "\(name): cases changed but the version is still \(version); "
                + "bump `version` in its dataset.yml and say why in its MIGRATIONS.md"
        }
    }
}
