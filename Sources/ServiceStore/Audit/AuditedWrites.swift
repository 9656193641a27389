import Foundation
internal import GRDB
import ServiceCore

/// Who runs a command: the OS account, and on training databases the user it acts as.
public struct Actor: Sendable, Equatable {
    public var account: String
    public var actingAs: String?
    /// The user whose permissions apply.
    public var effective: String { actingAs ?? account }
    public init(account: String, actingAs: String? = nil) {
        self.account = account
        self.actingAs = actingAs
    }
}

/// What a command tells the store about itself for the audit trail and the undo history.
public struct CommandRecord: Sendable {
    public var actor: Actor
    public var at: Timestamp
    /// The command as typed, for the audit trail.
    public var text: String
    /// What undo would undo: "open case 12".
    public var label: String
    public var undoable: Bool
    /// The point of no return (closing): undo stops here.
    public var final: Bool
    /// What the trail should say besides the command (a backup's or restore's head).
    public var message: String

    public init(
        actor: Actor, at: Timestamp, text: String, label: String, undoable: Bool = true, final: Bool = false,
        message: String = ""
    ) {
        self.actor = actor
        self.at = at
        self.text = text
        self.label = label
        self.undoable = undoable
        self.final = final
        self.message = message
    }
}

/// Every write of a user's command: one transaction that also writes its audit entry and its
/// undo history, and moves the audit head file on once it has committed.
extension AppDatabase {
    /// Runs one command as one transaction: `body` does the work through intent-named
    /// writes; the rows it changed are captured, written to the audit trail with the actor,
    /// and (when undoable) pushed on the actor's undo history, clearing their redo history.
    /// If `body` throws, nothing at all is written.
    public func perform<T>(_ record: CommandRecord, _ body: (StoreTransaction) throws -> T) throws -> T {
        try chained { db in
            try ChangeCapture.reset(db)
            let tx = StoreTransaction(db)
            let result = try body(tx)
            let changes = try ChangeCapture.collect(db, tables: tables)
            var record = record
            if let label = tx.commandLabel { record.label = label }
            _ = try tx.appendAudit(
                kind: "command", record: record, caseID: tx.commandCase, changes: changes, tables: tables,
                message: record.message)
            if record.undoable || record.final, !changes.isEmpty || !tx.pendingInverses.isEmpty {
                try tx.pushUndo(record: record, caseID: tx.commandCase, changes: changes, ops: tx.pendingInverses)
            }
            return result
        }
    }

    /// Writes a refused command to the audit trail as a security event, in its own transaction.
    public func recordSecurityEvent(actor: Actor, at: Timestamp, command: String, caseID: CaseID?, message: String)
        throws
    {
        try chained { db in
            let record = CommandRecord(actor: actor, at: at, text: command, label: command, undoable: false)
            _ = try StoreTransaction(db).appendAudit(
                kind: "security", record: record, caseID: caseID,
                changes: [], tables: tables, message: message)
        }
    }

    /// A write transaction that appends to the audit trail; once it has committed, the head
    /// file beside the database moves on to the new head.
    func chained<T>(_ body: (Database) throws -> T) throws -> T {
        let (result, head) = try StoreError.translating(path, busyTimeout: busyTimeout) {
            try writer.write { db in (try body(db), try AuditChain.head(db)) }
        }
        if let path, let head { AuditHeadFile.advance(to: head, for: path) }
        return result
    }

    /// Checks the audit trail's chain, and that it reaches the head file's entry, the newest
    /// outbox batch's, and `head` when given (the hash an ERP holds from a batch).
    public func verifyAudit(head: String? = nil, progress: ProgressSink? = nil) throws -> AuditChain.Verdict {
        try writer.read { db in
            var known: [AuditChain.KnownHead] = []
            if let path, let file = AuditHeadFile.read(for: path) {
                known.append(
                    .init(source: "the head file \(AuditHeadFile.path(for: path))", entry: file.entry, hash: file.hash))
            }
            if let batch = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, audit_entry, audit_hash FROM export_batch WHERE audit_hash IS NOT NULL ORDER BY id DESC LIMIT 1
                    """)
            {
                known.append(
                    .init(
                        source: "outbox batch \(batch["id"] as Int64)", entry: batch["audit_entry"],
                        hash: batch["audit_hash"]))
            }
            if let head { known.append(.init(source: "the head", entry: nil, hash: head)) }
            return try AuditChain.verify(db, known: known, progress: progress)
        }
    }
}
