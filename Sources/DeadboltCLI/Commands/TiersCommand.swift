import ArgumentParser
import DeadboltCore
import DeadboltGate
import DeadboltReport
import Foundation

/// `deadbolt tiers`: promotions and demotions history proposes, with the evidence.
struct TiersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiers",
        abstract: "Propose tier moves from history: recent catches to smoke, long-green smoke cases down.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Write the proposed tiers into the case lines of cases.jsonl.")
    var apply = false

    func run() async throws {
        let review = TierReview(workspace: try Workspace(path: global.repo))
        let found = try await review.proposals(nowMs: Int64(Date().timeIntervalSince1970 * 1000))
        let applied = apply ? try review.apply(found.proposals) : TierReview.Application()
        let byHand = applied.byHand
        switch global.format {
        case .json:
            print(
                TiersReport.json(found.proposals, store: found.store, applied: applied.files, byHand: byHand)
                    .prettyText())
        case .text:
            print(
                TiersReport.text(
                    found.proposals, store: found.store, applied: applied.files, lines: applied.lines,
                    byHand: byHand, style: TerminalStyle.standardOutput.style),
                terminator: "")
        }
    }
}
