import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

/// Each posting's kind and id, as the generated column `kind` reads it.
private func kinds(_ db: AppDatabase) throws -> [Int64: String] {
    try db.read { tx in
        Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(tx.db, sql: "SELECT id, kind FROM posting").map {
                ($0["id"] as Int64, $0["kind"] as String)
            })
    }
}

/// The SQL of an index or table, as the schema keeps it.
private func definition(_ db: AppDatabase, _ name: String) throws -> String? {
    try db.read { try String.fetchOne($0.db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [name]) }
}

@Suite("Lean storage: posting kinds as codes, indexes over the rows asked for (v15, SQLite)")
struct PostingKindCodeTests {
    @Test("The schema spells every kind's code back as the kind's name, and refuses a code no kind has")
    func everyCodeSpelt() throws {
        let desk = try Desk(Dataset(), sqliteOnly: true)
        _ = try Generator.generate(into: desk.db, cases: 10, seed: 2, account: "trainer", at: fixedClock())
        let caseID = try #require(try desk.read { try CaseID.fetchOne($0.db, sql: "SELECT min(id) FROM service_case") })
        #expect(Set(PostingKind.allCases.map(\.storageCode)).count == PostingKind.allCases.count)
        let spelt = try desk.db.bulkWrite { tx in
            try PostingKind.allCases.map { kind in
                try tx.db.execute(
                    sql: """
                        INSERT INTO posting (case_id, closing, kind_code, amount, key_ref, at, account)
                        VALUES (?, 9, ?, 1, ?, 0, 'trainer')
                        """, arguments: [caseID, kind.storageCode, 1_000 + kind.storageCode])
                return try String.fetchOne(
                    tx.db, sql: "SELECT kind FROM posting WHERE id = ?",
                    arguments: [try #require(tx.db.sqlite).lastInsertedRowID])
            }
        }
        #expect(spelt == PostingKind.allCases.map(\.rawValue))
        #expect(throws: (any Error).self) {
            try desk.db.bulkWrite { tx in
                try tx.db.execute(
                    sql: """
                        INSERT INTO posting (case_id, closing, kind_code, amount, key_ref, at, account)
                        VALUES (?, 9, ?, 1, 2000, 0, 'trainer')
                        """, arguments: [caseID, PostingKind.allCases.count])
            }
        }
    }

    @Test(
        "A database of the previous schema (v14) converts: every posting keeps its kind, key and counter; exports, show, reports, search and both checks read as before; an undo made before still undoes"
    )
    func convertsV14() throws {
        let folder = try Folder()
        let (path, made) = try generatedFile(folder, cases: 150, seed: 3)
        let admin = try Session(database: made, account: "ada", clock: fixedClock)
        // The postings exported, so the batch index has rows to keep
        let exported = admin.run("export postings jsonl \(folder.path("before.jsonl"))")
        #expect(exported?.ok == true, "\(exported?.message ?? "")")
        let open = try reverifiedOpenCase(made)
        let before = try readings(made)
        let (keysBefore, kindsBefore) = (try keys(made), try kinds(made))
        let kpiBefore = try #require(admin.run("report kpi format=json"))
        let sequence = try made.read {
            try Int64.fetchOne($0.db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'posting'")
        }
        #expect(Set(kindsBefore.values).count > 2)
        try writeV14Postings(path)

        // Opening it converts it
        let db = try AppDatabase.open(at: path)
        #expect(try readings(db) == before)
        #expect(try keys(db) == keysBefore)
        #expect(try kinds(db) == kindsBefore)
        let session = try Session(database: db, account: "ada", clock: fixedClock)
        #expect(session.run("report kpi format=json") == kpiBefore)
        let again = session.run("export postings jsonl \(folder.path("after.jsonl")) batch=1")
        #expect(again?.ok == true, "\(again?.message ?? "")")
        #expect(try folder.text("before.jsonl") == folder.text("after.jsonl"))
        let stored = try db.read { tx in
            (
                try Int.fetchOne(
                    tx.db, sql: "SELECT count(*) FROM pragma_table_xinfo('posting') WHERE name = 'kind' AND hidden = 2"),
                try Int.fetchOne(
                    tx.db,
                    sql: "SELECT count(*) FROM posting WHERE typeof(kind_code) <> 'integer' OR kind IS NULL"
                ),
                try Int64.fetchOne(tx.db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'posting'")
            )
        }
        #expect(stored.0 == 1 && stored.1 == 0 && stored.2 == sequence, "\(stored)")
        for (index, condition) in [
            ("posting_batch", "WHERE batch_id IS NOT NULL"),
            ("case_assignee", "WHERE status NOT IN ('closed','cancelled')"),
            ("case_state_failing", "WHERE failing > 0"), ("posting_key", "(case_id, kind_code,"),
        ] {
            #expect(try definition(db, index)?.contains(condition) == true, "\(index)")
        }
        #expect(session.run("verify database")?.ok == true)
        #expect(session.run("audit verify")?.ok == true)
        // The verification made before converting undoes and redoes
        let samAfter = try Session(database: db, account: "sam", clock: fixedClock)
        let undo = samAfter.run("undo")
        #expect(undo?.ok == true, "\(undo?.message ?? "")")
        let redo = samAfter.run("redo")
        #expect(redo?.ok == true, "\(redo?.message ?? "")")
        #expect(try readings(db)[open] == before[open])
        // A closing after converting writes its postings as codes, read back by name
        let resolved = try #require(
            db.read {
                try CaseID.fetchOne(
                    $0.db,
                    sql: """
                        SELECT case_id FROM case_state JOIN service_case ON id = case_id
                        WHERE status = 'resolved' AND failing = 0 LIMIT 1
                        """)
            })
        let closing = samAfter.run("close \(resolved)")
        #expect(closing?.ok == true, "\(closing?.message ?? "")")
        let closed = try db.read { try $0.postings(caseID: resolved) }
        #expect(!closed.isEmpty)
        let newKinds = try kinds(db)
        for p in closed { #expect(newKinds[p.id] == p.draft.kind.rawValue) }
        #expect(session.run("verify database")?.ok == true)
    }
}

/// Writes the postings back as v12 left them (the kind as its name, in the table and in
/// `posting_key`), the two case indexes as v1 made them, and forgets v15.
private func writeV14Postings(_ path: String) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA foreign_keys = OFF")
        try db.inTransaction {
            let columns = """
                id, case_id, closing, kind, amount, reverses, outcome_id, line_id, contract, sku, quantity, key_ref,
                key_closing, key_count, key_reopening, idempotency_key, at, account, batch_id
                """
            let rows = try Row.fetchAll(db, sql: "SELECT \(columns) FROM posting ORDER BY id")
            let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'posting'")
            try db.execute(
                sql: """
                    DROP TABLE posting;
                    CREATE TABLE posting (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        case_id INTEGER NOT NULL REFERENCES service_case(id),
                        closing INTEGER NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('revenue','warranty-cost','goodwill-cost','contract-consumption','stock-issue',
                            'core-credit','core-charge','claim-accepted','claim-rejected')),
                        amount INTEGER NOT NULL,
                        reverses INTEGER REFERENCES posting(id),
                        outcome_id INTEGER,
                        line_id INTEGER,
                        contract TEXT,
                        sku TEXT,
                        quantity INTEGER,
                        key_ref INTEGER,
                        key_closing INTEGER NOT NULL DEFAULT 0,
                        key_count INTEGER NOT NULL DEFAULT 0,
                        key_reopening INTEGER NOT NULL DEFAULT 0,
                        idempotency_key TEXT,
                        at INTEGER NOT NULL,
                        account TEXT NOT NULL,
                        batch_id INTEGER REFERENCES export_batch(id),
                        CHECK ((key_ref IS NULL) = (idempotency_key IS NOT NULL))
                    );
                    """)
            let marks = Array(repeating: "?", count: 19).joined(separator: ", ")
            for r in rows {
                try db.execute(
                    sql: "INSERT INTO posting (\(columns)) VALUES (\(marks))",
                    arguments: StatementArguments(Array(r.databaseValues)))
            }
            try db.execute(
                sql: """
                    UPDATE sqlite_sequence SET seq = \(sequence ?? 0) WHERE name = 'posting';
                    CREATE UNIQUE INDEX posting_key ON posting(case_id, kind, key_ref, key_closing, key_count, key_reopening);
                    CREATE UNIQUE INDEX posting_key_text ON posting(idempotency_key) WHERE idempotency_key IS NOT NULL;
                    CREATE INDEX posting_unexported ON posting(id) WHERE batch_id IS NULL;
                    CREATE INDEX posting_batch ON posting(batch_id);
                    CREATE INDEX posting_outcome ON posting(outcome_id) WHERE outcome_id IS NOT NULL;
                    CREATE INDEX posting_reverses ON posting(reverses) WHERE reverses IS NOT NULL;
                    CREATE TRIGGER posting_no_delete BEFORE DELETE ON posting BEGIN
                      SELECT RAISE(ABORT, 'postings are never deleted: a reopen reverses them');
                    END;
                    CREATE TRIGGER posting_no_edit BEFORE UPDATE ON posting
                    WHEN NOT (old.batch_id IS NULL AND new.batch_id IS NOT NULL AND old.id = new.id AND old.case_id = new.case_id
                              AND old.kind = new.kind AND old.amount = new.amount AND old.idempotency_key IS new.idempotency_key
                              AND old.key_ref IS new.key_ref AND old.key_closing = new.key_closing
                              AND old.key_count = new.key_count AND old.key_reopening = new.key_reopening)
                    BEGIN
                      SELECT RAISE(ABORT, 'postings are never edited: a reopen reverses them');
                    END;
                    DROP INDEX case_assignee;
                    CREATE INDEX case_assignee ON service_case(assignee, status);
                    DROP INDEX case_state_failing;
                    CREATE INDEX case_state_failing ON case_state(failing);
                    DELETE FROM grdb_migrations WHERE identifier = 'v15-posting-kind-codes';
                    """)
            return .commit
        }
    }
}
