import Foundation
internal import GRDB
import ServiceCore

/// Undo and redo: a user's latest command put back (or done again) row for row, refused when
/// a row has moved on since.
extension AppDatabase {
    public enum HistoryDirection: String, Sendable { case undo, redo }

    public struct HistoryStep: Sendable, Equatable {
        public var label: String
        public var caseID: CaseID?
    }

    /// Undoes (or redoes) the actor's latest command, refusing, with who changed it since,
    /// when any row it touched is no longer as it left it. `refresh` runs in the same
    /// transaction afterwards, to recompute state derived from the restored rows.
    public func step(
        _ direction: HistoryDirection, actor: Actor, at: Timestamp,
        refresh: (StoreTransaction, CaseID?) throws -> Void
    ) throws -> HistoryStep {
        try chained { db in
            try ChangeCapture.reset(db)
            let tx = StoreTransaction(db)
            let user = actor.effective
            let wanted = direction == .undo ? "done" : "undone"
            let order = direction == .undo ? "DESC" : "ASC"
            guard
                let entry = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, label, case_id, changes, ops, final FROM undo_entry
                        WHERE account = ? AND state = ? ORDER BY id \(order) LIMIT 1
                        """, arguments: [user, wanted])
            else {
                throw StoreError.invalid("nothing to \(direction.rawValue) for \(user)")
            }
            let label: String = entry["label"]
            let caseID = (entry["case_id"] as Int64?).map(CaseID.init)
            if direction == .undo, entry["final"] as Bool {
                throw StoreError.invalid(
                    "cannot undo \(label): closing is the point of no return (a supervisor can reopen)")
            }
            let changes = try JSONDecoder().decode([RowChange].self, from: Data((entry["changes"] as String).utf8))
            let ops =
                try (entry["ops"] as String?).map { try JSONDecoder().decode([StockOp].self, from: Data($0.utf8)) }
                ?? []
            var nextOps: [StockOp] = []
            do {
                let reverse = direction == .undo
                try ChangeCapture.check(changes, reverse: reverse, tx.db, tables: tables)
                // Stock moves by new movements, the inverses applied last-first for undo;
                // their own inverses are what redo (or undo again) will apply.
                let applied = try (reverse ? Array(ops.reversed()) : ops).map { try tx.execute($0, by: user, at: at) }
                nextOps = reverse ? applied.reversed() : applied
                try ChangeCapture.write(changes, reverse: reverse, tx.db, tables: tables)
            } catch let conflict as ChangeCapture.Conflict {
                let who =
                    try tx.lastChanger(table: conflict.change.table, key: conflict.key, caseID: caseID) ?? "someone"
                // A case command may also have written master data (a caller created on the fly):
                // name the case only when the row that moved is one of the case's own.
                let what =
                    caseID.flatMap { Schema.caseTables.contains(conflict.change.table) ? "case \($0)" : nil }
                    ?? "\(conflict.change.table) \(conflict.key)"
                throw StoreError.conflict("cannot \(direction.rawValue) \(label): \(what) was changed by \(who) since")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError.conflict(
                    "cannot \(direction.rawValue) \(label): other records now depend on it (\(error.message ?? "constraint"))"
                )
            } catch let error as StoreError {
                throw StoreError.conflict("cannot \(direction.rawValue) \(label): \(error)")
            }
            try refresh(tx, caseID)
            try db.execute(
                sql: "UPDATE undo_entry SET state = ?, ops = ? WHERE id = ?",
                arguments: [direction == .undo ? "undone" : "done", try StockOp.encode(nextOps), entry["id"] as Int64])
            let record = CommandRecord(actor: actor, at: at, text: "\(direction.rawValue): \(label)", label: label)
            let applied = try ChangeCapture.collect(db, tables: tables)
            _ = try tx.appendAudit(
                kind: direction.rawValue, record: record, caseID: caseID, changes: applied,
                json: try RowChange.json(applied), tables: tables)
            return HistoryStep(label: label, caseID: caseID)
        }
    }

    /// The labels of what undo and redo would do next for `account`.
    public func historyLabels(account: String) throws -> (undo: String?, redo: String?) {
        try read { tx in
            let undo = try Row.fetchOne(
                tx.db,
                sql:
                    "SELECT label, final FROM undo_entry WHERE account = ? AND state = 'done' ORDER BY id DESC LIMIT 1",
                arguments: [account])
            let redo = try String.fetchOne(
                tx.db,
                sql: "SELECT label FROM undo_entry WHERE account = ? AND state = 'undone' ORDER BY id ASC LIMIT 1",
                arguments: [account])
            let undoLabel = undo.map { row -> String in
                let label: String = row["label"]
                return (row["final"] as Bool) ? "\(label) (cannot be undone)" : label
            }
            return (undoLabel, redo)
        }
    }
}
