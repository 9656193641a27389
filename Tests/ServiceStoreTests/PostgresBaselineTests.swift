import Foundation
import GRDB
import PostgresTestSupport
import Testing

@testable import ServiceStore

/// One column as both engines can describe it.
private struct ColumnShape: Hashable, CustomStringConvertible {
    var table: String
    var name: String
    /// integer, text, or what else the engine said.
    var type: String
    var nullable: Bool
    var defaultValue: String?
    var generated: Bool
    var description: String {
        "\(table).\(name) \(type)\(nullable ? "" : " not null")\(defaultValue.map { " default \($0)" } ?? "")"
            + (generated ? " generated" : "")
    }
}

/// The schema as the tests compare it: columns, primary keys, index and trigger names.
private struct SchemaShape {
    var columns: Set<ColumnShape>
    var primaryKeys: [String: [String]]
    var indexes: Set<String>
    var triggers: Set<String>
}

/// Each engine's search has objects of its own: SQLite's FTS5 tables, views and triggers,
/// PostgreSQL's trigram indexes (`PostgresSearchIndex`, made with what writes need).
private func isSearch(_ name: String) -> Bool { name.hasPrefix("case_search") }

private func sqliteShape() throws -> SchemaShape {
    let queue = try DatabaseQueue()
    try Schema.migrator.migrate(queue)
    return try queue.read { db in
        let tables = try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name <> 'grdb_migrations' ORDER BY name
                """
        ).filter { !isSearch($0) }
        var shape = SchemaShape(columns: [], primaryKeys: [:], indexes: [], triggers: [])
        for table in tables {
            var keys: [(Int, String)] = []
            for row in try Row.fetchAll(db, sql: "PRAGMA table_xinfo(\(table))") {
                let name: String = row["name"]
                let pk: Int = row["pk"]
                if pk > 0 { keys.append((pk, name)) }
                let declared = (row["type"] as String).uppercased()
                shape.columns.insert(
                    ColumnShape(
                        table: table, name: name,
                        type: declared.hasPrefix("INTEGER")
                            ? "integer" : declared.hasPrefix("TEXT") ? "text" : declared,
                        nullable: (row["notnull"] as Int) == 0 && pk == 0,
                        defaultValue: row["dflt_value"], generated: (row["hidden"] as Int) >= 2))
            }
            shape.primaryKeys[table] = keys.sorted { $0.0 < $1.0 }.map(\.1)
        }
        shape.indexes = Set(
            try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'"
            ).filter { !isSearch($0) })
        shape.triggers = Set(
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'").filter {
                !isSearch($0)
            })
        return shape
    }
}

private func postgresShape(_ db: PostgresConnection) throws -> SchemaShape {
    var shape = SchemaShape(columns: [], primaryKeys: [:], indexes: [], triggers: [])
    let columns = try db.execute(
        """
        SELECT table_name, column_name, data_type, is_nullable, column_default, is_generated
        FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'schema_migration'
        """)
    for row in 0..<columns.count {
        let type = columns.text(row, "data_type")!
        shape.columns.insert(
            ColumnShape(
                table: columns.text(row, "table_name")!, name: columns.text(row, "column_name")!,
                type: type == "bigint" ? "integer" : type,
                nullable: columns.text(row, "is_nullable") == "YES",
                // '' ::text → ''; SQLite writes defaults as they were declared
                defaultValue: columns.text(row, "column_default")?.replacingOccurrences(of: "::text", with: ""),
                generated: columns.text(row, "is_generated") == "ALWAYS"))
    }
    let keys = try db.execute(
        """
        SELECT k.table_name, k.column_name FROM information_schema.table_constraints c
        JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name
          AND k.table_schema = c.table_schema AND k.table_name = c.table_name
        WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema()
          AND c.table_name <> 'schema_migration'
        ORDER BY k.table_name, k.ordinal_position
        """)
    for row in 0..<keys.count {
        shape.primaryKeys[keys.text(row, "table_name")!, default: []].append(keys.text(row, "column_name")!)
    }
    // The indexes the schema names; those of keys and UNIQUE constraints are their constraints'
    let indexes = try db.execute(
        """
        SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
        AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE connamespace = current_schema()::regnamespace)
        """)
    shape.indexes = Set(indexes.values.compactMap { $0[0] }.filter { !isSearch($0) })
    let triggers = try db.execute(
        "SELECT DISTINCT trigger_name FROM information_schema.triggers WHERE trigger_schema = current_schema()")
    shape.triggers = Set(triggers.values.compactMap { $0[0] })
    return shape
}

@Suite("PostgreSQL's baseline schema is SQLite's latest")
struct PostgresBaselineTests {
    @Test(
        "The baseline stands for SQLite's last migration: one added for SQLite alone must be written for PostgreSQL too, unless it changes only SQLite's search indexes"
    )
    func baselineIsLatest() {
        let last = Schema.migrator.migrations.last { !Schema.sqliteOnly.contains($0) }
        #expect(
            last == PostgresBaseline.migration,
            "SQLite's schema moved on to \(last ?? "?"): write that migration for PostgreSQL")
    }

    @Test(
        "Same tables, columns, types, NOT NULLs, defaults, keys, indexes and guards on both engines (engine-specific)",
        .needsPostgres)
    func sameSchema() throws {
        let sqlite = try sqliteShape()
        try PostgresTestServer.withSchema { db, _ in
            try PostgresBaseline.create(on: db)
            let postgres = try postgresShape(db)
            let onlySQLite = sqlite.columns.subtracting(postgres.columns).sorted { $0.description < $1.description }
            let onlyPostgres = postgres.columns.subtracting(sqlite.columns).sorted { $0.description < $1.description }
            #expect(
                onlySQLite.isEmpty && onlyPostgres.isEmpty,
                "SQLite only: \(onlySQLite)\nPostgreSQL only: \(onlyPostgres)")
            #expect(sqlite.columns.count > 250)
            #expect(postgres.primaryKeys == sqlite.primaryKeys)
            #expect(postgres.indexes == sqlite.indexes, "\(postgres.indexes.symmetricDifference(sqlite.indexes))")
            #expect(postgres.triggers == sqlite.triggers, "\(postgres.triggers.symmetricDifference(sqlite.triggers))")
            let recorded = try db.execute("SELECT identifier FROM schema_migration").values.compactMap { $0[0] }
            #expect(Set(recorded) == Set(Schema.migrator.migrations).subtracting(Schema.sqliteOnly))
        }
    }

    @Test(
        "A desk opens without the migrations of SQLite's search indexes; one behind on a table, or ahead, is refused (engine-specific)",
        .needsPostgres)
    func behindOrAhead() throws {
        try PostgresTestServer.withSchema { db, url in
            _ = try AppDatabase.create(at: url.text, kind: .training, creator: Fixtures.ada, at: Fixtures.now)
            let recorded = Set(try db.execute("SELECT identifier FROM schema_migration").values.compactMap { $0[0] })
            #expect(!Schema.sqliteOnly.isEmpty && recorded.isDisjoint(with: Schema.sqliteOnly))
            _ = try AppDatabase.open(at: url.text)
            // A migration of the tables missing: the desk is behind, and says so
            try db.execute("DELETE FROM schema_migration WHERE identifier = $1", [.text(PostgresBaseline.migration)])
            #expect {
                try AppDatabase.open(at: url.text)
            } throws: { error in
                "\(error)".contains("is at an older schema than this Casebench reads")
            }
            // One this Casebench does not know: a newer one wrote it
            try db.execute(
                "INSERT INTO schema_migration VALUES ($1), ($2)",
                [
                    .text(PostgresBaseline.migration), .text("v99-from-the-future"),
                ])
            #expect(throws: StoreError.newerSchema(path: url.text)) { try AppDatabase.open(at: url.text) }
        }
    }

    @Test(
        "The append-only guards refuse in the same words; the export may still mark a posting's batch (engine-specific)",
        .needsPostgres)
    func guards() throws {
        try PostgresTestServer.withSchema { db, _ in
            try PostgresBaseline.create(on: db)
            try db.execute("INSERT INTO audit_entry (at, account, kind, command) VALUES (1, 'ada', 'command', 'init')")
            for sql in ["UPDATE audit_entry SET account = 'eve'", "DELETE FROM audit_entry"] {
                #expect(throws: PostgresError(sqlState: "23001", message: "the audit trail is append-only")) {
                    try db.execute(sql)
                }
            }
            try db.executeScript(
                """
                INSERT INTO customer (id, name, region) VALUES ('C-1', 'Harbour Bakery', 'NORTH');
                INSERT INTO warranty_template (id, name, parts_pct, labour_pct, travel_pct, expenses_pct)
                    VALUES ('WT', 'Standard', 100, 100, 0, 0);
                INSERT INTO item (sku, description, category, costing, list_price) VALUES ('OVEN', 'Oven', 'M', 'standard', 1);
                INSERT INTO asset (serial, sku, customer_id, installed_on, region) VALUES ('SN-1', 'OVEN', 'C-1', '2024-01-01', 'NORTH');
                INSERT INTO app_user (account, name, role) VALUES ('ada', 'Ada', 'admin');
                INSERT INTO service_case (customer_id, serial, subject, reported_on, opened_at, priority, assignee, status, version, changed_by)
                    VALUES ('C-1', 'SN-1', 'Cold', '2024-02-01', 1, 2, 'ada', 'closed', 1, 'ada');
                INSERT INTO export_batch (at, account, format, path, count, total) VALUES (2, 'ada', 'jsonl', 'out.jsonl', 1, 500);
                INSERT INTO posting (case_id, closing, kind_code, amount, key_ref, at, account) VALUES (1, 1, 7, 500, 1, 1, 'ada');
                UPDATE posting SET batch_id = 1;
                """)
            #expect(try db.execute("SELECT kind FROM posting").values == [["claim-accepted"]])
            #expect(
                throws: PostgresError(sqlState: "23001", message: "postings are never edited: a reopen reverses them")
            ) {
                try db.execute("UPDATE posting SET amount = 1")
            }
        }
    }

    @Test(
        "Change capture reads the same columns and keys of every captured table on PostgreSQL as on SQLite",
        .needsPostgres)
    func captureShapes() throws {
        let sqlite = try AppDatabase.inMemory(creator: Fixtures.ada, at: Fixtures.now)
        try PostgresTestServer.withSchema { _, url in
            let postgres = try AppDatabase.create(
                at: url.text, kind: .training, creator: Fixtures.ada, at: Fixtures.now)
            #expect(Set(postgres.tables.keys) == Set(Schema.capturedTables))
            for table in Schema.capturedTables {
                #expect(postgres.tables[table]?.columns == sqlite.tables[table]?.columns, "\(table)")
                #expect(postgres.tables[table]?.primaryKey == sqlite.tables[table]?.primaryKey, "\(table)")
            }
        }
    }
}
