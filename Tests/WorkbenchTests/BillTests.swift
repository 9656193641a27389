import Foundation
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

/// `bill` decides and writes in one transaction under its case's lock: it saves the case's new
/// closure state from its own evaluation instead of reading the case back, and a bill that
/// would change nothing writes nothing at all.
@Suite("Building outcomes: the state bill saves, and a bill that changes nothing")
struct BillTests {
    /// A case of each kind of cover, worked to the point of billing: its customer and asset,
    /// the lines recorded, and `bill`'s own argument.
    static let cases = [
        "C-W SN-W labour", "C-W SN-S labour travel", "C-K SN-K labour travel", "C-X SN-X labour",
        "C-W SN-W zero",
    ]

    private func billed(_ call: String) throws -> (Desk, CaseID, CommandResult) {
        let desk = try Desk()
        let agnes = try desk.session("agnes")
        let tom = try desk.session("tom")
        let words = call.split(separator: " ").map(String.init)
        let opened = try #require(agnes.run("open \(words[0]) \(words[1]) Unit stops"))
        #expect(opened.ok, "\(opened.message)")
        let id = try #require(opened.ids["case"].map(CaseID.init))
        var work: [(Session, String)] = []
        if !words.contains("zero") {
            work = [(agnes, "schedule \(id) tom 2026-06-15T10:00 2026-06-15T12:00"), (tom, "visit \(id) done")]
        }
        if words.contains("labour") { work.append((tom, "labour \(id) 30")) }
        if words.contains("travel") { work.append((tom, "travel \(id) 45.00")) }
        for (session, line) in work {
            let result = try #require(session.run(line))
            #expect(result.ok, "\(line): \(result.message)")
        }
        let bill = try #require(agnes.run("bill \(id)" + (words.contains("zero") ? " zero" : "")))
        #expect(bill.ok, "\(call): \(bill.message)")
        return (desk, id, bill)
    }

    @Test("The state bill saves without reading the case back is the one a refresh reads back", arguments: cases)
    func billedStateIsRefreshed(_ call: String) throws {
        let (desk, id, _) = try billed(call)
        let saved = try desk.read { try $0.caseState(id) }
        let refreshed = try desk.read { try CaseEvaluation.evaluate(id, $0).state }
        #expect(saved == refreshed)
        #expect(saved?.checks.isEmpty == false)
    }

    @Test("A bill whose outcomes are already current writes nothing: no audit entry, no undo step")
    func currentBillWritesNothing() throws {
        let (desk, id, _) = try billed("C-W SN-W labour")
        let agnes = try desk.session("agnes")
        let before = try desk.read { tx in (try tx.auditEntries().count, try tx.activeOutcomes(caseID: id)) }
        let again = try #require(agnes.run("bill \(id)"))
        #expect(again.ok)
        #expect(again.message.hasPrefix("case \(id): outcomes already current"), "\(again.message)")
        let after = try desk.read { tx in (try tx.auditEntries().count, try tx.activeOutcomes(caseID: id)) }
        #expect(after.0 == before.0)
        #expect(after.1 == before.1)
        // Undo still takes back the bill itself, the last write.
        let undone = try #require(agnes.run("undo"))
        #expect(undone.ok, "\(undone.message)")
        #expect(try desk.read { try $0.activeOutcomes(caseID: id) }.isEmpty)
    }
}
