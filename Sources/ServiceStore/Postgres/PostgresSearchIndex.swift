import ServiceCore

/// The indexes the queue's search reads on PostgreSQL: trigram indexes (the `pg_trgm`
/// extension, which ships with PostgreSQL) over the subject, the serial and the customer's name
/// as the search reads them — diacritics taken off (`QueueQuery.withoutDiacritics(column:)`).
/// A trigram index answers the search's regular expressions themselves, so the index only
/// narrows the rows and the expression still decides: the cases found are the same with the
/// index or without it, and SQLite's.
///
/// Without the extension (a server without it, or a role that may not create it) the search
/// reads every case, as it did before the indexes: slower at a large desk, never different.
enum PostgresSearchIndex {
    /// Each index: its name, its table, the column it reads, and the rows it holds when not all.
    /// The open cases have their own, as on SQLite (v16): every view but "all" lists only them,
    /// and the index of every case gave such a view's search all its matches to drop the closed
    /// ones — nine thousand rechecked for a third of a second to keep three hundred.
    static let indexes: [(name: String, table: String, column: String, rows: String?)] = [
        ("case_search_subject", "service_case", "subject", nil),
        ("case_search_serial", "service_case", "serial", nil),
        ("case_search_customer", "customer", "name", nil),
        ("case_search_open_subject", "service_case", "subject", openCases),
        ("case_search_open_serial", "service_case", "serial", openCases),
    ]

    /// The open cases, as the partial indexes hold them and a search of them names them.
    static let openCases = "status NOT IN ('closed','cancelled')"

    /// Makes the extension if there is none and the indexes if they are missing, in the
    /// transaction `tx` holds; false when the extension cannot be had, which leaves the
    /// transaction as it was. Two desks made at once in one database (the tests' schemas) take
    /// turns at the extension, which is the database's, not a schema's.
    @discardableResult
    static func install(in tx: PostgresConnection) throws -> Bool {
        try tx.execute("SELECT pg_advisory_xact_lock(hashtext('casebench pg_trgm'))")
        try tx.execute("SAVEPOINT search_index")
        do {
            var found = try schema(tx)
            if found == nil {
                let available = try tx.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
                guard available.count > 0 else {
                    try tx.execute("RELEASE SAVEPOINT search_index")
                    return false
                }
                try tx.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
                found = try schema(tx)
            }
            guard let schema = found else { throw PostgresError(sqlState: nil, message: "no pg_trgm") }
            for (name, table, column, rows) in indexes {
                try tx.execute(
                    """
                    CREATE INDEX IF NOT EXISTS \(name) ON \(table)
                    USING gin ((\(QueueQuery.withoutDiacritics(column: column))) "\(schema)".gin_trgm_ops)
                    \(rows.map { "WHERE \($0)" } ?? "")
                    """)
            }
            try tx.execute("RELEASE SAVEPOINT search_index")
            return true
        } catch {
            // No right to create the extension or the indexes: the search reads every case.
            try tx.execute("ROLLBACK TO SAVEPOINT search_index")
            return false
        }
    }

    /// An SQL expression, true when the indexes are all there.
    static let present = indexes.map { "to_regclass('\($0.name)') IS NOT NULL" }.joined(separator: " AND ")

    /// The schema the extension is in, if it is in the database.
    private static func schema(_ tx: PostgresConnection) throws -> String? {
        try tx.execute(
            """
            SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'pg_trgm'
            """
        ).text(0, "schema")
    }
}
