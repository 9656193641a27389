import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

/// A training desk of `cases` generated cases from `seed`.
private func generated(_ cases: Int, seed: UInt64) throws -> (Desk, GenerateSummary) {
    let desk = try Desk(Dataset(), sqliteOnly: true)
    let summary = try Generator.generate(into: desk.db, cases: cases, seed: seed, account: "trainer", at: fixedClock())
    return (desk, summary)
}

/// Every row of the tables a generation writes, but the audit trail (its times are the clock's).
private func contents(_ db: AppDatabase) throws -> [String: [String]] {
    try db.read { tx in
        var result: [String: [String]] = [:]
        for table in [
            "service_case", "visit", "case_line", "entitlement_check", "terms_snapshot", "billing_outcome",
            "outcome_portion", "posting", "stock", "stock_movement", "stock_valuation", "warranty_spend", "case_state",
            "customer", "asset",
            "contract",
        ] {
            result[table] = try Row.fetchAll(tx.db, sql: "SELECT * FROM \(table)").map(\.description).sorted()
        }
        return result
    }
}

@Suite("Generating a service desk (SQLite)")
struct GeneratorTests {
    @Test(
        "A generated desk holds: the ledger agrees, the audit trail is one chained entry, every closed case has its postings"
    )
    func holds() throws {
        let (desk, summary) = try generated(400, seed: 11)
        #expect(summary.cases == 400)
        #expect(try desk.verified())
        let kpi = try #require(try desk.session("sam").run("report kpi format=csv"))
        #expect(kpi.ok)
        let completeness = kpi.document?.split(separator: "\n").first { $0.contains("completeness") }
        let closed = summary.byStatus[.closed] ?? 0
        #expect(completeness?.hasSuffix("100.0%,\(closed) of \(closed)") == true, "\(completeness ?? "")")
        #expect(try desk.session("ada").run("audit verify")?.ok == true)
        // Every status of a case's life is there
        for status in [CaseStatus.verified, .scheduled, .inProgress, .resolved, .closed, .cancelled] {
            #expect((summary.byStatus[status] ?? 0) > 0, "\(status)")
        }
    }

    @Test(
        "A generated desk has its resolution codes, and every case it resolves takes one of them — as both demo datasets ship them"
    )
    func resolutionCodes() throws {
        let (desk, _) = try generated(200, seed: 4)
        let (codes, used) = try desk.read { tx in
            (
                try tx.resolutionCodes(),
                try String.fetchAll(
                    tx.db, sql: "SELECT DISTINCT resolution_code FROM service_case WHERE resolution_code IS NOT NULL")
            )
        }
        #expect(codes == SyntheticDesk.resolutionCodes)
        #expect(!used.isEmpty)
        #expect(Set(used).isSubset(of: Set(SyntheticDesk.workedResolutions)))
        // The demo datasets ship the same list, FIXED among it
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data").path
        for name in ["showcase", "training"] {
            let shipped = try Dataset.read(directory: "\(data)/\(name)").resolutionCodes
            #expect(shipped == SyntheticDesk.resolutionCodes, "\(name)")
            #expect(shipped.contains { $0.code == "FIXED" }, "\(name)")
        }
    }

    @Test("The same seed gives the same desk; another seed another")
    func reproducible() throws {
        let a = try contents(generated(120, seed: 5).0.db)
        let b = try contents(generated(120, seed: 5).0.db)
        let c = try contents(generated(120, seed: 6).0.db)
        #expect(a.keys.filter { a[$0] != b[$0] }.sorted() == [])
        #expect(a != c)
    }

    @Test(
        "What the generator stored is what the workbench computes: each open case's closure state, recomputed, is unchanged"
    )
    func sameAsWorkbench() throws {
        let (desk, _) = try generated(300, seed: 8)
        let before = try contents(desk.db)["case_state"]
        try desk.db.perform(
            CommandRecord(
                actor: Actor(account: "trainer"), at: fixedClock(), text: "refresh", label: "refresh", undoable: false)
        ) { tx in
            for id in try CaseID.fetchAll(
                tx.db, sql: "SELECT id FROM service_case WHERE status NOT IN ('closed','cancelled')")
            {
                try CaseEvaluation.refreshState(id, tx)
            }
        }
        #expect(try contents(desk.db)["case_state"] == before)
    }

    @Test("Each closed case holds the postings a closing computes from its lines, outcomes and ledger as stored")
    func postingsAsStored() throws {
        let (desk, summary) = try generated(300, seed: 12)
        let closed = try desk.read { tx in
            try CaseID.fetchAll(tx.db, sql: "SELECT id FROM service_case WHERE status = 'closed' ORDER BY id")
        }
        #expect(closed.count == summary.byStatus[.closed])
        var postings = 0
        try desk.read { tx in
            for id in closed {
                let expected = Postings.forClosing(
                    caseID: id, closing: 1, outcomes: try tx.activeOutcomes(caseID: id),
                    lines: try tx.lines(caseID: id), costs: try tx.lineCosts(caseID: id))
                let stored = try tx.postings(caseID: id)
                #expect(stored.map(\.draft) == expected, "case \(id)")
                #expect(stored.allSatisfy { $0.closing == 1 && $0.batchID == nil })
                postings += stored.count
            }
        }
        #expect(postings == summary.postings)
    }

    @Test(
        "A generated desk is searchable and its schema is the one the migrations made: indexes and triggers set aside for the load are back"
    )
    func schemaAndSearch() throws {
        let (desk, _) = try generated(200, seed: 3)
        let schema = { (db: AppDatabase) in
            try db.read { tx in
                try Row.fetchAll(tx.db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").map(
                    \.description)
            }
        }
        #expect(try schema(desk.db) == schema(try Desk(Dataset(), sqliteOnly: true).db))
        // The name of the highest-numbered customer with cases ("Customer 25": no other name
        // has a word starting "25") finds exactly their cases, as the queue's search does
        let (name, cases) = try desk.read { tx in
            let row = try #require(
                try Row.fetchOne(
                    tx.db,
                    sql: """
                        SELECT cu.name, count(*) AS n FROM service_case c JOIN customer cu ON cu.id = c.customer_id
                        GROUP BY cu.id ORDER BY CAST(substr(cu.id, 3) AS INTEGER) DESC LIMIT 1
                        """))
            return (row["name"] as String, row["n"] as Int)
        }
        let found = try desk.read {
            try $0.queueCount(QueueQuery(view: .all, account: "agent1", today: day("2026-06-15"), search: name))
        }
        #expect(found == cases, "\(name)")
    }

    @Test("A generated case can be finished at the workbench: resolved cases bill as they are and close")
    func finishAtWorkbench() throws {
        let (desk, _) = try generated(300, seed: 9)
        let resolved = try desk.read { tx in
            try CaseID.fetchAll(tx.db, sql: "SELECT id FROM service_case WHERE status = 'resolved' ORDER BY id LIMIT 5")
        }
        #expect(!resolved.isEmpty)
        let sam = try desk.session("sam")
        for id in resolved {
            let bill = try #require(sam.run("bill \(id)"))
            #expect(bill.message.hasPrefix("case \(id): outcomes already current"), "\(bill.message)")
            let close = try #require(sam.run("close \(id)"))
            #expect(close.ok, "\(close.message) \(close.details)")
        }
        #expect(try desk.verified())
    }

    @Test(
        "On a dataset's own master data — spent caps and prepaid balances included — the generator's cases are what the workbench computes"
    )
    func onDatasetMasterData() throws {
        // The training dataset: SN-CAP-USED's cap is spent, SC-200 and SC-300 hold prepaid balances
        let desk = try Desk(try Dataset.read(directory: TrainingDatasetTests.directory), sqliteOnly: true)
        let summary = try Generator.generate(into: desk.db, cases: 400, seed: 4, account: "trainer", at: fixedClock())
        #expect((summary.byStatus[.closed] ?? 0) > 300)
        // SN-CAP-USED's own warranty is used up: no case on it is ever verified to it
        let sources = try desk.read { tx in
            try String.fetchAll(
                tx.db,
                sql: """
                    SELECT DISTINCT e.source_kind FROM entitlement_check e JOIN service_case c ON c.id = e.case_id
                    WHERE c.serial = 'SN-CAP-USED'
                    """)
        }
        #expect(!sources.isEmpty && !sources.contains("asset-warranty"), "\(sources)")
        let before = try contents(desk.db)["case_state"]
        try desk.db.perform(
            CommandRecord(
                actor: Actor(account: "trainer"), at: fixedClock(), text: "refresh", label: "refresh", undoable: false)
        ) { tx in
            for id in try CaseID.fetchAll(
                tx.db, sql: "SELECT id FROM service_case WHERE status NOT IN ('closed','cancelled')")
            {
                try CaseEvaluation.refreshState(id, tx)
            }
        }
        #expect(try contents(desk.db)["case_state"] == before)
        #expect(try desk.verified())
    }
}
