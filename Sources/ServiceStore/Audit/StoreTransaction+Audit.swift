import Foundation
internal import GRDB
import ServiceCore

/// The audit trail as a command's transaction writes and reads it: one entry per command,
/// chained to the one before (`AuditChain`), with the rows it changed as subjects.
extension StoreTransaction {
    /// `json` is `changes` as `RowChange.json` writes them: a command's undo entry keeps the
    /// same text, so it is written once for both.
    func appendAudit(
        kind: String, record: CommandRecord, caseID: CaseID?, changes: [RowChange], json: String,
        tables: [String: ChangeCapture.TableInfo], message: String = ""
    ) throws -> Int64 {
        // The id is chosen here (never one used before: as AUTOINCREMENT would on SQLite, from
        // the entries' sequence on PostgreSQL), because the entry's hash covers it. The trail's
        // end is this write's until it commits: every statement from here on is one that other
        // writes wait for, so they are few.
        try db.hold(.trailEnd)
        let (id, prev) = try nextAuditEntry()
        let fields = AuditChain.Fields(
            prev: prev, id: id, at: record.at.seconds, account: record.actor.account,
            actingAs: record.actor.actingAs, kind: kind, command: record.text,
            caseID: caseID?.rawValue, message: message, changes: json)
        let hash = AuditChain.hash(fields)
        // This and the subjects go with the commit, in its round trip (`executeLater`).
        try db.executeLater(
            sql: """
                INSERT INTO audit_entry (id, at, account, acting_as, kind, command, case_id, message, changes, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, record.at, record.actor.account, record.actor.actingAs, kind, record.text, caseID, message, json,
                prev, hash,
            ])
        let subjects = Set(
            changes.map {
                "\($0.table):"
                    + ChangeCapture.keyText(table: $0.table, image: $0.after ?? $0.before ?? [:], tables: tables)
            }
        ).sorted()
        // A statement for many subjects at once, within what either engine takes as values.
        for start in stride(from: 0, to: subjects.count, by: 500) {
            let chunk = subjects[start..<min(start + 500, subjects.count)]
            try db.executeLater(
                sql: "INSERT INTO audit_subject (subject, entry_id) VALUES "
                    + Array(repeating: "(?, ?)", count: chunk.count).joined(separator: ", "),
                arguments: SQLArguments(chunk.flatMap { [$0, id] as [DatabaseValueConvertible] }))
        }
        db.appendedHead = AuditChain.Head(entry: id, hash: hash)
        return id
    }

    /// The next entry's id (as `nextID` gives it) and the hash it chains to. On PostgreSQL one
    /// statement asks both, as the trail's end is held.
    private func nextAuditEntry() throws -> (id: Int64, prev: String) {
        guard db.isPostgres else {
            return (try nextID(of: "audit_entry"), try AuditChain.head(db)?.hash ?? AuditChain.genesis)
        }
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT (\(PostgresCounters.nextIDSQL("audit_entry"))) AS id, (\(AuditChain.headHashSQL)) AS prev")
        )!
        return (row["id"], row["prev"] ?? AuditChain.genesis)
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

    /// The audit trail, newest last; of one case, or the security events, or all; from `since` on.
    public func auditEntries(
        caseID: CaseID? = nil, kind: String? = nil, since: Timestamp? = nil, limit: Int = 1000
    ) throws -> [AuditEntry] {
        var conditions: [String] = []
        var args: [DatabaseValueConvertible?] = []
        if let since {
            conditions.append("at >= ?")
            args.append(since)
        }
        if let caseID {
            conditions.append("case_id = ?")
            args.append(caseID)
        }
        if let kind {
            conditions.append("kind = ?")
            args.append(kind)
        }
        let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT * FROM (SELECT * FROM audit_entry \(whereSQL) ORDER BY id DESC LIMIT ?) latest ORDER BY id
                    """), arguments: SQLArguments(args + [limit])
        ).map { row in
            let changes =
                (try? JSONDecoder().decode([RowChange].self, from: Data((row["changes"] as String).utf8))) ?? []
            return AuditEntry(
                id: row["id"], at: row["at"], account: row["account"], actingAs: row["acting_as"],
                kind: row["kind"], command: row["command"], caseID: row["case_id"],
                message: row["message"], changedTables: Array(Set(changes.map(\.table))).sorted())
        }
    }
}
