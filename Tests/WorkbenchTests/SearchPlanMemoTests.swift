import ServiceCore
import ServiceStore
import Testing

@testable import Workbench

/// A search's plan depends on the whole query — the view's index on SQLite, the view's first
/// cases on PostgreSQL — and is probed once for it, not once per read.
@Suite("A search's plan is probed once per query")
struct SearchPlanMemoTests {
    @Test("Reading the same search again asks no probe; the same term in another view is probed anew (SQLite)")
    func probedOncePerQuery() throws {
        let desk = try Desk(sqliteOnly: true)
        let agnes = try desk.session("agnes")
        #expect(agnes.run("open C-W SN-W Unit stops")?.ok == true)
        let open = QueueQuery(view: .open, account: "agnes", today: businessDate, search: "unit")
        var all = open
        all.view = .all
        let probes = desk.db.countStatements(containing: "MATCH ? ORDER BY rowid DESC LIMIT ?")

        _ = try agnes.queueTally(open, cap: 100)
        _ = try agnes.queueRows(open, page: .offset(0), limit: 30)
        #expect(probes.value == 1)

        _ = try agnes.queueTally(all, cap: 100)
        _ = try agnes.queueRows(all, page: .offset(0), limit: 30)
        #expect(probes.value == 2)

        // A word of several tokens counts its last token once, to ask the index for it alone
        let tokens = desk.db.countStatements(containing: "MATCH ? LIMIT ?)")
        var phrase = all
        phrase.search = "unit-sto"
        _ = try agnes.queueTally(phrase, cap: 100)
        let rows = try agnes.queueRows(phrase, page: .offset(0), limit: 30)
        _ = try agnes.queueRows(phrase, page: .after(phrase.key(of: try #require(rows.first))), limit: 30)
        #expect(rows.count == 1)
        #expect(tokens.value == 1)
    }
}
