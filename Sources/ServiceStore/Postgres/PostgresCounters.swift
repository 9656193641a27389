/// SQLite's AUTOINCREMENT on PostgreSQL, for the numbers the ERP counts: the outbox's batches.
/// Such a table keeps the highest id it ever held in `meta` (`last_id:TABLE`), moved on by a
/// trigger as each row is inserted — in the inserting transaction, so a command that fails
/// takes it back, as SQLite's `sqlite_sequence`. A sequence would not: it moves on outside
/// transactions. The price is a wait: the next write that counts on the table waits until the
/// one before commits (`WriteLock.ids`). The identity sequence is kept at least as far on, so
/// a row inserted by its default (from `psql`) never takes an id that was used.
///
/// Case numbers come from their identity sequence: an open reads and checks everything before
/// it takes its number, so a refused open takes none, and no open waits for another's to
/// commit. Only a write cut off after its number — the program killed, the connection lost, the
/// disk full at the commit — leaves one unused, as undoing an open leaves its number unused on
/// both engines. (Counted in `meta`, every open waited for the one before to commit: under the
/// desk of two hundred, opens queued behind the slowest for hundreds of milliseconds.)
///
/// The store's other ids that it hands out before writing — visits, lines, outcomes,
/// reservations, override requests — come from their tables' identity sequences too: never one
/// used before, and no write waits for another's, at the price of a number skipped after a
/// refused command, which no one counts on. So do the audit trail's entries, taken under the
/// trail's end, so in the order entries commit: the chain goes by hash, and a counter's row,
/// written by every write, would grow a dead version for each while waiting writers' snapshots
/// keep them, and every write would read through them with the trail's end held.
enum PostgresCounters {
    /// The tables whose ids are counted with no gap.
    static let tables = ["export_batch"]

    /// The tables whose ids come from their identity sequences (`nextID`).
    static let sequenced = [
        "service_case", "visit", "case_line", "billing_outcome", "override_request", "reservation", "audit_entry",
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

    /// Where a case's versions come from (`StoreTransaction.nextChangeSequence`). A version
    /// need only never have been used before, so unlike the ids it may skip: a sequence, which
    /// moves on without waiting for other writes to commit, where `meta`'s `change_seq` row
    /// (SQLite's counter, and a moved desk's starting point) would hold each write up until the
    /// one before it had committed.
    static let changeSequence = "casebench_change_seq"

    /// The next version, as SQL an update can write in place of a value (`touchCase`).
    static let nextChange = "nextval('\(changeSequence)')"

    static let nextChangeSQL = "SELECT \(nextChange)"

    static func install(in tx: PostgresConnection) throws {
        try tx.execute("CREATE SEQUENCE IF NOT EXISTS \(changeSequence) AS bigint MINVALUE 0")
        // Past every version given before: by `meta` (a desk moved from SQLite, or written by
        // an earlier release) or by the sequence itself (installed again).
        try tx.execute(
            """
            SELECT setval('\(changeSequence)', greatest(
              (SELECT last_value FROM \(changeSequence)),
              coalesce((SELECT CAST(value AS bigint) FROM meta WHERE key = 'change_seq'), 0)))
            """)
        try tx.executeScript(function)
        for table in sequenced {
            // Counted, with a trigger and a row of `meta`, by an earlier release: its sequence
            // goes on past every id the counter or the table holds.
            try tx.execute("DROP TRIGGER IF EXISTS last_id_\(table) ON \(table)")
            try tx.execute(
                """
                SELECT setval(pg_get_serial_sequence('\(table)', 'id'), highest) FROM (SELECT greatest(
                  coalesce(pg_sequence_last_value(pg_get_serial_sequence('\(table)', 'id')::regclass), 0),
                  coalesce((SELECT CAST(value AS bigint) FROM meta WHERE key = 'last_id:\(table)'), 0),
                  coalesce((SELECT max(id) FROM \(table)), 0)) AS highest) AS used
                WHERE highest > 0
                """)
            try tx.execute("DELETE FROM meta WHERE key = 'last_id:\(table)'")
        }
        for table in tables {
            try tx.execute(
                """
                CREATE OR REPLACE TRIGGER last_id_\(table) AFTER INSERT ON \(table)
                FOR EACH ROW EXECUTE FUNCTION casebench_last_id()
                """)
        }
    }

    /// The id `nextID` gives `table`'s next row: of a counted table, read only, past the highest
    /// it ever held (until it has a counter, as far as its sequence went: a desk moved from
    /// SQLite); of another, its identity sequence's next.
    static func nextIDSQL(_ table: String) -> String {
        guard tables.contains(table) else { return "SELECT nextval(pg_get_serial_sequence('\(table)', 'id'))" }
        return """
            SELECT greatest(
              coalesce((SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'last_id:\(table)'),
                       (SELECT last_value FROM pg_sequences
                        WHERE format('%I.%I', schemaname, sequencename) = pg_get_serial_sequence('\(table)', 'id')), 0),
              coalesce((SELECT max(id) FROM \(table)), 0)) + 1
            """
    }
}
