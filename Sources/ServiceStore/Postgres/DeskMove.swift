import Crypto
import Foundation
internal import GRDB

/// One table of a desk moved to PostgreSQL: its rows and checksum as read from SQLite, and as
/// read back from PostgreSQL in the same transaction that wrote them.
public struct MovedTable: Sendable, Equatable {
    public let table: String
    public let sourceRows: Int
    public let targetRows: Int
    /// SHA-256 of the table's rows in key order, each as its `CopyText` line.
    public let sourceChecksum: String
    public let targetChecksum: String

    public var matches: Bool { sourceRows == targetRows && sourceChecksum == targetChecksum }
}

/// What `move(to:)` copied and proved.
public struct DeskMoveReport: Sendable {
    public let tables: [MovedTable]
    /// The audit trail as walked on PostgreSQL: its entries, and its head, SQLite's.
    public let auditEntries: Int
    public let auditHead: AuditChain.Head?
}

extension AppDatabase {
    /// Refuses, before any work, a move into the database `url` names when it is not empty, as
    /// `move(to:)` itself would once the work is done.
    public static func refuseNonEmpty(_ url: PostgresURL) throws {
        try PostgresBaseline.refuseTables(in: PostgresConnection(url), named: url.text)
    }

    /// Copies this SQLite database, every row of every table, into the empty PostgreSQL database
    /// `url` names, once `verify` holds on it: the baseline schema, the rows by `COPY`, identity counters past the highest id
    /// SQLite ever gave, then each table read back and compared — count and checksum — with
    /// what was read, all in one PostgreSQL transaction, so that a copy that fails or does not
    /// compare leaves the target as empty as it was. The SQLite side is read in one read
    /// transaction: a desk still at work is copied as of one moment. Audit hashes are rows like
    /// any other, so the chain arrives unchanged — and is walked again on PostgreSQL, as `audit
    /// verify` walks it, to the head SQLite has.
    ///
    /// The moved desk keeps its audit head in the database, signed with the key in
    /// `auditKeyFile` (made there if this host has none), or unsigned when none is named.
    public func move(to url: PostgresURL, auditKeyFile: String? = nil, progress: ProgressSink? = nil) throws
        -> DeskMoveReport
    {
        let target = try PostgresConnection(url)
        let key = try auditKeyFile.map(AuditKey.loadOrMake(file:))
        return try read { source in
            // A desk whose ledger, stock and reservations disagree is not moved: `verify` must
            // hold here first, and the checksums then show the copy holds the same rows.
            guard let sqlite = source.db.sqlite else { throw StoreError.invalid("a desk moves from SQLite") }
            let problems = try source.stockProblems(progress: progress)
            guard problems.isEmpty else {
                throw StoreError.invalid(
                    "`verify` fails on this database, which was not copied: " + problems.joined(separator: "; "))
            }
            return try target.transaction { tx in
                try PostgresBaseline.createSchema(in: tx, named: url.text)
                var moved: [MovedTable] = []
                for table in PostgresBaseline.tables where table != "schema_migration" {
                    let shape = try TableShape(table, in: sqlite)
                    let (rows, checksum) = try shape.copy(from: sqlite, into: tx, progress: progress)
                    let (targetRows, targetChecksum) = try shape.checksum(of: tx)
                    moved.append(
                        MovedTable(
                            table: table, sourceRows: rows, targetRows: targetRows, sourceChecksum: checksum,
                            targetChecksum: targetChecksum))
                }
                try Self.advanceIdentities(from: sqlite, in: tx)
                // The triggers writes need, once the rows are in: on during the copy, they would
                // have run for each copied row and written to `meta` after it was compared.
                try PostgresDesk.installWriteSupport(in: tx)
                if let differing = moved.first(where: { !$0.matches }) {
                    throw StoreError.invalid(
                        "\(differing.table) did not arrive whole (\(differing.sourceRows) rows read, "
                            + "\(differing.targetRows) written, checksums \(differing.sourceChecksum.prefix(12)) and "
                            + "\(differing.targetChecksum.prefix(12))): nothing was kept in \(url)")
                }
                let head = try AuditChain.head(source.db)
                let trail = try Self.verifyTrail(in: tx, reaching: head, progress: progress)
                if let problem = trail.problem {
                    throw StoreError.invalid(
                        "the audit trail did not arrive whole (\(problem)): nothing was kept in \(url)")
                }
                // Signed or not as this host can sign: a SQLite desk's own key stays beside its file.
                let copied = StoreTransaction(tx)
                if key != nil { try copied.markAuditSigned() } else { try copied.markAuditUnsigned() }
                try PostgresAuditHead.advance(copied.db, key: key)
                // The planner's statistics, which a bulk load leaves none of: without them the
                // desk's first hours plan on guesses until autovacuum comes by. Only its own
                // tables: the database may hold other schemas.
                try tx.execute("ANALYZE " + PostgresBaseline.tables.joined(separator: ", "))
                return DeskMoveReport(tables: moved, auditEntries: trail.entries, auditHead: trail.head)
            }
        }
    }

    /// The copied trail walked as `audit verify` walks SQLite's: every entry follows the one
    /// before and matches its hash, up to SQLite's head.
    private static func verifyTrail(
        in tx: PostgresConnection, reaching head: AuditChain.Head?, progress: ProgressSink?
    ) throws -> AuditChain.Verdict {
        var walk = AuditChain.Walk(
            known: head.map {
                [AuditChain.KnownHead(source: "the SQLite trail's head", entry: $0.entry, hash: $0.hash)]
            }
                ?? [])
        progress?.begin("checking the audit trail on PostgreSQL", total: nil)
        defer { progress?.end() }
        var broken: AuditChain.Verdict?
        try tx.forEachRow(
            """
            SELECT prev_hash, id, at, account, acting_as, kind, command, case_id, message, changes, hash
            FROM audit_entry ORDER BY id
            """
        ) { row in
            guard broken == nil else { return }
            let fields = AuditChain.Fields(
                prev: row[0] ?? "", id: Int64(row[1] ?? "") ?? 0, at: Int64(row[2] ?? "") ?? 0, account: row[3] ?? "",
                actingAs: row[4], kind: row[5] ?? "", command: row[6] ?? "", caseID: row[7].flatMap { Int64($0) },
                message: row[8] ?? "", changes: row[9] ?? "")
            broken = walk.visit(fields, stored: row[10] ?? "")
        }
        return broken ?? walk.verdict()
    }

    /// Each identity counter set past the highest id SQLite ever gave in its table — a row
    /// deleted or undone since included (`sqlite_sequence`) — so an id is never given twice.
    private static func advanceIdentities(from db: Database, in tx: PostgresConnection) throws {
        let used = Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, seq FROM sqlite_sequence").map {
                ($0["name"] as String, $0["seq"] as Int64)
            })
        let identities = try tx.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'
            """)
        for row in 0..<identities.count {
            let table = identities.text(row, "table_name")!
            let column = identities.text(row, "column_name")!
            let highest = try Int64.fetchOne(db, sql: "SELECT max(\(column)) FROM \(table)") ?? 0
            let next = max(highest, used[table] ?? 0)
            guard next > 0 else { continue }
            try tx.execute(
                "SELECT setval(pg_get_serial_sequence($1, $2), $3::bigint)",
                [.text(table), .text(column), .integer(next)])
        }
    }
}

/// A table's stored columns (not generated ones) and its key, as SQLite declares them.
private struct TableShape {
    let table: String
    let columns: [(name: String, isText: Bool)]
    let key: [String]

    init(_ table: String, in db: Database) throws {
        self.table = table
        var columns: [(String, Bool)] = []
        var key: [(Int, String)] = []
        for row in try Row.fetchAll(db, sql: "PRAGMA table_xinfo(\(table))") where (row["hidden"] as Int) < 2 {
            let name: String = row["name"]
            columns.append((name, (row["type"] as String).uppercased().hasPrefix("TEXT")))
            let position: Int = row["pk"]
            if position > 0 { key.append((position, name)) }
        }
        guard !columns.isEmpty else { throw StoreError.invalid("the SQLite database has no table \(table)") }
        self.columns = columns
        self.key = key.sorted { $0.0 < $1.0 }.map(\.1)
    }

    private var columnList: String { columns.map(\.name).joined(separator: ", ") }

    /// Copies the rows in key order; how many, and their checksum.
    func copy(from db: Database, into tx: PostgresConnection, progress: ProgressSink?) throws -> (Int, String) {
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
        progress?.begin("copying \(table)", total: total)
        defer { progress?.end() }
        var hash = SHA256()
        var count = 0
        try tx.copyIn("COPY \(table) (\(columnList)) FROM STDIN") { send in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(columnList) FROM \(table) ORDER BY \(key.joined(separator: ", "))")
            while let row = try rows.next() {
                count += 1
                let line = CopyText.line(try values(of: row, number: count))
                hash.update(data: Data((line + "\n").utf8))
                try send(line)
                if count % 10_000 == 0 { progress?.advance(to: count) }
            }
        }
        progress?.advance(to: count)
        return (count, AuditChain.hex(hash.finalize()))
    }

    /// The rows as PostgreSQL holds them, in the same order: text keys compared byte by byte
    /// (`COLLATE "C"`), as SQLite's BINARY does, whatever the database's own collation.
    func checksum(of tx: PostgresConnection) throws -> (Int, String) {
        let order = key.map { name in
            columns.first { $0.name == name }?.isText == true ? "\(name) COLLATE \"C\"" : name
        }
        var hash = SHA256()
        var count = 0
        try tx.forEachRow("SELECT \(columnList) FROM \(table) ORDER BY \(order.joined(separator: ", "))") { row in
            count += 1
            hash.update(data: Data((CopyText.line(row) + "\n").utf8))
        }
        return (count, AuditChain.hex(hash.finalize()))
    }

    /// A row's values as PostgreSQL's text reads them; a value PostgreSQL cannot hold is named.
    private func values(of row: Row, number: Int) throws -> [String?] {
        try zip(columns, row.databaseValues).map { column, value in
            switch value.storage {
            case .null: return nil
            case .int64(let number): return String(number)
            case .double(let number): return String(number)
            case .string(let text):
                guard !text.utf8.contains(0) else {
                    throw StoreError.invalid(
                        "\(table) row \(number), \(column.name): the text holds a NUL byte, which PostgreSQL cannot hold"
                    )
                }
                return text
            case .blob:
                throw StoreError.invalid(
                    "\(table) row \(number), \(column.name): holds bytes where Casebench keeps \(column.isText ? "text" : "numbers")"
                )
            }
        }
    }

}
