import Foundation
internal import GRDB
import ServiceCore

extension AppDatabase {
    /// Copies the database, as it is at one moment, into a new file while others keep
    /// working: SQLite's online backup reads in one read transaction, which in WAL mode
    /// blocks no writer. The copy is checked and gets the database's sharing. Returns the
    /// audit head the copy holds.
    ///
    /// The copy is made under a hidden temporary name beside its place and takes its name only
    /// once it is whole and checked: a backup killed part-way, or stopped by a full disk, never
    /// leaves a file that looks like a backup (one such was later refused by restore as
    /// "read-only"). Leftovers of a backup to the same name that was killed are removed first.
    public func backup(to destination: String) throws -> AuditChain.Head? {
        if let postgres { throw Self.notOnPostgres("backup", postgres.url.text) }
        if FileManager.default.fileExists(atPath: destination) { throw StoreError.alreadyExists(path: destination) }
        FileSharing.removeTemporaries(of: destination)
        let temporary = Self.temporaryName(for: destination)
        close(try fileSharing.create(temporary))
        do {
            let head: AuditChain.Head?
            do {
                let copy = try DatabaseQueue(path: temporary)
                defer { try? copy.close() }
                // The source is only read: what fails here (a full disk) is the copy's.
                try StoreError.translating(destination, busyTimeout: busyTimeout) { try writer.backup(to: copy) }
                // One self-contained file: out of write-ahead logging, so that reading it (a
                // restore) leaves no -wal and -shm beside it. A restore turns it back on.
                try StoreError.translating(destination, busyTimeout: busyTimeout) {
                    try copy.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
                }
                head = try copy.read { db in
                    try Self.checkIntegrity(db, path: destination)
                    return try AuditChain.head(SQLConnection(db))
                }
            }
            // link, not rename: it refuses to replace a file that appeared meanwhile.
            guard link(temporary, destination) == 0 else {
                if errno == EEXIST { throw StoreError.alreadyExists(path: destination) }
                throw StoreError.invalid("cannot put the backup at \(destination): \(String(cString: strerror(errno)))")
            }
            Self.removeFiles(at: temporary)
            FileSharing.syncFolder(of: destination)
            return head
        } catch {
            Self.removeFiles(at: temporary)
            throw error
        }
    }

    /// `.NAME.backup-<random>.tmp` beside `path`.
    static func temporaryName(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).backup-\(UUID().uuidString).tmp"
        ).path
    }

    public struct Restored: Sendable, Equatable {
        /// The head of the restored trail.
        public var head: AuditChain.Head?
        /// Where the database that was replaced was kept, and its trail's head.
        public var kept: String?
        public var replacedHead: AuditChain.Head?
        /// What was wrong with the database replaced, when it was damaged and its files were moved aside as they were.
        public var damaged: String?
    }

    /// Why `backup` cannot copy this database: nil on SQLite.
    public var backupRefusal: String? { postgres.map { "\(Self.notOnPostgres("backup", $0.url.text))" } }

    /// `backup` and `restore` are SQLite's: a PostgreSQL desk is copied and brought back by the
    /// engine's own tools, which do it better than Casebench could.
    static func notOnPostgres(_ command: String, _ url: String) -> StoreError {
        .invalid(
            "\(url) is a PostgreSQL database, and `\(command)` works on SQLite files: use PostgreSQL's own tools — "
                + "pg_dump and pg_restore for a copy, or pg_basebackup with WAL archiving for point-in-time recovery")
    }

    /// Puts a backup in the place of the database at `path`. The backup must be a whole
    /// Casebench database whose audit trail holds, and `account` an admin in it and in the
    /// database it replaces. A database already there is replaced only when `replacing`,
    /// and is first kept beside it (`PATH.before-restore-TIME`: a copy, or, when it is damaged,
    /// its files as they were). The head file then starts again from the backup's head, and
    /// the restore is the restored trail's next entry, naming the head it replaced (or the
    /// damage), so the cut is on record rather than hidden.
    public static func restore(
        from backup: String, to path: String, replacing: Bool, account: String,
        at now: Timestamp
    ) throws -> (AppDatabase, Restored) {
        if PostgresURL.names(path) { throw notOnPostgres("restore", path) }
        guard FileManager.default.fileExists(atPath: backup) else { throw StoreError.missing(path: backup) }
        var probeConfig = Configuration()
        probeConfig.readonly = true
        let source = try StoreError.translating(backup, busyTimeout: 5) { () throws -> DatabaseQueue in
            let source = try connect(backup, probeConfig)
            try source.read { db in
                try checkIsCasebench(db, path: backup)
                try checkIntegrity(db, path: backup)
                if let problem = try AuditChain.verify(SQLConnection(db), known: []).problem {
                    throw StoreError.invalid("\(backup) was not restored: its audit trail does not hold (\(problem))")
                }
                try checkAdmin(account, StoreTransaction(db), in: backup)
            }
            return source
        }
        defer { try? source.close() }
        let head = try source.read { try AuditChain.head(SQLConnection($0)) }
        // Every file of the restore is made beside the database: in the shared deployment's
        // folder, with the program's group — and only by an admin of the database replaced.
        if !GroupPrivilege.withGroup(for: path, { FileManager.default.fileExists(atPath: path) }) {
            try GroupPrivilege.refuseNewDatabase(at: path)
        }
        return try GroupPrivilege.withGroup(for: path) {
            try restore(source, head: head, from: backup, to: path, replacing: replacing, account: account, at: now)
        }
    }

    private static func restore(
        _ source: DatabaseQueue, head: AuditChain.Head?, from backup: String, to path: String, replacing: Bool,
        account: String, at now: Timestamp
    ) throws -> (AppDatabase, Restored) {
        var restored = Restored(head: head)
        if FileManager.default.fileExists(atPath: path) {
            guard replacing else {
                throw StoreError.invalid(
                    "\(path) exists: --replace puts the backup in its place (the database as it is now is kept beside it)"
                )
            }
            let kept = path + ".before-restore-" + now.description.replacingOccurrences(of: ":", with: "")
            restored.kept = kept
            if let current = try keepCurrent(path, in: kept, account: account, &restored) {
                try StoreError.translating(path, busyTimeout: current.busyTimeout) {
                    try source.backup(to: current.writer)
                }
            } else {
                try moveAside(path, to: kept)
            }
        }
        if !FileManager.default.fileExists(atPath: path) {
            // Shared as the database it replaces was, else as the backup is.
            close(try (restored.kept.flatMap(FileSharing.of) ?? FileSharing.of(backup) ?? .ownerOnly).create(path))
            let target = try connect(path, Configuration())
            try source.backup(to: target)
            try target.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
            try target.close()
        }
        // The restored head is signed with the key of the database replaced, or a new one.
        if case .missing = AuditKey.load(for: path) {
            try AuditKey.make(for: path, sharing: FileSharing.of(path) ?? .ownerOnly)
        }
        if let head {
            AuditHeadFile.advance(to: head, for: path, force: true)
        } else {
            // A backup taken before any entry: the head file of the trail it replaced names nothing in it.
            try? FileManager.default.removeItem(atPath: AuditHeadFile.path(for: path))
        }
        let db = try AppDatabase.open(at: path)
        let was =
            restored.damaged.map {
                "; the database there was damaged (\($0)), its files kept as they were in \(restored.kept!)"
            }
            ?? restored.replacedHead.map { "; the trail was at \($0), kept in \(restored.kept!)" } ?? ""
        let message = "restored from \(backup) (its head: \(head.map(\.description) ?? "none"))\(was)"
        try db.perform(
            CommandRecord(
                actor: Actor(account: account), at: now, text: "restore \(backup)", label: "restore",
                undoable: false, message: message)
        ) { tx in if try !isSigned(tx.db) { try tx.markAuditSigned() } }
        return (db, restored)
    }

    /// The database at `path`, checked for `account` and copied into `kept`, or nil when it is
    /// damaged: it cannot be opened (a broken header, an unfinished load) or its pages do not
    /// copy whole. A damaged database cannot be asked who its admins are, nor copied: its files
    /// are moved aside as they are instead (`moveAside`), for whoever looks into what happened,
    /// and the backup's admin alone decides. Any other refusal (locked, no access, not a
    /// Casebench database, not an admin) stands.
    private static func keepCurrent(_ path: String, in kept: String, account: String, _ restored: inout Restored) throws
        -> AppDatabase?
    {
        let current: AppDatabase
        do { current = try AppDatabase.open(at: path) } catch StoreError.damaged(_, let detail) {
            restored.damaged = detail
            return nil
        } catch StoreError.unfinished(_, let what, _) {
            restored.damaged = "`\(what)` did not finish"
            return nil
        }
        do {
            try current.read { try checkAdmin(account, $0, in: path) }
            try current.refuseWritesIfReadOnly()
            restored.replacedHead = try current.backup(to: kept)
            return current
        } catch StoreError.damaged(_, let detail) {
            // Closed before its files move: a connection left open would later delete, by
            // name, the write-ahead log of the database restored in its place.
            try current.writer.close()
            restored.damaged = detail
            return nil
        }
    }

    /// Moves the database's files (with its write-ahead log) to `kept`, byte for byte as they are.
    private static func moveAside(_ path: String, to kept: String) throws {
        if FileManager.default.fileExists(atPath: kept) { throw StoreError.alreadyExists(path: kept) }
        for suffix in fileSuffixes where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.moveItem(atPath: path + suffix, toPath: kept + suffix)
        }
    }

    private static func checkIntegrity(_ db: Database, path: String) throws {
        let result = try String.fetchAll(db, sql: "PRAGMA quick_check")
        guard result == ["ok"] else {
            throw StoreError.damaged(path: path, detail: result.prefix(3).joined(separator: "; "))
        }
    }

    private static func checkAdmin(_ account: String, _ tx: StoreTransaction, in path: String) throws {
        guard let user = try tx.user(account) else {
            throw StoreError.invalid("\(account) is not a user of \(path); only its admins restore")
        }
        // Restoring needs the backup permission (admins), but the refusal names what was asked.
        if Authorization.check(user, .backup) != nil {
            throw StoreError.invalid(
                "\(account) is \(Authorization.article(user.role)) \(user.role.rawValue) in \(path) "
                    + "and may not restore it; only its admins restore")
        }
    }
}
