/// Change capture on PostgreSQL, as SQLite's TEMP triggers do it (`ChangeCapture`): each
/// insert, update and delete on a captured table writes the row's before and after images,
/// as JSON of its stored columns, into the session's own `captured_change` table — which only
/// a Casebench writing connection makes, so a `psql` session or a copy writes nothing there.
/// One trigger function serves every table; its arguments name the generated columns, which
/// SQLite's images leave out (they are derived, and undo cannot write them).
enum PostgresCapture {
    static let function = """
        CREATE OR REPLACE FUNCTION casebench_capture() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          before jsonb;
          after jsonb;
          generated text;
        BEGIN
          IF to_regclass('pg_temp.captured_change') IS NULL THEN RETURN NULL; END IF;
          IF TG_OP <> 'INSERT' THEN before := to_jsonb(OLD); END IF;
          IF TG_OP <> 'DELETE' THEN after := to_jsonb(NEW); END IF;
          IF TG_NARGS > 0 THEN
            FOREACH generated IN ARRAY TG_ARGV LOOP
              before := before - generated;
              after := after - generated;
            END LOOP;
          END IF;
          INSERT INTO pg_temp.captured_change (tbl, old, new) VALUES (TG_TABLE_NAME, before::text, after::text);
          RETURN NULL;
        END $$;
        """

    /// The session's table of captured changes; made once by each connection that writes.
    static let table = """
        CREATE TEMP TABLE IF NOT EXISTS captured_change (
          seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tbl text NOT NULL, old text, new text)
        """

    /// Makes the function and a trigger on each captured table, in the transaction `tx` holds;
    /// again over what is there (`OR REPLACE`), so a desk moved by an earlier release gets them.
    static func install(in tx: PostgresConnection) throws {
        try tx.executeScript(function)
        for table in Schema.capturedTables {
            let generated = try generatedColumns(of: table, tx)
            let arguments = generated.map { "'\($0)'" }.joined(separator: ", ")
            try tx.execute(
                """
                CREATE OR REPLACE TRIGGER capture_\(table) AFTER INSERT OR UPDATE OR DELETE ON \(table)
                FOR EACH ROW EXECUTE FUNCTION casebench_capture(\(arguments))
                """)
        }
    }

    /// `table`'s generated columns, in order.
    private static func generatedColumns(of table: String, _ connection: PostgresConnection) throws -> [String] {
        try connection.execute(
            """
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'ALWAYS'
            ORDER BY ordinal_position
            """, [.text(table)]
        ).values.compactMap { $0[0] }
    }

    /// The captured tables' stored columns, in order, and their keys, as the database has them:
    /// one query of the catalogue, which every writing session makes at its start (asked of
    /// `information_schema` table by table, it took 38 queries, and two hundred sessions
    /// starting at once kept the server busy for most of a minute).
    static func tables(_ connection: PostgresConnection) throws -> [String: ChangeCapture.TableInfo] {
        let rows = try connection.execute(
            """
            SELECT c.relname AS tbl, a.attname AS col, array_position(i.indkey::int2[], a.attnum) AS key
            FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname = ANY ($1::text[])
            ORDER BY c.relname, a.attnum
            """, [.text("{" + Schema.capturedTables.joined(separator: ",") + "}")])
        var columns: [String: [String]] = [:]
        var keys: [String: [(Int64, String)]] = [:]
        for row in 0..<rows.count {
            guard let table = rows.text(row, "tbl"), let column = rows.text(row, "col") else { continue }
            columns[table, default: []].append(column)
            if let position = rows.integer(row, "key") { keys[table, default: []].append((position, column)) }
        }
        var infos: [String: ChangeCapture.TableInfo] = [:]
        for (table, names) in columns {
            let key = (keys[table] ?? []).sorted { $0.0 < $1.0 }.map(\.1)
            infos[table] = ChangeCapture.TableInfo(columns: names, primaryKey: key)
        }
        return infos
    }
}
