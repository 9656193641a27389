import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

/// A generated training desk in a file of `folder`, as `casebench generate` makes one.
private func generatedFile(_ folder: Folder, cases: Int, seed: UInt64) throws -> (path: String, db: AppDatabase) {
    let path = folder.path("desk.sqlite")
    let db = try AppDatabase.create(
        at: path, kind: .training, creator: User(account: "trainer", name: "Trainer", role: .trainer),
        at: fixedClock(), businessDate: businessDate)
    try db.perform(
        CommandRecord(actor: Actor(account: "trainer"), at: fixedClock(), text: "load", label: "load", undoable: false)
    ) { try Dataset().write(into: $0) }
    _ = try Generator.generate(into: db, cases: cases, seed: seed, account: "trainer", at: fixedClock())
    return (path, db)
}

/// What a case reads as: the closure checklist the screen's pane draws, and `show`.
private func readings(_ db: AppDatabase) throws -> [CaseID: ([ClosureCheck], CommandResult?)] {
    let session = try Session(database: db, account: "trainer", clock: fixedClock)
    var out: [CaseID: ([ClosureCheck], CommandResult?)] = [:]
    for id in try db.read({ try CaseID.fetchAll($0.db, sql: "SELECT id FROM service_case") }) {
        out[id] = (try #require(try session.caseDetail(id)).checks, session.run("show \(id)"))
    }
    return out
}

/// The queue's rows for some searches: a word, a customer, a serial prefix, a case number.
private func searches(_ db: AppDatabase) throws -> [[Int64]] {
    try db.read { tx in
        try ["pump", "noisy", "a", "SN-1", "12", "rattl"].map { term in
            try tx.queue(QueueQuery(view: .all, sort: .id, account: "trainer", today: businessDate, search: term))
                .map(\.id.rawValue)
        }
    }
}

@Suite("Lean storage: facts stored, text derived")
struct LeanStorageTests {
    @Test("A closed case keeps which checks failed (none) as codes and no sentences; its checklist reads as it closed")
    func closedCaseKeepsCodes() throws {
        let desk = try Desk(Dataset())
        let summary = try Generator.generate(into: desk.db, cases: 150, seed: 3, account: "trainer", at: fixedClock())
        #expect((summary.byStatus[.closed] ?? 0) > 0)
        let closed = try desk.read { tx in
            try Row.fetchAll(
                tx.db,
                sql: """
                    SELECT s.case_id, s.failed, s.checks FROM case_state s JOIN service_case c ON c.id = s.case_id
                    WHERE c.status = 'closed'
                    """)
        }
        #expect(closed.count == summary.byStatus[.closed])
        for row in closed {
            #expect(row["failed"] as String == "" && row["checks"] as String? == nil, "case \(row["case_id"] as Int64)")
        }
        // Read back, each closed case's checklist is every check passed, worded as `close` words it.
        let session = try desk.session()
        for row in closed {
            let checks = try #require(try session.caseDetail(row["case_id"])).checks
            #expect(checks.count == ClosureCheckID.allCases.count && checks.allSatisfy(\.passed))
        }
        // A case closed by the command keeps codes too, and reads as the command's checklist said.
        let sam = try desk.session("sam")
        let before = try #require(
            desk.read {
                try CaseID.fetchOne(
                    $0.db,
                    sql:
                        "SELECT case_id FROM case_state JOIN service_case ON id = case_id WHERE status = 'resolved' AND failing = 0"
                )
            })
        let listed = try #require(sam.run("checklist \(before)"))
        let closing = sam.run("close \(before)")
        #expect(closing?.ok == true, "\(closing?.message ?? "")")
        #expect(
            try desk.read {
                try Bool.fetchOne(
                    $0.db, sql: "SELECT checks IS NULL FROM case_state WHERE case_id = ?", arguments: [before])
            } == true)
        #expect(BillingCommands.checklistLines(try #require(try session.caseDetail(before)).checks) == listed.details)
    }

    @Test(
        "A database of the previous schema (v10) converts: each case reads the same on screen, in `show`, in search and in the outbox's export; text that cannot be derived stays; both checks pass"
    )
    func convertsPreviousVersion() throws {
        let folder = try Folder()
        let (path, made) = try generatedFile(folder, cases: 160, seed: 4)
        let admin = try Session(database: made, account: "ada", clock: fixedClock)
        let exportBefore = admin.run("export postings jsonl \(folder.path("before.jsonl"))")
        #expect(exportBefore?.ok == true, "\(exportBefore?.message ?? "")")
        let before = try readings(made)
        let searchesBefore = try searches(made)
        // A closed case whose stored sentences say something its rows would not say again.
        let odd = try #require(
            made.read { try CaseID.fetchOne($0.db, sql: "SELECT id FROM service_case WHERE status = 'closed' LIMIT 1") }
        )
        var oddChecks = before[odd]!.0
        oddChecks[1].message = "resolved on the phone"
        try writeV10Form(path, checks: before.mapValues(\.0).merging([odd: oddChecks]) { $1 })

        // Opening it converts it
        let db = try AppDatabase.open(at: path)
        let after = try readings(db)
        for (id, (checks, show)) in before where id != odd {
            #expect(after[id]?.0 == checks, "case \(id)")
            #expect(after[id]?.1 == show, "case \(id)")
        }
        #expect(after[odd]?.0 == oddChecks)
        #expect(try searches(db) == searchesBefore)
        let session = try Session(database: db, account: "ada", clock: fixedClock)
        let exportAfter = session.run("export postings jsonl \(folder.path("after.jsonl")) batch=1")
        #expect(exportAfter?.ok == true, "\(exportAfter?.message ?? "")")
        let exported = (try folder.text("before.jsonl"), try folder.text("after.jsonl"))
        #expect(exported.0 == exported.1)
        #expect(exported.0.contains("case-"))

        // Closed cases keep codes only, but the odd one; a failing check keeps code and sentences
        let states = try db.read { tx in
            try Row.fetchAll(
                tx.db,
                sql: """
                    SELECT s.case_id, s.failed, s.checks, c.status FROM case_state s JOIN service_case c ON c.id = s.case_id
                    """)
        }
        #expect(states.contains { $0["status"] as String == "closed" })
        #expect(states.contains { $0["failed"] as String != "" })
        for row in states {
            let id: CaseID = row["case_id"]
            let codes = before[id]!.0.filter { !$0.passed }.map(\.id.rawValue).joined(separator: ",")
            #expect(row["failed"] as String == codes, "case \(id)")
            if row["status"] as String == "closed" {
                #expect((row["checks"] as String? != nil) == (id == odd), "case \(id)")
            }
            if !codes.isEmpty { #expect(row["checks"] as String? != nil, "case \(id)") }
        }
        #expect(session.run("verify database")?.ok == true)
        #expect(session.run("audit verify")?.ok == true)
    }

}

/// Writes the database back as the previous schema (v10) kept it, and forgets the migrations
/// since, as a database made before them was: every closure state's sentences and no codes
/// (as v1 made the table).
private func writeV10Form(_ path: String, checks: [CaseID: [ClosureCheck]]) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA foreign_keys = OFF")
        try db.inTransaction {
            try writeV10CaseStates(db, checks: checks)
            try db.execute(
                sql: """
                    DELETE FROM grdb_migrations
                    WHERE identifier = 'v11-case-state-codes'
                    """)
            return .commit
        }
    }
}

private func writeV10CaseStates(_ db: Database, checks: [CaseID: [ClosureCheck]]) throws {
    let states = try Row.fetchAll(db, sql: "SELECT case_id, entitlement, entitlement_ok, failing FROM case_state")
    try db.execute(
        sql: """
            DROP TABLE case_state;
            CREATE TABLE case_state (
                case_id INTEGER PRIMARY KEY REFERENCES service_case(id) ON DELETE CASCADE,
                entitlement TEXT,
                entitlement_ok INTEGER NOT NULL DEFAULT 0,
                failing INTEGER NOT NULL,
                checks TEXT NOT NULL
            );
            CREATE INDEX case_state_failing ON case_state(failing);
            """)
    for s in states {
        let id: CaseID = s["case_id"]
        try db.execute(
            sql: "INSERT INTO case_state VALUES (?, ?, ?, ?, ?)",
            arguments: [
                id, s["entitlement"], s["entitlement_ok"], s["failing"],
                String(decoding: try JSONEncoder.sorted.encode(checks[id]!), as: UTF8.self),
            ])
    }
}
