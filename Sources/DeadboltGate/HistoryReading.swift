import DeadboltCore
import DeadboltHistory
import Foundation

/// What `deadbolt history` reads: the configured store's records, as timelines.
public struct HistoryReading {
    let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// The configuration of the work tree, or of HEAD in a bare repository.
    public func config() throws -> Config {
        if workspace.repository.workTree != nil { return try ConfigParser.load(from: try workspace.workTreeFiles()) }
        guard let head = try workspace.headCommit() else { return Config() }
        return try ConfigParser.load(from: workspace.tree(head))
    }

    /// The timelines of the records `filter` selects, and the store's name.
    public func timelines(_ filter: RecordFilter) async throws -> (timelines: [CaseTimeline], store: String) {
        let opened = try await workspace.openHistory(try config(), environment: ProcessInfo.processInfo.environment)
        guard let store = opened.store else { return ([], opened.name) }
        let records: [EvalRecord]
        do {
            records = try await store.records(filter)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        return (CaseTimeline.build(records), opened.name)
    }
}
