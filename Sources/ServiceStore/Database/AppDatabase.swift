import Foundation
internal import GRDB
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

/// The Casebench database: its one writer, migrations, and every write as one
/// transaction that also writes its audit entry and undo history.
public final class AppDatabase: Sendable {
    /// Where the data is: a SQLite file (or memory), or a PostgreSQL database.
    enum Engine: Sendable {
        case sqlite(DatabaseQueue)
        case postgres(PostgresDesk)
    }

    let engine: Engine

    /// The SQLite connection, for work that is SQLite's own (migrations, backup, bulk loads, its
    /// write transactions); on PostgreSQL, a refusal naming the database. Internal, not private:
    /// store tests tamper with rows behind the commands' back through it.
    var writer: DatabaseQueue {
        get throws {
            switch engine {
            case .sqlite(let queue): return queue
            case .postgres(let desk):
                throw StoreError.invalid(
                    "\(desk.url) is a PostgreSQL desk: this is SQLite's own work (a bulk load, a backup), which does not run there"
                )
            }
        }
    }

    /// The PostgreSQL database, when the desk is on one.
    var postgres: PostgresDesk? {
        if case .postgres(let desk) = engine { return desk }
        return nil
    }
    public let path: String?
    /// How long a write waits for another process's lock before it gives up, in seconds.
    let busyTimeout: Double
    /// How a command's write waits its turn among other processes' writes.
    let busyWait: BusyWait
    /// The captured tables' columns and keys, read once: the schema cannot change while open.
    let tables: [String: ChangeCapture.TableInfo]
    /// Why nothing can be recorded in this database (a read-only medium, the file's or its
    /// folder's mode), when it was opened for reading only; nil when it takes writes.
    public let readOnlyReason: String?
    /// The audit head file beside the database, kept open once written; nil in memory.
    let headFile: AuditHeadFile?

    /// How the files written for this database are shared: as the database file is (looked at
    /// with the program's group in the shared deployment, whose folder only it can enter).
    public var fileSharing: FileSharing {
        path.flatMap { path in GroupPrivilege.withGroup(for: path) { FileSharing.of(path) } } ?? .ownerOnly
    }

    /// Brings the schema up to date, then sets up change capture on the one connection. A
    /// database opened for reading only (`readOnly` says why) cannot be upgraded: it must be current.
    /// `toUpgrade`: how the person gets the upgrade, when they asked for reading only.
    private init(
        _ writer: DatabaseQueue, path: String?, busyTimeout: Double = 5, readOnly: String? = nil,
        toUpgrade: String? = nil
    ) throws {
        self.engine = .sqlite(writer)
        self.path = path
        self.busyTimeout = busyTimeout
        self.busyWait = BusyWait(timeout: busyTimeout)
        self.readOnlyReason = readOnly
        let headFile = path.map(AuditHeadFile.init(database:))
        self.headFile = headFile
        if let readOnly {
            // Refused rather than shown as it is: every read is written for the current schema
            // (its columns, tables and indexes), so an older one would fail at some read or other,
            // or be read wrongly, long after the open seemed to work.
            guard try writer.read({ try Schema.migrator.hasCompletedMigrations($0) }) else {
                throw StoreError.readOnly(
                    path: path ?? "the database",
                    detail: "\(readOnly), and it needs a schema upgrade first, which is a write"
                        + (toUpgrade.map { ": \($0)" } ?? ""))
            }
            tables = [:]
            return
        }
        tables = try StoreError.translating(path, busyTimeout: busyTimeout) {
            let chained = try writer.read { try Schema.migrator.appliedIdentifiers($0) }.contains(Schema.auditChain)
            try Schema.migrator.migrate(writer)
            // A trail chained just now (a database from before v5) gets the head file it never had,
            // so `audit verify` can tell a cut-off end from here on.
            if !chained, let headFile, let head = try writer.read({ try AuditChain.head(SQLConnection($0)) }) {
                headFile.advance(to: head)
            }
            return try writer.writeWithoutTransaction { try ChangeCapture.install($0) }
        }
    }

    /// A desk on PostgreSQL (`PostgresDesk`); read only when the person asked (`readOnly`).
    private init(postgres desk: PostgresDesk, readOnly: String?) throws {
        engine = .postgres(desk)
        path = desk.url.text
        busyTimeout = 5
        busyWait = BusyWait(timeout: 5)
        readOnlyReason = readOnly
        headFile = nil
        tables = readOnly == nil ? try desk.prepareWrites() : [:]
    }

    /// WAL is set once, at creation: it is persistent in the file, and setting it again on
    /// every open would make GRDB write to the file (a dummy table it needs only for pools),
    /// so merely opening a database — say, to refuse it — would change it.
    private static func configuration(creating: Bool, busyTimeout: Double = 5) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        if creating { config.journalMode = .wal }
        // Another workbench may hold the write lock for a moment: wait rather than fail (a
        // command's write waits its turn with `BusyWait` instead).
        config.busyMode = .timeout(busyTimeout)
        // A commit is on the disk before it is reported: FULL, as `Benchmarks/contention.sh`'s
        // floor commits, whatever the SQLite library defaults to (a build may default WAL to
        // NORMAL, where a power cut can lose the last commits).
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return config
    }

    /// Creates a new database file; refuses to touch an existing one.
    /// Its files are the owner's only unless `sharing` names a group (see `FileSharing`), and its
    /// audit head is signed with a key made with it. A setgid program makes none in the shared
    /// deployment's folder (`GroupPrivilege.refuseNewDatabase`).
    /// On PostgreSQL the audit head is signed with the key in `auditKeyFile` (made there if
    /// there is none), and left unsigned when none is named.
    public static func create(
        at path: String, kind: DatabaseKind, creator: User, at now: Timestamp,
        businessDate: CivilDate? = nil, sharing: FileSharing = .ownerOnly, auditKeyFile: String? = nil
    ) throws -> AppDatabase {
        if PostgresURL.names(path) {
            return try createPostgres(
                try PostgresURL(path), kind: kind, creator: creator, at: now, businessDate: businessDate,
                auditKeyFile: auditKeyFile)
        }
        try GroupPrivilege.refuseNewDatabase(at: path)
        return try GroupPrivilege.withGroup(for: path) {
            if FileManager.default.fileExists(atPath: path) { throw StoreError.alreadyExists(path: path) }
            try sharing.prepareFolder((path as NSString).deletingLastPathComponent)
            // A head file left by a database once at this path belongs to another trail.
            try? FileManager.default.removeItem(atPath: AuditHeadFile.path(for: path))
            // Made empty with its mode and group first: SQLite gives its -wal and -shm files the same.
            close(try sharing.create(path))
            let queue: DatabaseQueue
            do {
                queue = try connect(path, configuration(creating: true))
                // GRDB's WAL setup, which runs after `prepareDatabase`, sets synchronous to
                // NORMAL: the creating process's own commits would not be synced at commit.
                try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            } catch {
                unlink(path)
                throw error
            }
            do {
                try AuditKey.make(for: path, sharing: sharing)
                let db = try AppDatabase(queue, path: path)
                try db.initialize(kind: kind, creator: creator, at: now, businessDate: businessDate)
                return db
            } catch {
                try? queue.close()
                removeFiles(at: path)
                throw error
            }
        }
    }

    /// Opens a connection to the database file at `path` and runs its first read, both with the
    /// program's group in the shared deployment (`GroupPrivilege`): SQLite opens the -wal and
    /// -shm files at the first read, not at open, and keeps them open. Temporary tables and
    /// sorts stay in memory, so no file is opened later, when the group is gone, nor where
    /// `TMPDIR` says.
    /// `location`: what SQLite opens, when not the path itself (`readingLocation`'s URI).
    static func connect(_ path: String, _ configuration: Configuration, at location: String? = nil) throws
        -> DatabaseQueue
    {
        _ = SQLiteLibrary.settled
        var configuration = configuration
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try CaseTextMatch.install(db)
        }
        return try GroupPrivilege.withGroup(for: path) {
            let queue = try DatabaseQueue(path: location ?? path, configuration: configuration)
            try queue.inDatabase { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        }
    }

    /// What a database's files are called beside it, the file itself first: its write-ahead
    /// log and shared-memory index come and go with it, and a rollback journal beside a file
    /// out of WAL (a backup being made).
    static let fileSuffixes = ["", "-wal", "-shm", "-journal"]

    /// Removes a database made only part of the way — its files, its audit head file, key and
    /// export lock — as far as they exist.
    public static func removeFiles(at path: String) {
        let beside = [AuditHeadFile.path(for: path), AuditKey.path(for: path), exportLockPath(for: path)]
        for file in fileSuffixes.map({ path + $0 }) + beside {
            try? FileManager.default.removeItem(atPath: file)
        }
    }

    /// Opens an existing Casebench database, upgrading its schema; refuses anything else. A
    /// database this process may read but not write is opened for reading only: looking,
    /// reports and checks work, and each write is refused with the reason (`readOnlyReason`).
    /// `readOnly`: open it so though it could be written, when the person asked to only look.
    /// `auditKeyFile`: on PostgreSQL, the key this host signs the audit head with
    /// (`PostgresAuditHead`); SQLite's key is beside its file.
    public static func open(
        at path: String, busyTimeout: Double = 5, readOnly request: ReadOnlyRequest? = nil,
        auditKeyFile: String? = nil
    ) throws -> AppDatabase {
        if PostgresURL.names(path) {
            return try AppDatabase(
                postgres: PostgresDesk(PostgresURL(path), auditKeyFile: auditKeyFile), readOnly: request?.reason)
        }
        let (probe, unwritable) = try Self.probe(path, busyTimeout: busyTimeout)
        // What was asked for is what the person knows of; the file's own reason would hold too.
        let readOnly = request?.reason ?? unwritable
        return try StoreError.translating(path, busyTimeout: busyTimeout) {
            // Read-only: the probe, which can only read, is the connection.
            if let readOnly {
                return try AppDatabase(
                    probe, path: path, busyTimeout: busyTimeout, readOnly: readOnly, toUpgrade: request?.toUpgrade)
            }
            try probe.close()
            return try AppDatabase(
                try connect(path, configuration(creating: false, busyTimeout: busyTimeout)),
                path: path, busyTimeout: busyTimeout)
        }
    }

    /// A read-only connection to the Casebench database at `path`, checked to be one, and why
    /// this process could not write it (nil when it can). Nothing here writes: `open` looks
    /// through it before upgrading, and `DatabaseInspection` looks through it alone.
    /// `leavingNoFiles`: read a database no process has open (no `-wal` beside it) as
    /// immutable, so the look leaves no `-wal` and `-shm` of its own behind — a read-only
    /// connection makes them and cannot remove them at close. Only for a look that ends at
    /// once (`DatabaseInspection`): a writer starting meanwhile is not seen.
    static func probe(_ path: String, busyTimeout: Double, leavingNoFiles: Bool = false) throws -> (
        connection: DatabaseQueue, readOnly: String?
    ) {
        // A folder closed to this account hides the file: say so, rather than "no database".
        // In the shared deployment's folder the program looks with its group.
        let readOnly = try GroupPrivilege.withGroup(for: path) {
            if let problem = FileSharing.problem(opening: path) { throw problem }
            guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missing(path: path) }
            return FileSharing.whyReadOnly(path)
        }
        return try StoreError.translating(path, busyTimeout: busyTimeout) {
            // Look before touching: the WAL configuration would convert a stranger's file on
            // open, so the checks run on a read-only connection, which changes nothing.
            var probeConfig = Configuration()
            probeConfig.readonly = true
            probeConfig.foreignKeysEnabled = true
            // A reader can meet another process's checkpoint or WAL recovery: wait for it as
            // the writer does, or a busy desk loses sessions at open (2 of 8 racing processes did).
            probeConfig.busyMode = .timeout(busyTimeout)
            let location =
                leavingNoFiles && !FileManager.default.fileExists(atPath: path + "-wal")
                ? immutable(path) : try readingLocation(path)
            let probe = try connect(path, probeConfig, at: location)
            do { try probe.read { try checkIsCasebench($0, path: path) } } catch {
                try? probe.close()
                throw error
            }
            return (probe, readOnly)
        }
    }

    /// Where a read-only connection reads `path`. On a medium mounted read-only SQLite cannot
    /// make the shared-memory index a WAL database is read through, and no process can write
    /// there: the file is opened as immutable, unless its write-ahead log holds transactions a
    /// crash left unmerged, which only a writable mount lets SQLite take in.
    static func readingLocation(_ path: String) throws -> String {
        guard FileSystem.isReadOnly(path) else { return path }
        var st = stat()
        if stat(path + "-wal", &st) == 0, st.st_size > 0, access(path + "-shm", R_OK) != 0 {
            throw StoreError.noAccess(
                path: path,
                detail: """
                    it was not closed cleanly: its -wal file holds transactions not yet merged, and the file system at \
                    \(FileSystem.mountPoint(of: FileSystem.folder(of: path))) is mounted read-only; mount it writable \
                    once so SQLite can merge them
                    """)
        }
        return immutable(path)
    }

    /// The URI SQLite reads `path` by as a file nobody changes: no lock, no -shm, no -wal.
    static func immutable(_ path: String) -> String {
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        return "file:\(encoded)?immutable=1"
    }

    /// Refuses a write on a database opened for reading only, with the reason.
    func refuseWritesIfReadOnly() throws {
        if let readOnlyReason { throw StoreError.readOnly(path: path ?? "the database", detail: readOnlyReason) }
    }

    /// Refuses a SQLite file that is not a Casebench database, or one a newer Casebench wrote.
    static func checkIsCasebench(_ db: Database, path: String) throws {
        guard try Int32.fetchOne(db, sql: "PRAGMA application_id") == Schema.applicationID else {
            throw StoreError.notCasebench(path: path)
        }
        if !(try Schema.migrator.appliedIdentifiers(db)).isSubset(of: Set(Schema.migrator.migrations)) {
            throw StoreError.newerSchema(path: path)
        }
        if try db.tableExists("meta"),
            let what = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'unfinished'")
        {
            let kind = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'kind'").flatMap(
                DatabaseKind.init(rawValue:))
            throw StoreError.unfinished(path: path, what: what, kind: kind ?? .production)
        }
    }

    /// An in-memory database, for tests.
    public static func inMemory(
        kind: DatabaseKind = .training, creator: User, at now: Timestamp,
        businessDate: CivilDate? = nil
    ) throws -> AppDatabase {
        _ = SQLiteLibrary.settled
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in try CaseTextMatch.install(db) }
        let db = try AppDatabase(try DatabaseQueue(configuration: config), path: nil)
        try db.initialize(kind: kind, creator: creator, at: now, businessDate: businessDate)
        return db
    }

    private func initialize(kind: DatabaseKind, creator: User, at now: Timestamp, businessDate: CivilDate?) throws {
        // A database on disk is made with the key its audit head is signed with.
        try writer.write { db in
            try Self.initialize(
                StoreTransaction(db), kind: kind, creator: creator, at: now, businessDate: businessDate,
                signed: path != nil)
        }
    }

    /// A new database's first rows: what it is, who made it and when, and its creator.
    private static func initialize(
        _ tx: StoreTransaction, kind: DatabaseKind, creator: User, at now: Timestamp, businessDate: CivilDate?,
        signed: Bool
    ) throws {
        var meta: [String: String] = [
            "kind": kind.rawValue, "created_by": creator.account, "created_at": String(now.seconds), "change_seq": "0",
        ]
        if let businessDate { meta["business_date"] = businessDate.description }
        if signed { meta[AuditKey.metaKey] = "yes" }
        for (k, v) in meta.sorted(by: { $0.key < $1.key }) {
            try tx.db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [k, v])
        }
        try tx.insertUser(creator)
    }

    /// `create` on PostgreSQL: the baseline schema and the capture triggers in an empty
    /// database (refused into one with tables), and the first rows, in one transaction.
    private static func createPostgres(
        _ url: PostgresURL, kind: DatabaseKind, creator: User, at now: Timestamp, businessDate: CivilDate?,
        auditKeyFile: String?
    ) throws -> AppDatabase {
        let key = try auditKeyFile.map(AuditKey.loadOrMake(file:))
        try PostgresConnection(url).transaction { tx in
            try PostgresBaseline.createSchema(in: tx, named: url.text)
            try PostgresDesk.installWriteSupport(in: tx)
            try initialize(
                StoreTransaction(tx), kind: kind, creator: creator, at: now, businessDate: businessDate,
                signed: key != nil)
        }
        return try open(at: url.text, auditKeyFile: auditKeyFile)
    }

    // MARK: - Reads

    /// Runs `body` in a transaction that only reads: it ends in ROLLBACK, so nothing it could
    /// write is kept, and a body that wrote is refused. Not GRDB's `read`, which on a
    /// `DatabaseQueue` switches `PRAGMA query_only` on and off around the body: SQLite expires
    /// every prepared statement at each switch, so each read compiled again every statement
    /// it ran — about a hundred for a PgDn at a million cases, and 17% of the workbench's CPU
    /// in GRDB's authorizer compiling them.
    public func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        if let postgres { return try postgres.read(body) }
        return try StoreError.translating(path, busyTimeout: busyTimeout) {
            try writer.inDatabase { db in
                var result: T?
                try db.inTransaction(.deferred) {
                    let before = db.totalChangesCount
                    result = try body(StoreTransaction(db))
                    guard db.totalChangesCount == before else {
                        throw StoreError.invalid("a read wrote to the database; what it wrote was undone")
                    }
                    return .rollback
                }
                guard let result else { throw StoreError.invalid("a read ended without its result") }
                return result
            }
        }
    }

    public func info() throws -> DatabaseInfo { try read { try $0.databaseInfo() } }

    /// One transaction of bulk work that is not a user's command — a load of cases
    /// (`loadingCases`) — on a connection of its own without change capture, so a million
    /// rows do not become one audit entry (the caller audits the whole run with `perform`),
    /// and without foreign keys enforced row by row: the load checks every reference once, at
    /// its end, before it is finished. An in-memory database has no second connection: there
    /// the captured changes are dropped instead.
    func bulkWrite<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try refuseWritesIfReadOnly()
        guard let path else {
            return try writer.write { db in
                let tx = StoreTransaction(db)
                let result = try body(tx)
                try ChangeCapture.reset(tx.db)
                return result
            }
        }
        return try StoreError.translating(path, busyTimeout: busyTimeout) {
            var config = Self.configuration(creating: false, busyTimeout: busyTimeout)
            config.foreignKeysEnabled = false
            // A large load touches index pages all over: keep more of them than SQLite's 2 MiB.
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -131072") }
            let queue = try Self.connect(path, config)
            defer { try? queue.close() }
            return try queue.write { try body(StoreTransaction($0)) }
        }
    }
}
