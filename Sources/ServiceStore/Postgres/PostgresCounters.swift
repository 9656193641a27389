/// SQLite's AUTOINCREMENT on PostgreSQL: each table whose ids the store hands out before it
/// writes (`StoreTransaction.nextID`) keeps the highest id it ever held in `meta`
/// (`last_id:TABLE`), moved on by a trigger as each row is inserted — in the inserting
/// transaction, so a command that fails takes it back, as SQLite's `sqlite_sequence`. A
/// sequence would not: it moves on outside transactions, and a refused command would leave a
/// gap in the case numbers. The identity sequence is kept at least as far on, so a row
/// inserted by its default (from `psql`) never takes an id that was used.
enum PostgresCounters {
    /// The tables, each with an `id` the store chooses or shows.
    static let tables = [
        "service_case", "visit", "case_line", "billing_outcome", "override_request", "reservation", "export_batch",
        "audit_entry",
    ]

    static let function = """
        CREATE OR REPLACE FUNCTION casebench_last_id() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO meta (key, value) VALUES ('last_id:' || TG_TABLE_NAME, NEW.id::text)
          ON CONFLICT (key) DO UPDATE SET value = greatest(CAST(meta.value AS bigint), NEW.id)::text;
          PERFORM setval(pg_get_serial_sequence(TG_TABLE_NAME, 'id'), NEW.id)
          WHERE NEW.id > coalesce((SELECT last_value FROM pg_sequences
                 WHERE format('%I.%I', schemaname, sequencename) = pg_get_serial_sequence(TG_TABLE_NAME, 'id')), 0);
          RETURN NULL;
        END $$;
        """

    static func install(in tx: PostgresConnection) throws {
        try tx.executeScript(function)
        for table in tables {
            try tx.execute(
                """
                CREATE OR REPLACE TRIGGER last_id_\(table) AFTER INSERT ON \(table)
                FOR EACH ROW EXECUTE FUNCTION casebench_last_id()
                """)
        }
    }

    /// The id `nextID` gives `table`'s next row, read only: past the highest it ever held
    /// (until it has a counter, as far as its sequence went: a desk moved from SQLite).
    static func nextIDSQL(_ table: String) -> String {
        """
        SELECT greatest(
          coalesce((SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'last_id:\(table)'),
                   (SELECT last_value FROM pg_sequences
                    WHERE format('%I.%I', schemaname, sequencename) = pg_get_serial_sequence('\(table)', 'id')), 0),
          coalesce((SELECT max(id) FROM \(table)), 0)) + 1
        """
    }
}
