import Foundation
internal import GRDB
import Synchronization

/// A Casebench database on PostgreSQL, as `AppDatabase` opens one: its one connection, used by
/// one caller at a time as SQLite's `DatabaseQueue` is.
///
/// The store's reads and writes run here unchanged (`SQLConnection`): each read in a
/// transaction that is READ ONLY on the server and ends in ROLLBACK, REPEATABLE READ so the
/// reads of one command see one moment; each write (`write`) one at a time on the database.
final class PostgresDesk: @unchecked Sendable {
    let url: PostgresURL
    private let lock = NSLock()
    private let connection: PostgresConnection
    /// The server process of the desk's connection: what its commits' notices carry.
    var serverProcess: Int32 { lock.withLock { connection.serverProcess } }

    /// Whether this connection has made its `captured_change` table.
    private var captureReady = false

    /// The file of the key this host signs the audit head with (its configuration's
    /// `audit-key`); nil when it names none.
    let auditKeyFile: String?
    /// Behind its own lock: the audit check reads it inside a transaction, under `lock`.
    private let keyState: Mutex<AuditKey.State>

    /// Connects, and checks the database is a Casebench one at the schema this program reads.
    /// The key is read now, while the program still has its group in the shared deployment.
    init(_ url: PostgresURL, auditKeyFile: String?) throws {
        self.url = url
        self.auditKeyFile = auditKeyFile
        keyState = Mutex(
            auditKeyFile.map { file in GroupPrivilege.withGroup { AuditKey.load(file: file) } } ?? .missing)
        connection = try PostgresConnection(url)
        // No just-in-time compiling: it pays only for queries that run for seconds, and a
        // search's costs — the token function's, which the planner is told (`PostgresSearchIndex`)
        // — passed its threshold, so a keystroke's statements were compiled each time: 100 ms
        // for a count that runs in 30. The reports took as long either way. Sent with `check`'s.
        try connection.executeLater("SET jit = off")
        try check()
    }

    /// Tells `body` of the statements of each round trip the desk's connection makes from now on.
    func observeRoundTrips(_ body: @escaping ([String]) -> Void) {
        lock.withLock { connection.onRoundTrip = body }
    }

    /// This host's key, as read at the open or made since.
    var auditKey: AuditKey.State { keyState.withLock { $0 } }

    /// This host's key, made in `auditKeyFile` if there is none yet (the host that makes or
    /// moves a desk, or reheads one); nil when the configuration names no file.
    func makeAuditKeyIfMissing() throws -> AuditKey? {
        guard let file = auditKeyFile else { return nil }
        return try keyState.withLock { state in
            let key = try AuditKey.loadOrMake(file: file)
            state = .key(key)
            return key
        }
    }

    /// The captured tables' columns and keys; first the capture triggers, on a desk an earlier
    /// release moved here without them.
    func prepareWrites() throws -> [String: ChangeCapture.TableInfo] {
        try lock.withLock {
            let installed = try Self.writeSupportInstalled(connection)
            if !installed.writes {
                try connection.transaction { try Self.installWriteSupport(in: $0) }
                try learnSearchTokens()
            } else if !installed.searchIndexes {
                // A desk moved or made by an earlier release, or whose server lacked pg_trgm then
                try connection.transaction { try PostgresSearchIndex.install(in: $0) }
                try learnSearchTokens()
            }
            return try PostgresCapture.tables(connection)
        }
    }

    /// Makes what writes need beside the baseline schema — the change capture and id counter
    /// triggers, the versions' sequence, the audit head's table — and the search's indexes,
    /// in the transaction `tx` holds, over any already there. A desk made or moved builds its
    /// search indexes here, after its rows are in, which is quicker than keeping them up row
    /// by row.
    static func installWriteSupport(in tx: PostgresConnection) throws {
        try PostgresCapture.install(in: tx)
        try PostgresCounters.install(in: tx)
        try tx.execute(PostgresAuditHead.schema)
        try PostgresSearchIndex.install(in: tx)
    }

    /// Whether the database has everything writes need (a desk moved by an earlier release has
    /// none of it, or no audit head table), and the search's indexes; in one question, asked
    /// at every writing session's start.
    private static func writeSupportInstalled(_ connection: PostgresConnection) throws
        -> (writes: Bool, searchIndexes: Bool)
    {
        let found = try connection.execute(
            """
            SELECT count(*) AS n, to_regclass('audit_head') IS NOT NULL AS head,
              to_regclass('\(PostgresCounters.changeSequence)') IS NOT NULL AS versions,
              \(PostgresSearchIndex.present) AS search
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE c.relnamespace = current_schema()::regnamespace
              AND (t.tgname LIKE 'capture\\_%' OR t.tgname LIKE 'last\\_id\\_%')
            """)
        let writes =
            found.integer(0, "n") == Int64(Schema.capturedTables.count + PostgresCounters.tables.count)
            && found.text(0, "head") == "t" && found.text(0, "versions") == "t"
        return (writes, found.text(0, "search") == "t")
    }

    /// Whether the search may read the token indexes: a desk made by an earlier release has no
    /// token function until its first writing session makes it, and its search reads without.
    private func learnSearchTokens() throws {
        connection.hasSearchTokens =
            try connection.execute("SELECT \(Self.searchTokensFound) AS found").text(0, "found") == "t"
    }

    private static let searchTokensFound =
        "to_regprocedure('\(PostgresSearchIndex.tokensFunctionName)(text)') IS NOT NULL"

    private func check() throws {
        let tables = try connection.execute(
            "SELECT count(*) AS n, \(Self.searchTokensFound) AS tokens FROM information_schema.tables "
                + "WHERE table_schema = current_schema() AND table_name IN ('schema_migration', 'meta')")
        connection.hasSearchTokens = tables.text(0, "tokens") == "t"
        guard tables.integer(0, "n") == 2 else {
            throw StoreError.invalid(
                "\(url) holds no Casebench database: make one with `casebench init --db \(url)`, "
                    + "or move a desk into it with `casebench migrate --to \(url)`")
        }
        let applied = Set(
            try connection.execute("SELECT identifier FROM schema_migration").values.compactMap { $0[0] })
        let known = Set(Schema.migrator.migrations)
        guard applied.isSubset(of: known) else { throw StoreError.newerSchema(path: url.text) }
        guard known.subtracting(applied).isSubset(of: Schema.sqliteOnly) else {
            throw StoreError.invalid(
                "\(url) is at an older schema than this Casebench reads, and upgrading one on PostgreSQL is not built yet"
            )
        }
        let unfinished = try connection.execute("SELECT value FROM meta WHERE key = 'unfinished'")
        if let what = unfinished.text(0, "value") {
            let kind = try connection.execute("SELECT value FROM meta WHERE key = 'kind'").text(0, "value")
            throw StoreError.unfinished(
                path: url.text, what: what, kind: kind.flatMap(DatabaseKind.init(rawValue:)) ?? .production)
        }
    }

    /// Runs `body` as one write transaction. A write of the whole desk (`WriteScope.desk`) is
    /// one writer at a time on the database: a transaction-scoped advisory lock, taken first,
    /// stands for SQLite's write lock, so every guarantee the store built on one writer — a
    /// reservation never oversells, two closings never both spend one lifetime cap, the audit
    /// trail stays one chain — holds here as it is. A write scoped to a case takes the same
    /// lock shared, and its case's lock: writes on other cases run beside it, waiting only for
    /// what they both touch (`WriteLock`), while a write of the whole desk waits for them all.
    /// Readers are never blocked. A deadlock the server breaks is retried (`transaction`).
    /// Other workbenches hear of the commit (`NOTIFY`, `changeChannel`), with this
    /// connection's process as payload so its own workbench can tell.
    func write<T>(_ scope: WriteScope = .desk, _ body: (SQLConnection) throws -> T) throws -> T {
        try lock.withLock {
            if !captureReady {
                try connection.execute(PostgresCapture.table)
                captureReady = true
            }
            return try connection.transaction(.readCommitted) { tx in
                let db = SQLConnection(tx)
                // The locks and the notice go with the write's first statement (`executeLater`).
                if let (sql, arguments) = Self.scopeLock(scope) {
                    try tx.executeLater(sql, arguments, reused: true)
                    db.sharedLocks = []
                } else {
                    try tx.executeLater("SELECT pg_advisory_xact_lock($1)", [.integer(Self.writerLock)], reused: true)
                }
                // Sent at the commit, and only then; asked for now, before the trail's end is held.
                try tx.notifyLater(Self.changeChannel, payload: String(tx.serverProcess))
                return try body(db)
            }
        }
    }

    /// The statement that begins a write scoped to a case: the writers' lock shared, and the
    /// case's own (its id hashed, as its reservation's, visit's or line's row names it;
    /// `WriteLock`'s hash, so `hold(.ofCase)` meets it); for a closing, its asset owner's cover
    /// first; nil for a write of the whole desk. Each lock is taken in the order written.
    private static func scopeLock(_ scope: WriteScope) -> (String, [PostgresValue])? {
        let shared = "SELECT pg_advisory_xact_lock_shared($1)"
        func caseLock(_ id: String) -> String {
            ", pg_advisory_xact_lock(\(WriteLock.caseKind), hashtext((\(id))::text))"
        }
        /// The case of the row of `table` whose id is `id`, which never moves to another case.
        func caseOf(_ table: String, _ id: Int64) -> (String, [PostgresValue]) {
            (shared + caseLock("SELECT case_id FROM \(table) WHERE id = $2"), [.integer(writerLock), .integer(id)])
        }
        switch scope {
        case .desk: return nil
        case .newCase: return (shared, [.integer(writerLock)])
        case .ofCase(let id): return (shared + caseLock("$2::bigint"), [.integer(writerLock), .integer(id.rawValue)])
        case .ofReservation(let id): return caseOf("reservation", id.rawValue)
        case .ofVisit(let id): return caseOf("visit", id.rawValue)
        case .ofLine(let id): return caseOf("case_line", id.rawValue)
        case .closing(let id):
            let owner = """
                coalesce((SELECT a.customer_id FROM service_case c JOIN asset a ON a.serial = c.serial
                          WHERE c.id = $2), '')
                """
            return (
                shared + ", pg_advisory_xact_lock(\(WriteLock.coverKind), hashtext(\(owner)))" + caseLock("$2::bigint"),
                [.integer(writerLock), .integer(id.rawValue)]
            )
        }
    }

    /// The advisory lock every write takes: "casebench" in ASCII, so no other program's
    /// advisory locks on the same database meet it by chance.
    static let writerLock: Int64 = 0x63_61_73_65_62_65_6e_63

    /// Where commits are announced.
    static let changeChannel = "casebench_changes"

    /// Runs `body` holding the desk's export lock (`AppDatabase.exportingAlone`): a session
    /// advisory lock, taken and let go outside any transaction, which the server lets go too
    /// if this process ends first.
    func exportingAlone<T>(_ body: () throws -> T) throws -> T {
        try lock.withLock { _ = try connection.execute("SELECT pg_advisory_lock($1)", [.integer(Self.exportLock)]) }
        defer {
            lock.withLock { _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [.integer(Self.exportLock)]) }
        }
        return try body()
    }

    /// The export lock: the writer lock's key, one more.
    static let exportLock = writerLock + 1

    /// Runs `body` in a read-only transaction that ends in ROLLBACK.
    func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try lock.withLock {
            // Sent with the read's first statement.
            try connection.executeLater("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let result = try body(StoreTransaction(connection))
                try connection.execute("ROLLBACK")
                return result
            } catch let error as PostgresError where error.sqlState == "25006" {
                connection.rollback()
                throw StoreError.invalid("a read wrote to the database; what it wrote was undone")
            } catch {
                connection.rollback()
                throw error
            }
        }
    }
}
