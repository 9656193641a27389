import Foundation
internal import GRDB
import ServiceCore

/// The handle a command works through inside its one transaction: intent-named reads and
/// writes over the Casebench tables. Code above the store never writes SQL.
public final class StoreTransaction {
    /// The transaction's statements, on SQLite or PostgreSQL.
    let db: SQLConnection
    /// The case the running command is about, for its audit entry and undo history. A command
    /// names it; `insertCase` and `touchCase` name theirs when none is named yet.
    public var commandCase: CaseID?
    /// What undo would undo, when known only once the command has run ("open case 12").
    public var commandLabel: String?
    /// The case this transaction inserted (`insertCase`): its version is the insert's.
    var insertedCase: CaseID?
    /// The case whose closure state the command saved itself once it had written all it
    /// writes on it (`saveSettledState`), so the write need not read it back to refresh it.
    public internal(set) var settledCase: CaseID?
    /// The inverses of the stock operations the running command applied, in order.
    var pendingInverses: [StockOp] = []
    /// `CB-<creation second>-`, the key prefix of this database's own cases, once looked up.
    var localKeyPrefix: String?
    /// Whether entitlement checks keep their terms in the row, as before v14 made snapshots:
    /// so for a migration before v14 that reads checks (v11's `CaseStateConversion`).
    var checksKeepTerms = false

    init(_ db: Database) { self.db = SQLConnection(db) }
    init(_ connection: PostgresConnection) { self.db = SQLConnection(connection) }
    init(_ connection: SQLConnection) { self.db = connection }

    // MARK: - Database identity

    public func databaseInfo() throws -> DatabaseInfo {
        let meta = Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(db.cachedStatement(sql: "SELECT key, value FROM meta")).map {
                ($0["key"] as String, $0["value"] as String)
            })
        return DatabaseInfo(
            kind: DatabaseKind(rawValue: meta["kind"] ?? "") ?? .production,
            createdBy: meta["created_by"] ?? "",
            createdAt: Timestamp(seconds: Int64(meta["created_at"] ?? "") ?? 0),
            businessDate: meta["business_date"].flatMap(CivilDate.init(parsing:)))
    }

    /// The id AUTOINCREMENT would give `table`'s next row: past the highest ever used, even one
    /// deleted or undone since. For rows whose id must be known before they are written.
    /// On PostgreSQL the same (`PostgresCounters`).
    func nextID(of table: String) throws -> Int64 {
        precondition(table.allSatisfy { $0.isLetter || $0 == "_" }, "table name")
        if db.isPostgres {
            if PostgresCounters.tables.contains(table) { try db.hold(.ids(table)) }
            guard let id = try Int64.fetchOne(db.cachedStatement(sql: PostgresCounters.nextIDSQL(table))) else {
                throw StoreError.invalid("no next id for \(table)")
            }
            return id
        }
        let seq =
            try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT seq FROM sqlite_sequence WHERE name = ?"), arguments: [table]) ?? 0
        let top = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM \(table)")) ?? 0
        return max(seq, top) + 1
    }

    /// Inserts a row of `table` by `sql`, whose first value is the row's `id`, and gives the id.
    /// An id left NULL is the next one: SQLite's rowid makes it; on PostgreSQL `nextID` gives it,
    /// as for every row of a table whose ids are handed out before writing.
    func insertReturningID(into table: String, sql: String, arguments: SQLArguments) throws -> Int64 {
        var arguments = arguments
        if db.isPostgres, arguments.values.first?.isNull == true {
            arguments.values[0] = try nextID(of: table).databaseValue
        }
        return try db.insertReturningID(sql: sql, arguments: arguments)
    }

    /// A value never used before, for a case's version. On PostgreSQL a sequence gives it
    /// (`PostgresCounters.changeSequence`), which no write waits for; on SQLite a row of `meta`,
    /// moved on under the one writer's lock.
    func nextChangeSequence() throws -> Int64 {
        if db.isPostgres {
            return try Int64.fetchOne(db.cachedStatement(sql: PostgresCounters.nextChangeSQL))!
        }
        return try Int64.fetchOne(
            db.cachedStatement(
                sql:
                    "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key = 'change_seq' RETURNING CAST(value AS BIGINT)"
            ))!
    }

    public func count(table: String) throws -> Int {
        precondition(table.allSatisfy { $0.isLetter || $0 == "_" }, "table name")
        return try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM \"\(table)\"")) ?? 0
    }
}

extension JSONEncoder {
    /// Stable key order, so equal values encode to equal text.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
