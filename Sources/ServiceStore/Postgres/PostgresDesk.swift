import Foundation
internal import GRDB

/// A Casebench database on PostgreSQL, as `AppDatabase` opens one: its one connection, used by
/// one caller at a time as SQLite's `DatabaseQueue` is.
///
/// So far it is read: the store's reads run here unchanged (`SQLConnection`), each in a
/// transaction that is READ ONLY on the server and ends in ROLLBACK, REPEATABLE READ so the
/// reads of one command see one moment. Recording on it comes with the rest of issue 21:
/// `AppDatabase` opens it with a `readOnlyReason`, so every write is refused before it runs,
/// as on a SQLite file opened `--read-only`.
final class PostgresDesk: @unchecked Sendable {
    let url: PostgresURL
    private let lock = NSLock()
    private let connection: PostgresConnection

    /// Connects, and checks the database is a Casebench one at the schema this program reads.
    init(_ url: PostgresURL) throws {
        self.url = url
        connection = try PostgresConnection(url)
        try check()
    }

    private func check() throws {
        let tables = try connection.execute(
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() "
                + "AND table_name IN ('schema_migration', 'meta')")
        guard tables.integer(0, "n") == 2 else {
            throw StoreError.invalid(
                "\(url) holds no Casebench database: a desk is moved into one with `casebench migrate --to \(url)`")
        }
        let applied = Set(
            try connection.execute("SELECT identifier FROM schema_migration").values.compactMap { $0[0] })
        let known = Schema.migrator.migrations
        guard applied.isSubset(of: Set(known)) else { throw StoreError.newerSchema(path: url.text) }
        guard applied == Set(known) else {
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

    /// Runs `body` in a read-only transaction that ends in ROLLBACK.
    func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try lock.withLock {
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let result = try body(StoreTransaction(connection))
                try connection.execute("ROLLBACK")
                return result
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}
