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
    /// How much of the desk the command needs to itself while it writes.
    public var scope: WriteScope

    public init(
        actor: Actor, at: Timestamp, text: String, label: String, undoable: Bool = true, final: Bool = false,
        message: String = "", scope: WriteScope = .desk
    ) {
        self.actor = actor
        self.at = at
        self.text = text
        self.label = label
        self.undoable = undoable
        self.final = final
        self.message = message
        self.scope = scope
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
        try chained(record.scope) { db in
            try ChangeCapture.reset(db)
            let tx = StoreTransaction(db)
            let result = try body(tx)
            let changes = try ChangeCapture.collect(db, tables: tables)
            var record = record
            if let label = tx.commandLabel { record.label = label }
            let json = try RowChange.json(changes)
            if record.undoable || record.final, !changes.isEmpty || !tx.pendingInverses.isEmpty {
                try tx.pushUndo(record: record, caseID: tx.commandCase, changes: json, ops: tx.pendingInverses)
            }
            // Last, as it holds the trail's end until the commit (`WriteLock.trailEnd`).
            _ = try tx.appendAudit(
                kind: "command", record: record, caseID: tx.commandCase, changes: changes, json: json, tables: tables,
                message: record.message)
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
                changes: [], json: try RowChange.json([]), tables: tables, message: message)
        }
    }

    /// A write transaction that appends to the audit trail; once it has committed, the head
    /// file beside the database moves on to the new head.
    /// On PostgreSQL the transaction is `PostgresDesk.write`'s, and the head kept in the
    /// database moves on inside it (`PostgresAuditHead`).
    func chained<T>(_ scope: WriteScope = .desk, _ body: (SQLConnection) throws -> T) throws -> T {
        try refuseWritesIfReadOnly()
        if let postgres {
            let key = postgres.auditKey.key
            return try postgres.write(scope) { db in
                let result = try body(db)
                try PostgresAuditHead.advance(db, key: key)
                return result
            }
        }
        let (result, head) = try StoreError.translating(path, busyTimeout: busyTimeout) {
            try writer.writeWithoutTransaction { db in
                try busyWait.beginImmediate(db)
                do {
                    let connection = SQLConnection(db)
                    let result = (try body(connection), try AuditChain.head(connection))
                    try db.commit()
                    return result
                } catch {
                    try? db.rollback()
                    throw error
                }
            }
        }
        if let headFile, let head { headFile.advance(to: head) }
        busyWait.yieldAfterCommit()
        return result
    }

    /// Checks the audit trail's chain, and that it reaches the head file's entry, the newest
    /// outbox batch's, and `head` when given (the hash an ERP holds from a batch).
    /// On a live database (WAL: every commit moves its head file on) the head file must be there
    /// and readable once the trail has entries: without it, entries cut off the end of the trail
    /// could not be told. A backup is one file with no head file beside it by design (its head
    /// is printed when it is taken, and given back with `head`). The head file of a database
    /// made with a signing key must carry the head's signature under that key.
    /// On PostgreSQL the head is kept in the database (`PostgresAuditHead`), and checked as the
    /// head file is, with this host's key.
    public func verifyAudit(head: String? = nil, progress: ProgressSink? = nil) throws -> AuditChain.Verdict {
        try read { tx in
            let db = tx.db
            var known: [AuditChain.KnownHead] = []
            let headFile = postgres == nil ? path.map(AuditHeadFile.state(for:)) : nil
            if let path, case .head(let file, _)? = headFile {
                known.append(
                    .init(source: "the head file \(AuditHeadFile.path(for: path))", entry: file.entry, hash: file.hash))
            }
            let kept = postgres == nil ? nil : try PostgresAuditHead.read(db)
            if let kept {
                known.append(.init(source: Self.keptHead, entry: kept.head.entry, hash: kept.head.hash))
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
            var verdict = try AuditChain.verify(db, known: known, progress: progress)
            let live = try db.sqlite.map { try String.fetchOne($0, sql: "PRAGMA journal_mode") == "wal" } ?? false
            if live, verdict.problem == nil, verdict.entries > 0, let path,
                headFile == .missing || headFile == .unreadable
            {
                let what = headFile == .missing ? "is missing" : "holds no head (\"ENTRY HASH\")"
                verdict.problem =
                    "the head file \(AuditHeadFile.path(for: path)) \(what), so entries cut off the end of the trail "
                    + "could not be told; if that loss is known, an admin accepts the trail as it is with "
                    + "`audit rehead` (casebench audit verify --rehead)"
            }
            if verdict.problem == nil, let path, case .head(let file, let signature)? = headFile,
                try Self.isSigned(db)
            {
                verdict.problem = Self.signatureProblem(path, file, signature)
            }
            if verdict.problem == nil, let postgres {
                verdict.problem = try Self.keptHeadProblem(
                    kept, entries: verdict.entries, signed: Self.isSigned(db), desk: postgres)
            }
            return verdict
        }
    }

    static let keptHead = "the head kept in the database"

    /// What an admin does about a head that does not match, on either engine.
    private static let accept =
        "if that is known and the trail is to be accepted as it is, an admin signs it anew with `audit rehead` "
        + "(casebench audit verify --rehead)"

    /// What is wrong with the head a PostgreSQL desk keeps, in words that say what it means and
    /// what to do; nil when it is there and, on a signed desk, signed with this host's key.
    static func keptHeadProblem(
        _ kept: (head: AuditChain.Head, signature: String?)?, entries: Int, signed: Bool, desk: PostgresDesk
    ) -> String? {
        guard let kept else {
            return entries == 0
                ? nil
                : "the database keeps no audit head, so entries cut off the end of the trail could not be told; "
                    + accept
        }
        guard signed else { return nil }
        let keyFile = desk.auditKeyFile ?? "the file the configuration's audit-key names"
        switch desk.auditKey {
        case .missing:
            return "this host holds no audit key (\(keyFile)), so \(keptHead) cannot be checked: copy the key "
                + "from the host that made the desk, as the configuration's audit-key says"
        case .unreadable(let why):
            return "this host's audit key \(keyFile) cannot be read (\(why)), so \(keptHead) cannot be checked: "
                + "run the installed casebench, or as the key's owner"
        case .key(let key):
            guard let signature = kept.signature else {
                return "\(keptHead) is not signed: a host without the key, or something other than Casebench, "
                    + "wrote it last, so entries may have been cut off the end of the trail; " + accept
            }
            guard signature == key.sign(kept.head) else {
                return "\(keptHead) is signed, but not with this host's key \(keyFile): something other than "
                    + "Casebench wrote it, or the hosts hold different keys, so entries may have been cut off "
                    + "the end of the trail; " + accept
            }
            return nil
        }
    }

    /// Whether the database was made with a signing key for its head (`AuditKey.metaKey`).
    static func isSigned(_ db: SQLConnection) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [AuditKey.metaKey]) != nil
    }

    /// What is wrong with the head file's signature, in words that say what it means and what
    /// to do; nil when it is the head's under the database's key.
    static func signatureProblem(_ path: String, _ head: AuditChain.Head, _ signature: String?) -> String? {
        let file = AuditHeadFile.path(for: path)
        let keyFile = AuditKey.path(for: path)
        switch AuditKey.load(for: path) {
        case .missing:
            return "the signing key \(keyFile) is missing, so the head file \(file) cannot be checked; "
                + "if its loss is known, an admin makes a new key with `audit rehead` (casebench audit verify --rehead)"
        case .unreadable(let why):
            return "the signing key \(keyFile) cannot be read (\(why)), so the head file \(file) cannot be checked: "
                + "run the installed casebench, or as the database's owner"
        case .key(let key):
            guard let signature else {
                return "the head file \(file) is not signed: it was written by something other than Casebench, "
                    + "so entries may have been cut off the end of the trail and the file rewritten to match; "
                    + accept
            }
            guard signature == key.sign(head) else {
                return "the head file \(file) is signed, but not with the key \(keyFile): it was written by "
                    + "something other than Casebench, so entries may have been cut off the end of the trail; "
                    + accept
            }
            return nil
        }
    }

    /// After a known loss — the head file deleted or damaged, or entries cut off the trail —
    /// an admin accepts the trail as it is: the chain must hold on its own, the acceptance is
    /// audited (what the head file said, and the head it now names), and the head file is
    /// written anew, backwards if need be, and signed. A database without a signing key — made
    /// before keys, or its key lost — gets a new one here, said so on the trail. Returns the
    /// head file's state before, in words.
    public func rehead(actor: Actor, at: Timestamp) throws -> (before: String, head: AuditChain.Head) {
        if let postgres { return try rehead(postgres, actor: actor, at: at) }
        guard let path, let headFile else {
            throw StoreError.invalid("audit rehead: an in-memory database has no head file")
        }
        let chain = try writer.read { try AuditChain.verify(SQLConnection($0), known: [], progress: nil) }
        if let problem = chain.problem {
            throw StoreError.invalid(
                "the audit trail itself is broken (\(problem)); rehead accepts only a trail that holds")
        }
        let before: String
        switch AuditHeadFile.state(for: path) {
        case .missing: before = "missing"
        case .unreadable: before = "unreadable"
        case .head(let h, _): before = "entry \(h.entry) \(h.hash)"
        }
        let newKey: Bool
        switch AuditKey.load(for: path) {
        case .key: newKey = try !writer.read { try Self.isSigned(SQLConnection($0)) }
        case .missing: newKey = true
        case .unreadable(let why):
            throw StoreError.invalid(
                "the signing key \(AuditKey.path(for: path)) cannot be read (\(why)): run the installed casebench")
        }
        if newKey { try AuditKey.make(for: path, sharing: fileSharing) }
        let record = CommandRecord(
            actor: actor, at: at, text: "audit rehead", label: "audit rehead", undoable: false,
            message: "the head file was \(before); the trail is accepted as it is"
                + (newKey ? "; its head is signed with a new key from now on" : ""))
        try perform(record) { tx in if newKey { try tx.markAuditSigned() } }
        // The entry just written is the head now; the file is written anew even when it named
        // a later entry, one of those that were lost.
        guard let head = try writer.read({ try AuditChain.head(SQLConnection($0)) }) else {
            throw StoreError.invalid("the audit trail has no entry after rehead")
        }
        headFile.advance(to: head, force: true)
        return (before, head)
    }
}

extension AppDatabase {
    /// `rehead` on PostgreSQL: the head kept in the database is written anew by the audited
    /// acceptance itself, and signed with this host's key, made if the host has none.
    private func rehead(_ desk: PostgresDesk, actor: Actor, at: Timestamp) throws -> (
        before: String, head: AuditChain.Head
    ) {
        let (chain, kept, signed) = try read { tx in
            (
                try AuditChain.verify(tx.db, known: [], progress: nil), try PostgresAuditHead.read(tx.db),
                try Self.isSigned(tx.db)
            )
        }
        if let problem = chain.problem {
            throw StoreError.invalid(
                "the audit trail itself is broken (\(problem)); rehead accepts only a trail that holds")
        }
        let before = kept.map { "entry \($0.head.entry) \($0.head.hash)" } ?? "missing"
        let hadKey = desk.auditKey.key != nil
        guard try desk.makeAuditKeyIfMissing() != nil else {
            throw StoreError.invalid(
                "audit rehead: this host's configuration names no audit-key file to sign the head with")
        }
        let record = CommandRecord(
            actor: actor, at: at, text: "audit rehead", label: "audit rehead", undoable: false,
            message: "\(Self.keptHead) was \(before); the trail is accepted as it is"
                + (hadKey && signed ? "" : "; its head is signed with this host's key from now on"))
        try perform(record) { tx in if !signed { try tx.markAuditSigned() } }
        guard let head = try read({ try AuditChain.head($0.db) }) else {
            throw StoreError.invalid("the audit trail has no entry after rehead")
        }
        return (before, head)
    }
}

extension StoreTransaction {
    /// Records that the database's audit head is signed from now on (its key was just made).
    func markAuditSigned() throws {
        try db.execute(
            sql: "INSERT INTO meta (key, value) VALUES (?, 'yes') ON CONFLICT (key) DO UPDATE SET value = 'yes'",
            arguments: [AuditKey.metaKey])
    }

    /// Records that the database's audit head is not signed (a desk moved by a host with no key).
    func markAuditUnsigned() throws {
        try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [AuditKey.metaKey])
    }
}
