import Foundation
import GRDB
import ServiceCore

/// Fixed when a database is created: only `init` makes production databases.
public enum DatabaseKind: String, Sendable, Codable {
    case production, training
}

public struct DatabaseInfo: Sendable, Equatable {
    public var kind: DatabaseKind
    public var createdBy: String
    public var createdAt: Timestamp
    /// On training databases, the business date the dataset's stories are told on.
    public var businessDate: CivilDate?
}

/// Who runs a command: the OS account, and on training databases the user it acts as.
public struct Actor: Sendable, Equatable {
    public var account: String
    public var actingAs: String?
    /// The user whose permissions apply.
    public var effective: String { actingAs ?? account }
    public init(account: String, actingAs: String? = nil) { self.account = account; self.actingAs = actingAs }
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

    public init(actor: Actor, at: Timestamp, text: String, label: String, undoable: Bool = true, final: Bool = false,
                message: String = "") {
        self.actor = actor; self.at = at; self.text = text; self.label = label; self.undoable = undoable; self.final = final
        self.message = message
    }
}

/// The Casebench database: its one writer, migrations, and every write as one
/// transaction that also writes its audit entry and undo history.
public final class AppDatabase: Sendable {
    /// Internal, not private: store tests tamper with rows behind the commands' back through it.
    let writer: DatabaseQueue
    public let path: String?
    /// How long a write waits for another process's lock before it gives up, in seconds.
    let busyTimeout: Double
    /// The captured tables' columns and keys, read once: the schema cannot change while open.
    private let tables: [String: ChangeCapture.TableInfo]

    /// How the files written for this database are shared: as the database file is.
    public var fileSharing: FileSharing { path.flatMap(FileSharing.of) ?? .ownerOnly }

    /// Brings the schema up to date, then sets up change capture on the one connection.
    private init(_ writer: DatabaseQueue, path: String?, busyTimeout: Double = 5) throws {
        self.writer = writer
        self.path = path
        self.busyTimeout = busyTimeout
        tables = try StoreError.translating(path, busyTimeout: busyTimeout) {
            try Schema.migrator.migrate(writer)
            return try writer.writeWithoutTransaction { try ChangeCapture.install($0) }
        }
    }

    /// WAL is set once, at creation: it is persistent in the file, and setting it again on
    /// every open would make GRDB write to the file (a dummy table it needs only for pools),
    /// so merely opening a database — say, to refuse it — would change it.
    private static func configuration(creating: Bool, busyTimeout: Double = 5) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        if creating { config.journalMode = .wal }
        // Another workbench may hold the write lock for a moment: wait rather than fail.
        config.busyMode = .timeout(busyTimeout)
        return config
    }

    /// Creates a new database file; refuses to touch an existing one.
    /// Its files are the owner's only unless `sharing` names a group (see `FileSharing`).
    public static func create(at path: String, kind: DatabaseKind, creator: User, at now: Timestamp,
                              businessDate: CivilDate? = nil, sharing: FileSharing = .ownerOnly) throws -> AppDatabase {
        if FileManager.default.fileExists(atPath: path) { throw StoreError.alreadyExists(path: path) }
        try sharing.prepareFolder((path as NSString).deletingLastPathComponent)
        // A head file left by a database once at this path belongs to another trail.
        try? FileManager.default.removeItem(atPath: AuditHeadFile.path(for: path))
        // Made empty with its mode and group first: SQLite gives its -wal and -shm files the same.
        close(try sharing.create(path))
        let queue: DatabaseQueue
        do { queue = try DatabaseQueue(path: path, configuration: configuration(creating: true)) } catch {
            unlink(path)
            throw error
        }
        do {
            let db = try AppDatabase(queue, path: path)
            try db.initialize(kind: kind, creator: creator, at: now, businessDate: businessDate)
            return db
        } catch {
            try? queue.close()
            removeFiles(at: path)
            throw error
        }
    }

    /// What a database's files are called beside it, the file itself first: its write-ahead
    /// log and shared-memory index come and go with it.
    static let fileSuffixes = ["", "-wal", "-shm"]

    /// Removes a database made only part of the way — its files and its audit head file —
    /// as far as they exist.
    public static func removeFiles(at path: String) {
        for file in fileSuffixes.map({ path + $0 }) + [AuditHeadFile.path(for: path)] { try? FileManager.default.removeItem(atPath: file) }
    }

    /// Opens an existing Casebench database, upgrading its schema; refuses anything else.
    public static func open(at path: String, busyTimeout: Double = 5) throws -> AppDatabase {
        // A folder closed to this account hides the file: say so, rather than "no database".
        if let problem = FileSharing.problem(opening: path) { throw problem }
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missing(path: path) }
        return try StoreError.translating(path, busyTimeout: busyTimeout) {
            // Look before touching: the WAL configuration would convert a stranger's file on
            // open, so the checks run on a read-only connection, which changes nothing.
            var probeConfig = Configuration()
            probeConfig.readonly = true
            let probe = try DatabaseQueue(path: path, configuration: probeConfig)
            try probe.read { try checkIsCasebench($0, path: path) }
            try probe.close()
            return try AppDatabase(try DatabaseQueue(path: path, configuration: configuration(creating: false, busyTimeout: busyTimeout)),
                                   path: path, busyTimeout: busyTimeout)
        }
    }

    /// Refuses a SQLite file that is not a Casebench database, or one a newer Casebench wrote.
    static func checkIsCasebench(_ db: Database, path: String) throws {
        guard try Int32.fetchOne(db, sql: "PRAGMA application_id") == Schema.applicationID else {
            throw StoreError.notCasebench(path: path)
        }
        if !(try Schema.migrator.appliedIdentifiers(db)).isSubset(of: Set(Schema.migrator.migrations)) {
            throw StoreError.newerSchema(path: path)
        }
        if try db.tableExists("meta"), let what = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'unfinished'") {
            let kind = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'kind'").flatMap(DatabaseKind.init(rawValue:))
            throw StoreError.unfinished(path: path, what: what, kind: kind ?? .production)
        }
    }

    /// An in-memory database, for tests.
    public static func inMemory(kind: DatabaseKind = .training, creator: User, at now: Timestamp,
                                businessDate: CivilDate? = nil) throws -> AppDatabase {
        var config = Configuration()
        config.foreignKeysEnabled = true
        let db = try AppDatabase(try DatabaseQueue(configuration: config), path: nil)
        try db.initialize(kind: kind, creator: creator, at: now, businessDate: businessDate)
        return db
    }

    private func initialize(kind: DatabaseKind, creator: User, at now: Timestamp, businessDate: CivilDate?) throws {
        try writer.write { db in
            var meta: [String: String] = ["kind": kind.rawValue, "created_by": creator.account,
                                          "created_at": String(now.seconds), "change_seq": "0"]
            if let businessDate { meta["business_date"] = businessDate.description }
            for (k, v) in meta { try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [k, v]) }
            try StoreTransaction(db).insertUser(creator)
        }
    }

    // MARK: - Reads

    /// Runs `body` in a read-only transaction.
    public func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try StoreError.translating(path, busyTimeout: busyTimeout) { try writer.read { db in try body(StoreTransaction(db)) } }
    }

    public func info() throws -> DatabaseInfo { try read { try $0.databaseInfo() } }

    // MARK: - Commands

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
            _ = try tx.appendAudit(kind: "command", record: record, caseID: tx.commandCase, changes: changes, tables: tables,
                                   message: record.message)
            if record.undoable || record.final, !changes.isEmpty || !tx.pendingInverses.isEmpty {
                try tx.pushUndo(record: record, caseID: tx.commandCase, changes: changes, ops: tx.pendingInverses)
            }
            return result
        }
    }

    /// One transaction of bulk work that is not a user's command — a load of cases
    /// (`loadingCases`) — on a connection of its own without change capture, so a million
    /// rows do not become one audit entry (the caller audits the whole run with `perform`),
    /// and without foreign keys enforced row by row: the load checks every reference once, at
    /// its end, before it is finished. An in-memory database has no second connection: there
    /// the captured changes are dropped instead.
    func bulkWrite<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        guard let path else {
            return try writer.write { db in
                let result = try body(StoreTransaction(db))
                try ChangeCapture.reset(db)
                return result
            }
        }
        return try StoreError.translating(path, busyTimeout: busyTimeout) {
            var config = Self.configuration(creating: false, busyTimeout: busyTimeout)
            config.foreignKeysEnabled = false
            // A large load touches index pages all over: keep more of them than SQLite's 2 MiB.
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -131072") }
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            return try queue.write { try body(StoreTransaction($0)) }
        }
    }

    /// Writes a refused command to the audit trail as a security event, in its own transaction.
    public func recordSecurityEvent(actor: Actor, at: Timestamp, command: String, caseID: CaseID?, message: String) throws {
        try chained { db in
            let record = CommandRecord(actor: actor, at: at, text: command, label: command, undoable: false)
            _ = try StoreTransaction(db).appendAudit(kind: "security", record: record, caseID: caseID,
                                                     changes: [], tables: tables, message: message)
        }
    }

    /// A write transaction that appends to the audit trail; once it has committed, the head
    /// file beside the database moves on to the new head.
    private func chained<T>(_ body: (Database) throws -> T) throws -> T {
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
                known.append(.init(source: "the head file \(AuditHeadFile.path(for: path))", entry: file.entry, hash: file.hash))
            }
            if let batch = try Row.fetchOne(db, sql: """
                SELECT id, audit_entry, audit_hash FROM export_batch WHERE audit_hash IS NOT NULL ORDER BY id DESC LIMIT 1
                """) {
                known.append(.init(source: "outbox batch \(batch["id"] as Int64)", entry: batch["audit_entry"], hash: batch["audit_hash"]))
            }
            if let head { known.append(.init(source: "the head", entry: nil, hash: head)) }
            return try AuditChain.verify(db, known: known, progress: progress)
        }
    }

    public enum HistoryDirection: String, Sendable { case undo, redo }

    public struct HistoryStep: Sendable, Equatable {
        public var label: String
        public var caseID: CaseID?
    }

    /// Undoes (or redoes) the actor's latest command, refusing, with who changed it since,
    /// when any row it touched is no longer as it left it. `refresh` runs in the same
    /// transaction afterwards, to recompute state derived from the restored rows.
    public func step(_ direction: HistoryDirection, actor: Actor, at: Timestamp,
                     refresh: (StoreTransaction, CaseID?) throws -> Void) throws -> HistoryStep {
        try chained { db in
            try ChangeCapture.reset(db)
            let tx = StoreTransaction(db)
            let user = actor.effective
            let wanted = direction == .undo ? "done" : "undone"
            let order = direction == .undo ? "DESC" : "ASC"
            guard let entry = try Row.fetchOne(db, sql: """
                SELECT id, label, case_id, changes, ops, final FROM undo_entry
                WHERE account = ? AND state = ? ORDER BY id \(order) LIMIT 1
                """, arguments: [user, wanted]) else {
                throw StoreError.invalid("nothing to \(direction.rawValue) for \(user)")
            }
            let label: String = entry["label"]
            let caseID = (entry["case_id"] as Int64?).map(CaseID.init)
            if direction == .undo, entry["final"] as Bool {
                throw StoreError.invalid("cannot undo \(label): closing is the point of no return (a supervisor can reopen)")
            }
            let changes = try JSONDecoder().decode([RowChange].self, from: Data((entry["changes"] as String).utf8))
            let ops = try (entry["ops"] as String?).map { try JSONDecoder().decode([StockOp].self, from: Data($0.utf8)) } ?? []
            var nextOps: [StockOp] = []
            do {
                let reverse = direction == .undo
                try ChangeCapture.check(changes, reverse: reverse, db, tables: tables)
                // Stock moves by new movements, the inverses applied last-first for undo;
                // their own inverses are what redo (or undo again) will apply.
                let applied = try (reverse ? Array(ops.reversed()) : ops).map { try tx.execute($0, by: user, at: at) }
                nextOps = reverse ? applied.reversed() : applied
                try ChangeCapture.write(changes, reverse: reverse, db, tables: tables)
            } catch let conflict as ChangeCapture.Conflict {
                let who = try tx.lastChanger(table: conflict.change.table, key: conflict.key, caseID: caseID) ?? "someone"
                // A case command may also have written master data (a caller created on the fly):
                // name the case only when the row that moved is one of the case's own.
                let what = caseID.flatMap { Schema.caseTables.contains(conflict.change.table) ? "case \($0)" : nil }
                    ?? "\(conflict.change.table) \(conflict.key)"
                throw StoreError.conflict("cannot \(direction.rawValue) \(label): \(what) was changed by \(who) since")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError.conflict("cannot \(direction.rawValue) \(label): other records now depend on it (\(error.message ?? "constraint"))")
            } catch let error as StoreError {
                throw StoreError.conflict("cannot \(direction.rawValue) \(label): \(error)")
            }
            try refresh(tx, caseID)
            try db.execute(sql: "UPDATE undo_entry SET state = ?, ops = ? WHERE id = ?",
                           arguments: [direction == .undo ? "undone" : "done", try StockOp.encode(nextOps), entry["id"] as Int64])
            let record = CommandRecord(actor: actor, at: at, text: "\(direction.rawValue): \(label)", label: label)
            let applied = try ChangeCapture.collect(db, tables: tables)
            _ = try tx.appendAudit(kind: direction.rawValue, record: record, caseID: caseID, changes: applied, tables: tables)
            return HistoryStep(label: label, caseID: caseID)
        }
    }

    /// The labels of what undo and redo would do next for `account`.
    public func historyLabels(account: String) throws -> (undo: String?, redo: String?) {
        try read { tx in
            let undo = try Row.fetchOne(tx.db, sql: "SELECT label, final FROM undo_entry WHERE account = ? AND state = 'done' ORDER BY id DESC LIMIT 1", arguments: [account])
            let redo = try String.fetchOne(tx.db, sql: "SELECT label FROM undo_entry WHERE account = ? AND state = 'undone' ORDER BY id ASC LIMIT 1", arguments: [account])
            let undoLabel = undo.map { row -> String in
                let label: String = row["label"]
                return (row["final"] as Bool) ? "\(label) (cannot be undone)" : label
            }
            return (undoLabel, redo)
        }
    }
}
