import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

/// A generated training desk in a file of `folder`, as `casebench generate` makes one.
func generatedFile(_ folder: Folder, cases: Int, seed: UInt64) throws -> (path: String, db: AppDatabase) {
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

/// What a case reads as: the closure checklist and the entitlement the screen's panes draw,
/// `show`, and its report as exported for tools (JSON).
struct Reading: Equatable {
    var checks: [ClosureCheck]
    var show: CommandResult?
    var entitlement: EntitlementRecord?
    var trail: [String]?
    var report: CommandResult?
}

func readings(_ db: AppDatabase) throws -> [CaseID: Reading] {
    let session = try Session(database: db, account: "trainer", clock: fixedClock)
    let admin = try Session(database: db, account: "ada", clock: fixedClock)
    var out: [CaseID: Reading] = [:]
    for id in try db.read({ try CaseID.fetchAll($0.db, sql: "SELECT id FROM service_case") }) {
        let detail = try #require(try session.caseDetail(id))
        var entitlement = detail.verification
        // The same record, whichever way its steps are kept: compared by their words below.
        entitlement?.entitlement.steps = []
        out[id] = Reading(
            checks: detail.checks, show: session.run("show \(id)"), entitlement: entitlement,
            trail: detail.verification?.entitlement.trail, report: admin.run("report case \(id) format=json"))
    }
    return out
}

/// Every posting's idempotency key, by posting.
func keys(_ db: AppDatabase) throws -> [Int64: String] {
    try db.read { tx in
        var out: [Int64: String] = [:]
        for id in try CaseID.fetchAll(tx.db, sql: "SELECT DISTINCT case_id FROM posting") {
            for p in try tx.postings(caseID: id) { out[p.id] = p.draft.idempotencyKey }
        }
        return out
    }
}

/// The queue's rows for some searches: a word, a customer, a serial prefix, a case number.
/// An open case verified again by a command (sam's), which its undo history keeps: a
/// conversion must leave that undo working.
func reverifiedOpenCase(_ db: AppDatabase) throws -> CaseID {
    let sam = try Session(database: db, account: "sam", clock: fixedClock)
    let open = try #require(
        db.read {
            try CaseID.fetchOne(
                $0.db, sql: "SELECT id FROM service_case WHERE status NOT IN ('closed','cancelled') LIMIT 1")
        })
    let reverified = sam.run("verify \(open)")
    #expect(reverified?.ok == true, "\(reverified?.message ?? "")")
    return open
}

private func searches(_ db: AppDatabase) throws -> [[Int64]] {
    try db.read { tx in
        try [QueueQuery.View.all, .open].flatMap { view in
            try ["pump", "noisy", "a", "SN-1", "12", "rattl"].map { term in
                try tx.queue(QueueQuery(view: view, sort: .id, account: "trainer", today: businessDate, search: term))
                    .map(\.id.rawValue)
            }
        }
    }
}

@Suite("Lean storage: facts stored, text derived")
struct LeanStorageTests {
    @Test(
        "A closed case keeps which checks failed (none) as codes and no sentences; its checklist reads as it closed (SQLite)"
    )
    func closedCaseKeepsCodes() throws {
        let desk = try Desk(Dataset(), sqliteOnly: true)
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
        "A database of the previous schema (v10) converts: each case reads the same on screen, in `show`, in its report, in search and in the outbox's export; text that cannot be derived stays; both checks pass"
    )
    func convertsPreviousVersion() throws {
        let folder = try Folder()
        let (path, made) = try generatedFile(folder, cases: 160, seed: 4)
        let admin = try Session(database: made, account: "ada", clock: fixedClock)
        let exportBefore = admin.run("export postings jsonl \(folder.path("before.jsonl"))")
        #expect(exportBefore?.ok == true, "\(exportBefore?.message ?? "")")
        let open = try reverifiedOpenCase(made)
        let before = try readings(made)
        let keysBefore = try keys(made)
        let searchesBefore = try searches(made)
        #expect(before.values.contains { $0.trail != nil && $0.show?.details.contains("  " + $0.trail![0]) == true })
        // A closed case whose stored sentences say something its rows would not say again, a
        // posting whose key is no key the workbench makes, and an open case whose trail has a
        // sentence in a wording no step gives.
        let odd = try #require(
            made.read { try CaseID.fetchOne($0.db, sql: "SELECT id FROM service_case WHERE status = 'closed' LIMIT 1") }
        )
        var oddChecks = before[odd]!.checks
        oddChecks[1].message = "resolved on the phone"
        let oddPosting = try #require(keysBefore.keys.min())
        let oddTrailCase = try #require(
            made.read {
                try CaseID.fetchOne(
                    $0.db,
                    sql: "SELECT id FROM service_case WHERE status NOT IN ('closed','cancelled') AND id <> ? LIMIT 1",
                    arguments: [open])
            })
        let oddSentence = "region NORTH: checked by phone"
        try writeV10Form(
            path, checks: before.mapValues(\.checks).merging([odd: oddChecks]) { $1 },
            keys: keysBefore.merging([oddPosting: "legacy/\(oddPosting)"]) { $1 },
            oddTrail: (oddTrailCase, oddSentence))

        // Opening it converts it
        let db = try AppDatabase.open(at: path)
        let after = try readings(db)
        for (id, reading) in before where id != odd && id != oddTrailCase {
            #expect(after[id] == reading, "case \(id)")
        }
        #expect(after[odd]?.checks == oddChecks)
        var oddTrail = try #require(before[oddTrailCase]?.trail)
        oddTrail[0] = oddSentence
        #expect(after[oddTrailCase]?.trail == oddTrail)
        #expect(after[oddTrailCase]?.show?.details.contains("  " + oddSentence) == true)
        #expect(after[oddTrailCase]?.entitlement == before[oddTrailCase]?.entitlement)
        #expect(try keys(db) == keysBefore.merging([oddPosting: "legacy/\(oddPosting)"]) { $1 })
        #expect(try searches(db) == searchesBefore)
        let session = try Session(database: db, account: "ada", clock: fixedClock)
        let exportAfter = session.run("export postings jsonl \(folder.path("after.jsonl")) batch=1")
        #expect(exportAfter?.ok == true, "\(exportAfter?.message ?? "")")
        let exported = (try folder.text("before.jsonl"), try folder.text("after.jsonl"))
        #expect(
            exported.0 == exported.1.replacingOccurrences(of: "legacy/\(oddPosting)", with: keysBefore[oddPosting]!))
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
            let codes = before[id]!.checks.filter { !$0.passed }.map(\.id.rawValue).joined(separator: ",")
            #expect(row["failed"] as String == codes, "case \(id)")
            if row["status"] as String == "closed" {
                #expect((row["checks"] as String? != nil) == (id == odd), "case \(id)")
            }
            if !codes.isEmpty { #expect(row["checks"] as String? != nil, "case \(id)") }
        }
        // Postings keep integer parts, but the odd one its text
        let texts = try db.read {
            try Int64.fetchAll($0.db, sql: "SELECT id FROM posting WHERE idempotency_key IS NOT NULL")
        }
        #expect(texts == [oddPosting])
        // Checks keep steps, but the odd sentence, and terms as one snapshot per distinct terms
        let (sentences, checks, snapshots, distinct) = try db.read { tx in
            (
                try String.fetchAll(
                    tx.db,
                    sql: "SELECT j.value FROM entitlement_check e, json_each(e.trail) j WHERE j.type = 'text'"),
                try tx.count(table: "entitlement_check"), try tx.count(table: "terms_snapshot"),
                try Int.fetchOne(tx.db, sql: "SELECT count(DISTINCT terms_id) FROM entitlement_check") ?? 0
            )
        }
        #expect(sentences == [oddSentence])
        #expect(checks > 160 && snapshots == distinct && snapshots < 20, "\(checks) checks, \(snapshots) snapshots")
        #expect(session.run("verify database")?.ok == true)
        #expect(session.run("audit verify")?.ok == true)
        try db.bulkWrite { tx in
            for index in ["case_search", "case_search_open"] {
                try tx.db.execute(sql: "INSERT INTO \(index) (\(index), rank) VALUES ('integrity-check', 1)")
            }
        }
        // Both search indexes were made again without positions or column sizes (v19), and
        // found the same cases above
        let indexes = try db.read { tx in
            try Row.fetchAll(
                tx.db,
                sql: """
                    SELECT name, sql FROM sqlite_master
                    WHERE name IN ('case_search', 'case_search_open') OR name LIKE 'case_search%docsize'
                    """)
        }
        #expect(indexes.map { $0["name"] as String }.sorted() == ["case_search", "case_search_open"])
        #expect(indexes.allSatisfy { ($0["sql"] as String).contains("detail = column, columnsize = 0") })
        // The verification made before converting undoes and redoes: its kept rows were converted too
        let samAfter = try Session(database: db, account: "sam", clock: fixedClock)
        let undo = samAfter.run("undo")
        #expect(undo?.ok == true, "\(undo?.message ?? "")")
        let redo = samAfter.run("redo")
        #expect(redo?.ok == true, "\(redo?.message ?? "")")
        #expect(try readings(db)[open] == after[open])
    }

    @Test(
        "Generated postings keep their keys as integer parts, spelt out as `forClosing` made them, and a key is still refused twice (SQLite)"
    )
    func postingKeysAsParts() throws {
        let desk = try Desk(Dataset(), sqliteOnly: true)
        _ = try Generator.generate(into: desk.db, cases: 80, seed: 5, account: "trainer", at: fixedClock())
        let all = try keys(desk.db)
        #expect(!all.isEmpty)
        #expect(
            try desk.read {
                try Int.fetchOne($0.db, sql: "SELECT count(*) FROM posting WHERE idempotency_key IS NOT NULL")
            } == 0)
        #expect(all.values.allSatisfy { $0.hasPrefix("case-") && $0.contains("/closing-1/") })
        #expect(Set(all.values).count == all.count)
        // The same key again is refused, whichever way it is kept
        let first = try #require(all.keys.min())
        let caseID = try #require(
            try desk.read {
                try CaseID.fetchOne($0.db, sql: "SELECT case_id FROM posting WHERE id = ?", arguments: [first])
            })
        let posting = try #require(try desk.read { try $0.postings(caseID: caseID) }.first { $0.id == first })
        for key in [posting.draft.idempotencyKey, "legacy-key"] {
            var draft = posting.draft
            draft.idempotencyKey = key
            let twice = {
                try desk.db.perform(
                    CommandRecord(
                        actor: Actor(account: "trainer"), at: fixedClock(), text: "post", label: "post", undoable: false
                    )
                ) { tx in
                    for _ in 0..<(key == "legacy-key" ? 2 : 1) {
                        try tx.insertPosting(
                            draft, caseID: posting.caseID, closing: posting.closing, by: "trainer", at: fixedClock())
                    }
                }
            }
            #expect(throws: (any Error).self) { try twice() }
        }
    }
}

/// Writes the database back as the previous schema (v10) kept it, and forgets the migrations
/// since, as a database made before them was: every closure state's sentences and no codes,
/// every posting's key as its text under its own UNIQUE, a search index with its own copy
/// of the text, and every entitlement check's terms and trail as text, in the table and in
/// the undo history (each as its migration, v1, v4, v7 and v2, made it); v15 then runs on
/// the postings as v12 makes them, v16 indexes the open cases, and v19 makes both indexes
/// again without positions. `oddTrail`: a case whose latest check's first sentence
/// is replaced.
private func writeV10Form(
    _ path: String, checks: [CaseID: [ClosureCheck]], keys: [Int64: String], oddTrail: (CaseID, String)
) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA foreign_keys = OFF")
        try db.inTransaction {
            try writeV10CaseStates(db, checks: checks)
            try writeV10Postings(db, keys: keys)
            try writeV10Search(db)
            try writeV13Checks(db, oddTrail: oddTrail)
            try db.execute(
                sql: """
                    DELETE FROM grdb_migrations
                    WHERE identifier IN ('v11-case-state-codes', 'v12-posting-key-parts', 'v13-case-search-external',
                      'v14-entitlement-facts', 'v15-posting-kind-codes', 'v16-open-case-search',
                      'v19-search-without-positions')
                    """)
            return .commit
        }
    }
}

/// A stored trail of steps as the sentences they word, as the trail was kept before steps.
private func sentences(_ stored: String) throws -> String {
    let steps = try JSONDecoder().decode([EntitlementStep].self, from: Data(stored.utf8))
    return String(decoding: try JSONEncoder.sorted.encode(steps.map(\.text)), as: UTF8.self)
}

private func writeV13Checks(_ db: Database, oddTrail: (CaseID, String)) throws {
    let terms = Dictionary(
        uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, terms FROM terms_snapshot").map {
            ($0["id"] as Int64, $0["terms"] as String)
        })
    let columns =
        "id, case_id, outcome, source_kind, source_id, limits, response_hours, on_date, verified_by, verified_at"
    let rows = try Row.fetchAll(db, sql: "SELECT \(columns), terms_id, trail FROM entitlement_check ORDER BY id")
    let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'entitlement_check'")
    let oddCheck = try Int64.fetchOne(
        db, sql: "SELECT max(id) FROM entitlement_check WHERE case_id = ?", arguments: [oddTrail.0])
    try db.execute(
        sql: """
            DROP TABLE entitlement_check;
            DROP TABLE terms_snapshot;
            CREATE TABLE entitlement_check (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                case_id INTEGER NOT NULL REFERENCES service_case(id),
                outcome TEXT NOT NULL CHECK (outcome IN ('warranty','contract','chargeable')),
                source_kind TEXT NOT NULL CHECK (source_kind IN ('asset-warranty','generic-warranty','contract','none')),
                source_id TEXT,
                terms TEXT NOT NULL,
                limits TEXT NOT NULL,
                response_hours INTEGER,
                trail TEXT NOT NULL,
                on_date TEXT NOT NULL,
                verified_by TEXT NOT NULL,
                verified_at INTEGER NOT NULL
            );
            CREATE INDEX entitlement_case ON entitlement_check(case_id, id);
            """)
    for r in rows {
        var trail = try sentences(r["trail"])
        if r["id"] as Int64 == oddCheck {
            var words = try JSONDecoder().decode([String].self, from: Data(trail.utf8))
            words[0] = oddTrail.1
            trail = String(decoding: try JSONEncoder.sorted.encode(words), as: UTF8.self)
        }
        try db.execute(
            sql: "INSERT INTO entitlement_check (\(columns), terms, trail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: StatementArguments(
                Array(r.databaseValues.prefix(10)) + [terms[r["terms_id"]]!.databaseValue, trail.databaseValue]))
    }
    if let sequence {
        try db.execute(
            sql: "UPDATE sqlite_sequence SET seq = ? WHERE name = 'entitlement_check'", arguments: [sequence])
    }
    // The undo history's images of checks, as the capture wrote them then
    for entry in try Row.fetchAll(db, sql: "SELECT id, changes FROM undo_entry") {
        var changes = try JSONDecoder().decode([RowChange].self, from: Data((entry["changes"] as String).utf8))
        func old(_ image: [String: SQLValue]?) throws -> [String: SQLValue]? {
            guard var image else { return nil }
            if case .integer(let id)? = image.removeValue(forKey: "terms_id") { image["terms"] = .text(terms[id]!) }
            if case .text(let trail)? = image["trail"] { image["trail"] = .text(try sentences(trail)) }
            return image
        }
        for i in changes.indices where changes[i].table == "entitlement_check" {
            changes[i].before = try old(changes[i].before)
            changes[i].after = try old(changes[i].after)
        }
        try db.execute(
            sql: "UPDATE undo_entry SET changes = ? WHERE id = ?",
            arguments: [String(decoding: try JSONEncoder.sorted.encode(changes), as: UTF8.self), entry["id"] as Int64])
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

private func writeV10Postings(_ db: Database, keys: [Int64: String]) throws {
    let columns =
        "id, case_id, closing, kind, amount, reverses, outcome_id, line_id, contract, sku, quantity, at, account, batch_id"
    let rows = try Row.fetchAll(db, sql: "SELECT \(columns) FROM posting ORDER BY id")
    try db.execute(
        sql: """
            DROP TABLE posting;
            CREATE TABLE posting (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                case_id INTEGER NOT NULL REFERENCES service_case(id),
                closing INTEGER NOT NULL,
                kind TEXT NOT NULL,
                amount INTEGER NOT NULL,
                reverses INTEGER REFERENCES posting(id),
                outcome_id INTEGER,
                line_id INTEGER,
                contract TEXT,
                sku TEXT,
                quantity INTEGER,
                idempotency_key TEXT NOT NULL UNIQUE,
                at INTEGER NOT NULL,
                account TEXT NOT NULL,
                batch_id INTEGER REFERENCES export_batch(id)
            );
            CREATE INDEX posting_case ON posting(case_id);
            CREATE INDEX posting_unexported ON posting(id) WHERE batch_id IS NULL;
            CREATE INDEX posting_batch ON posting(batch_id);
            CREATE INDEX posting_outcome ON posting(outcome_id) WHERE outcome_id IS NOT NULL;
            CREATE INDEX posting_reverses ON posting(reverses) WHERE reverses IS NOT NULL;
            """)
    for r in rows {
        try db.execute(
            sql:
                "INSERT INTO posting (\(columns), idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: StatementArguments(Array(r.databaseValues) + [keys[r["id"]]!.databaseValue]))
    }
    try db.execute(
        sql: """
            CREATE TRIGGER posting_no_delete BEFORE DELETE ON posting BEGIN
              SELECT RAISE(ABORT, 'postings are never deleted: a reopen reverses them');
            END;
            CREATE TRIGGER posting_no_edit BEFORE UPDATE ON posting
            WHEN NOT (old.batch_id IS NULL AND new.batch_id IS NOT NULL AND old.id = new.id AND old.case_id = new.case_id
                      AND old.kind = new.kind AND old.amount = new.amount AND old.idempotency_key = new.idempotency_key)
            BEGIN
              SELECT RAISE(ABORT, 'postings are never edited: a reopen reverses them');
            END;
            """)
}

/// The search index as v2 made it: a copy of the text, no prefix indexes, no index of the open cases (v16).
private func writeV10Search(_ db: Database) throws {
    try db.execute(
        sql: """
            DROP TRIGGER case_search_open_insert;
            DROP TRIGGER case_search_open_update;
            DROP TRIGGER case_search_open_delete;
            DROP TRIGGER case_search_open_customer;
            DROP TABLE case_search_open;
            DROP VIEW case_search_open_text;
            DROP TRIGGER case_search_insert;
            DROP TRIGGER case_search_update;
            DROP TRIGGER case_search_delete;
            DROP TRIGGER case_search_customer;
            DROP TABLE case_search;
            DROP VIEW case_search_text;
            CREATE VIRTUAL TABLE case_search USING fts5(subject, customer, serial, tokenize = 'unicode61 remove_diacritics 2');
            INSERT INTO case_search (rowid, subject, customer, serial)
              SELECT c.id, c.subject, cu.name, c.serial FROM service_case c JOIN customer cu ON cu.id = c.customer_id;
            CREATE TRIGGER case_search_insert AFTER INSERT ON service_case BEGIN
              INSERT INTO case_search (rowid, subject, customer, serial)
                SELECT new.id, new.subject, cu.name, new.serial FROM customer cu WHERE cu.id = new.customer_id;
            END;
            CREATE TRIGGER case_search_update AFTER UPDATE OF subject, customer_id, serial ON service_case BEGIN
              DELETE FROM case_search WHERE rowid = old.id;
              INSERT INTO case_search (rowid, subject, customer, serial)
                SELECT new.id, new.subject, cu.name, new.serial FROM customer cu WHERE cu.id = new.customer_id;
            END;
            CREATE TRIGGER case_search_delete AFTER DELETE ON service_case BEGIN
              DELETE FROM case_search WHERE rowid = old.id;
            END;
            CREATE TRIGGER case_search_customer AFTER UPDATE OF name ON customer BEGIN
              DELETE FROM case_search WHERE rowid IN (SELECT id FROM service_case WHERE customer_id = new.id);
              INSERT INTO case_search (rowid, subject, customer, serial)
                SELECT id, subject, new.name, serial FROM service_case WHERE customer_id = new.id;
            END;
            """)
}
