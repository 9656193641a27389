import Foundation
internal import GRDB

/// Records every insert, update and delete on the captured tables of one connection, with
/// TEMP triggers writing JSON row images into a TEMP table. The triggers are made from the
/// live schema when the connection is opened, after migrations, so a later migration's
/// columns are captured without anyone remembering to update them.
enum ChangeCapture {
    struct TableInfo: Sendable {
        var columns: [String]
        var primaryKey: [String]
    }

    /// Creates the TEMP capture table and triggers on this connection (once, when it is opened)
    /// and returns the captured tables' columns and primary keys.
    static func install(_ db: Database) throws -> [String: TableInfo] {
        try db.execute(
            sql: "CREATE TEMP TABLE captured_change (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, old TEXT, new TEXT)")
        var infos: [String: TableInfo] = [:]
        for table in Schema.capturedTables {
            let cols = try Row.fetchAll(db, sql: "SELECT name, pk FROM pragma_table_info(?)", arguments: [table])
            let columns = cols.map { $0["name"] as String }
            let pk = cols.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map {
                $0["name"] as String
            }
            infos[table] = TableInfo(columns: columns, primaryKey: pk)
            func image(_ prefix: String) -> String {
                "json_object(" + columns.map { "'\($0)', \(prefix).\"\($0)\"" }.joined(separator: ", ") + ")"
            }
            try db.execute(
                sql: """
                    CREATE TEMP TRIGGER "capture_\(table)_insert" AFTER INSERT ON main."\(table)" BEGIN
                      INSERT INTO captured_change(tbl, old, new) VALUES ('\(table)', NULL, \(image("NEW")));
                    END;
                    CREATE TEMP TRIGGER "capture_\(table)_update" AFTER UPDATE ON main."\(table)" BEGIN
                      INSERT INTO captured_change(tbl, old, new) VALUES ('\(table)', \(image("OLD")), \(image("NEW")));
                    END;
                    CREATE TEMP TRIGGER "capture_\(table)_delete" AFTER DELETE ON main."\(table)" BEGIN
                      INSERT INTO captured_change(tbl, old, new) VALUES ('\(table)', \(image("OLD")), NULL);
                    END;
                    """)
        }
        return infos
    }

    static func reset(_ db: SQLConnection) throws {
        try db.executeLater(sql: "DELETE FROM \(schema(db)).captured_change")
    }

    /// Where the session's own tables are: SQLite's `temp`, PostgreSQL's `pg_temp`.
    private static func schema(_ db: SQLConnection) -> String { db.isPostgres ? "pg_temp" : "temp" }

    /// The changes since `reset`, one per row touched: first before image, last after image,
    /// in the order rows were first touched (parents before children). Empties the table, as
    /// `reset` does.
    static func collect(_ db: SQLConnection, tables: [String: TableInfo]) throws -> [RowChange] {
        let decoder = JSONDecoder()
        func decode(_ text: String?) throws -> [String: SQLValue]? {
            guard let text else { return nil }
            return try decoder.decode([String: SQLValue].self, from: Data(text.utf8))
        }
        var order: [String] = []
        var net: [String: RowChange] = [:]
        // Read and emptied in one statement (one round trip on PostgreSQL); RETURNING gives the
        // rows in no set order, so they are put in the order they were written here.
        let captured = try Row.fetchAll(
            db, sql: "DELETE FROM \(schema(db)).captured_change RETURNING seq, tbl, old, new"
        ).sorted { ($0["seq"] as Int64) < ($1["seq"] as Int64) }
        for row in captured {
            let table: String = row["tbl"]
            let before = try decode(row["old"])
            let after = try decode(row["new"])
            let key = table + "\u{1F}" + keyText(table: table, image: before ?? after ?? [:], tables: tables)
            if var existing = net[key] {
                existing.after = after
                net[key] = existing
            } else {
                net[key] = RowChange(table: table, before: before, after: after)
                order.append(key)
            }
        }
        return order.compactMap { net[$0] }.filter { !$0.isNoOp && !($0.before == nil && $0.after == nil) }
    }

    /// "SC-9" or "12" or "SC-9/SN-1": a row's key, for the audit's subjects and messages.
    static func keyText(table: String, image: [String: SQLValue], tables: [String: TableInfo]) -> String {
        (tables[table]?.primaryKey ?? []).map { col -> String in
            switch image[col] ?? .null {
            case .null: "∅"
            case .integer(let i): String(i)
            case .real(let d): String(d)
            case .text(let s): s
            }
        }.joined(separator: "/")
    }

    /// A row that is not as a change left it.
    struct Conflict: Error {
        var change: RowChange
        var key: String
    }

    /// Puts rows back as they were before `changes` (undo), or as they were after (redo),
    /// after checking that nobody changed them since: every row must still be as the other
    /// side left it, in the columns the change touched.
    static func apply(_ changes: [RowChange], reverse: Bool, _ db: SQLConnection, tables: [String: TableInfo]) throws {
        // Check every row first, so a conflict leaves nothing half-applied.
        try check(changes, reverse: reverse, db, tables: tables)
        try write(changes, reverse: reverse, db, tables: tables)
    }

    private static func steps(_ changes: [RowChange], reverse: Bool) -> [RowChange] {
        reverse ? changes.reversed().map { RowChange(table: $0.table, before: $0.after, after: $0.before) } : changes
    }

    /// Throws `Conflict` for the first row that is not as the other side left it.
    static func check(_ changes: [RowChange], reverse: Bool, _ db: SQLConnection, tables: [String: TableInfo]) throws {
        for change in steps(changes, reverse: reverse) {
            guard let info = tables[change.table] else { continue }
            let expected = change.before
            let key = keyText(table: change.table, image: change.before ?? change.after ?? [:], tables: tables)
            let current = try currentImage(change.table, image: change.before ?? change.after!, info: info, db)
            switch (expected, current) {
            case (nil, nil): break
            case (nil, _?), (_?, nil): throw Conflict(change: change, key: key)
            case (let e?, let c?):
                for col in change.changedColumns where e[col] != c[col] { throw Conflict(change: change, key: key) }
            }
        }
    }

    /// Writes the rows as they were before `changes` (reverse) or after them.
    static func write(_ changes: [RowChange], reverse: Bool, _ db: SQLConnection, tables: [String: TableInfo]) throws {
        for change in steps(changes, reverse: reverse) {
            guard let info = tables[change.table] else { continue }
            let pkWhere = info.primaryKey.map { "\"\($0)\" = ?" }.joined(separator: " AND ")
            switch (change.before, change.after) {
            case (let b?, nil):
                try db.execute(
                    sql: "DELETE FROM \"\(change.table)\" WHERE \(pkWhere)",
                    arguments: SQLArguments(info.primaryKey.map { (b[$0] ?? .null).databaseValue }))
            case (nil, let a?):
                let cols = info.columns.filter { a[$0] != nil }
                try db.execute(
                    sql:
                        "INSERT INTO \"\(change.table)\" (\(cols.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES (\(cols.map { _ in "?" }.joined(separator: ", ")))",
                    arguments: SQLArguments(cols.map { a[$0]!.databaseValue }))
            case (let b?, let a?):
                let cols = change.changedColumns
                guard !cols.isEmpty else { continue }
                try db.execute(
                    sql:
                        "UPDATE \"\(change.table)\" SET \(cols.map { "\"\($0)\" = ?" }.joined(separator: ", ")) WHERE \(pkWhere)",
                    arguments: SQLArguments(
                        cols.map { (a[$0] ?? .null).databaseValue }
                            + info.primaryKey.map { (b[$0] ?? .null).databaseValue }))
            case (nil, nil): break
            }
        }
    }

    private static func currentImage(_ table: String, image: [String: SQLValue], info: TableInfo, _ db: SQLConnection)
        throws
        -> [String: SQLValue]?
    {
        let pkWhere = info.primaryKey.map { "\"\($0)\" = ?" }.joined(separator: " AND ")
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM \"\(table)\" WHERE \(pkWhere)",
                arguments: SQLArguments(info.primaryKey.map { (image[$0] ?? .null).databaseValue }))
        else { return nil }
        var result: [String: SQLValue] = [:]
        for col in info.columns { result[col] = SQLValue(row[col] as DatabaseValue) }
        return result
    }
}
