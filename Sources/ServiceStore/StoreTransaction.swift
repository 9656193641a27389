import Foundation
import GRDB
import ServiceCore

/// The handle a command works through inside its one transaction: intent-named reads and
/// writes over the Casebench tables. Code above the store never writes SQL.
public final class StoreTransaction {
    let db: Database
    /// The case the running command is about, for its audit entry and undo history.
    public var commandCase: CaseID?
    /// What undo would undo, when known only once the command has run ("open case 12").
    public var commandLabel: String?
    /// The inverses of the stock operations the running command applied, in order.
    var pendingInverses: [StockOp] = []
    /// `CB-<creation second>-`, the key prefix of this database's own cases, once looked up.
    var localKeyPrefix: String?

    init(_ db: Database) { self.db = db }

    // MARK: - Database identity

    public func databaseInfo() throws -> DatabaseInfo {
        let meta = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db.cachedStatement(sql: "SELECT key, value FROM meta")).map {
            ($0["key"] as String, $0["value"] as String)
        })
        return DatabaseInfo(kind: DatabaseKind(rawValue: meta["kind"] ?? "") ?? .production,
                            createdBy: meta["created_by"] ?? "",
                            createdAt: Timestamp(seconds: Int64(meta["created_at"] ?? "") ?? 0),
                            businessDate: meta["business_date"].flatMap(CivilDate.init(parsing:)))
    }

    /// The id AUTOINCREMENT would give `table`'s next row: past the highest ever used, even one
    /// deleted or undone since. For rows whose id must be known before they are written.
    func nextID(of table: String) throws -> Int64 {
        precondition(table.allSatisfy { $0.isLetter || $0 == "_" }, "table name")
        let seq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM sqlite_sequence WHERE name = ?"), arguments: [table]) ?? 0
        let top = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM \(table)")) ?? 0
        return max(seq, top) + 1
    }

    /// A value never used before, for a case's version.
    func nextChangeSequence() throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq' RETURNING CAST(value AS INTEGER)"))!
    }

    // MARK: - Audit trail and undo history

    func appendAudit(kind: String, record: CommandRecord, caseID: CaseID?, changes: [RowChange],
                     tables: [String: ChangeCapture.TableInfo], message: String = "") throws -> Int64 {
        let json = String(decoding: try JSONEncoder.sorted.encode(changes), as: UTF8.self)
        // The id is chosen here, as AUTOINCREMENT would (never one used before), because the
        // entry's hash covers it.
        let id = (try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_entry'")) ?? 0) + 1
        let prev = try AuditChain.head(db)?.hash ?? AuditChain.genesis
        let fields = AuditChain.Fields(prev: prev, id: id, at: record.at.seconds, account: record.actor.account,
                                       actingAs: record.actor.actingAs, kind: kind, command: record.text,
                                       caseID: caseID?.rawValue, message: message, changes: json)
        try db.cachedStatement(sql: """
            INSERT INTO audit_entry (id, at, account, acting_as, kind, command, case_id, message, changes, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, record.at, record.actor.account, record.actor.actingAs, kind, record.text, caseID, message, json,
                             prev, AuditChain.hash(fields)])
        let subjects = Set(changes.map { "\($0.table):" + ChangeCapture.keyText(table: $0.table, image: $0.after ?? $0.before ?? [:], tables: tables) })
        for s in subjects {
            try db.cachedStatement(sql: "INSERT INTO audit_subject (subject, entry_id) VALUES (?, ?)").execute(arguments: [s, id])
        }
        return id
    }

    func pushUndo(record: CommandRecord, caseID: CaseID?, changes: [RowChange], ops: [StockOp]) throws {
        let user = record.actor.effective
        // A new command ends the redo history, as in every editor.
        try db.cachedStatement(sql: "DELETE FROM undo_entry WHERE account = ? AND state = 'undone'").execute(arguments: [user])
        let json = String(decoding: try JSONEncoder.sorted.encode(changes), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO undo_entry (account, label, case_id, changes, ops, state, final, at) VALUES (?, ?, ?, ?, ?, 'done', ?, ?)
            """).execute(arguments: [user, record.label, caseID, json, try StockOp.encode(ops), record.final, record.at])
    }

    /// Who last changed a row: the audit trail's last writer of that very row, else the case's
    /// last writer. (The row first: a case command may also have written a customer that an
    /// admin has edited since, and the case's last writer may be the one asking to undo.)
    func lastChanger(table: String, key: String, caseID: CaseID?) throws -> String? {
        if let who = try String.fetchOne(db.cachedStatement(sql: """
            SELECT coalesce(e.acting_as, e.account) FROM audit_subject s JOIN audit_entry e ON e.id = s.entry_id
            WHERE s.subject = ? ORDER BY e.id DESC LIMIT 1
            """), arguments: ["\(table):\(key)"]) {
            return who
        }
        guard let caseID else { return nil }
        return try String.fetchOne(db.cachedStatement(sql: "SELECT changed_by FROM service_case WHERE id = ?"), arguments: [caseID])
    }

    /// The audit trail's newest entry, as it goes out with an outbox batch.
    public func auditHead() throws -> AuditChain.Head? { try AuditChain.head(db) }

    public struct AuditEntry: Sendable, Equatable {
        public var id: Int64
        public var at: Timestamp
        public var account: String
        public var actingAs: String?
        public var kind: String
        public var command: String
        public var caseID: CaseID?
        public var message: String
        public var changedTables: [String]
    }

    /// The audit trail, newest last; of one case, or the security events, or all.
    public func auditEntries(caseID: CaseID? = nil, kind: String? = nil, limit: Int = 1000) throws -> [AuditEntry] {
        var conditions: [String] = [], args: [DatabaseValueConvertible?] = []
        if let caseID { conditions.append("case_id = ?"); args.append(caseID) }
        if let kind { conditions.append("kind = ?"); args.append(kind) }
        let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM (SELECT * FROM audit_entry \(whereSQL) ORDER BY id DESC LIMIT ?) ORDER BY id
            """), arguments: StatementArguments(args + [limit])).map { row in
            let changes = (try? JSONDecoder().decode([RowChange].self, from: Data((row["changes"] as String).utf8))) ?? []
            return AuditEntry(id: row["id"], at: row["at"], account: row["account"], actingAs: row["acting_as"],
                              kind: row["kind"], command: row["command"], caseID: row["case_id"],
                              message: row["message"], changedTables: Array(Set(changes.map(\.table))).sorted())
        }
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
