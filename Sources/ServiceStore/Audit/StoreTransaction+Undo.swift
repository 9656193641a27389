import Foundation
internal import GRDB
import ServiceCore

/// The undo history as a command's transaction writes it: a user's done commands with the
/// rows they changed, and who changed a row since, for a refused undo.
extension StoreTransaction {
    /// `changes`: the command's row changes as `RowChange.json` writes them.
    func pushUndo(record: CommandRecord, caseID: CaseID?, changes json: String, ops: [StockOp]) throws {
        let user = record.actor.effective
        let clear = "DELETE FROM undo_entry WHERE account = ? AND state = 'undone'"
        let push = """
            INSERT INTO undo_entry (account, label, case_id, changes, ops, state, final, at) VALUES (?, ?, ?, ?, ?, 'done', ?, ?)
            """
        let entry: SQLArguments = [
            user, record.label, caseID, json, try StockOp.encode(ops), record.final, record.at,
        ]
        // A new command ends the redo history, as in every editor: on PostgreSQL in the same
        // statement as the push (one round trip, in every write); SQLite's CTEs only read.
        if db.isPostgres {
            try db.executeLater(sql: "WITH redo AS (\(clear)) \(push)", arguments: [user] + entry)
            return
        }
        try db.cachedStatement(sql: clear).execute(arguments: [user])
        try db.cachedStatement(sql: push).execute(arguments: entry)
    }

    /// Who last changed a row: the audit trail's last writer of that very row, else the case's
    /// last writer. (The row first: a case command may also have written a customer that an
    /// admin has edited since, and the case's last writer may be the one asking to undo.)
    func lastChanger(table: String, key: String, caseID: CaseID?) throws -> String? {
        if let who = try String.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT coalesce(e.acting_as, e.account) FROM audit_subject s JOIN audit_entry e ON e.id = s.entry_id
                    WHERE s.subject = ? ORDER BY e.id DESC LIMIT 1
                    """), arguments: ["\(table):\(key)"])
        {
            return who
        }
        guard let caseID else { return nil }
        return try String.fetchOne(
            db.cachedStatement(sql: "SELECT changed_by FROM service_case WHERE id = ?"), arguments: [caseID])
    }
}
