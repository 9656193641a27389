import ServiceCore

/// The indexes the queue's search reads on PostgreSQL, over the subject, the serial and the
/// customer's name as the search reads them — diacritics taken off
/// (`QueueQuery.withoutDiacritics(column:)`) — of two kinds, beside a plain one of the open
/// cases by customer (`Kind.plain`):
///
/// - **Token indexes** (`tokens(of:)`): each text's runs of ASCII letters and digits, as
///   the lexemes of a full-text index, which finds a word's prefix in one seek. A search word
///   of ASCII letters and digits reads them (`QueueQuery.postgresTokenQueries`).
/// - **Trigram indexes** (the `pg_trgm` extension, which ships with PostgreSQL): they answer
///   the search's regular expressions themselves, whatever the script, but a common trigram
///   ("111") is a long list to intersect and recheck: typing "111139" took up to 131 ms a
///   keystroke at a million cases that way, and at most 25 ms with the token indexes. A word
///   with other letters reads them.
///
/// Either only narrows the rows: the search's regular expression still decides, so the cases
/// found are the same with the indexes or without them, and SQLite's. Without the extension (a
/// server without it, or a role that may not create it) such a word reads every case.
enum PostgresSearchIndex {
    enum Kind {
        case tokens, trigrams
        /// A plain index of the column, not the text: the open cases by customer, which a
        /// search of a view of open cases reads for the cases of the customers whose name
        /// matches ("111" names 1,111 customers of a million cases, whose 10,000 cases' rows
        /// were read to keep their 233 open ones).
        case plain
    }

    /// Each index: its name, its kind, its table, the column (or text of columns) it reads, and
    /// the rows it holds when not all. The open cases have their own, as on SQLite (v16): every
    /// view but "all" lists only them, and the index of every case gave such a view's search all
    /// its matches to drop the closed ones — nine thousand rechecked for a third of a second to
    /// keep three hundred.
    static let indexes: [(name: String, kind: Kind, table: String, column: String, rows: String?)] = [
        ("case_search_subject", .trigrams, "service_case", "subject", nil),
        ("case_search_serial", .trigrams, "service_case", "serial", nil),
        ("case_search_customer", .trigrams, "customer", "name", nil),
        ("case_search_open_subject", .trigrams, "service_case", "subject", openCases),
        ("case_search_open_serial", .trigrams, "service_case", "serial", openCases),
        ("case_search_tokens_case", .tokens, "service_case", caseText, nil),
        ("case_search_tokens_customer", .tokens, "customer", "name", nil),
        ("case_search_tokens_open_case", .tokens, "service_case", caseText, openCases),
        ("case_search_open_customer", .plain, "service_case", "customer_id", openCases),
    ]

    /// A case's text for its token indexes: subject and serial in one, the space between them
    /// a token's end. A case written is one call of the token function for each index that
    /// holds it, not one for each column (two indexes for each column made `use` and `visit`,
    /// which write their case, some 6 ms slower at the p99 of two hundred agents). The search's
    /// expressions still tell the columns apart.
    static let caseText = "subject || ' ' || serial"

    /// The open cases, as the partial indexes hold them and a search of them names them.
    static let openCases = "status NOT IN ('closed','cancelled')"

    /// The longest run of letters and digits a token index keeps whole; a longer one keeps its
    /// start (a lexeme has at most 2,047 bytes, and a subject may be 4,000 characters of one).
    static let tokenLength = 200

    /// The tokens of `text`, a column or an expression of columns, as a token index holds them
    /// (`tokensFunction`).
    static func tokens(of text: String) -> String { "\(tokensFunctionName)(\(text))" }

    static let tokensFunctionName = "case_search_tokens"

    /// A text's tokens: the text without diacritics, cut at every character that is not an
    /// ASCII letter or digit, each run in lower case, at most `tokenLength` long. Cutting at
    /// every other character — where SQLite's tokenizer keeps "ß" or "山" inside a word — only
    /// makes more, shorter tokens, so a word the search's expression finds always has its ASCII
    /// tokens here (`QueueQuery.postgresTokenQueries`). Case is folded by `translate`, which
    /// does not depend on the database's locale as `lower` does (Turkish "I").
    ///
    /// A function of its own, in PL/pgSQL so that the planner keeps it whole, with the cost of
    /// what it does: written out, its regular expressions cost the planner next to nothing, and
    /// it chose to work them out for each of the 30,000 open cases of a million (450 ms) over
    /// reading two indexes (1 ms). Its body may never change under this name: the indexes hold
    /// what it returned.
    static let tokensFunction: String = {
        let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        let folded = QueueQuery.withoutDiacritics(column: "text")
        let capped = "regexp_replace(\(folded), '([A-Za-z0-9]{\(tokenLength)})[A-Za-z0-9]+', '\\1', 'g')"
        let runs = "regexp_split_to_array(translate(\(capped), '\(upper)', '\(upper.lowercased())'), '[^a-z0-9]+')"
        return """
            CREATE OR REPLACE FUNCTION \(tokensFunctionName)(text text) RETURNS tsvector
            LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000
            AS $$ BEGIN RETURN array_to_tsvector(array_remove(\(runs), '')); END $$
            """
    }()

    /// Makes the token indexes, and the trigram extension and indexes if it can, where missing,
    /// in the transaction `tx` holds; false when the extension cannot be had, which leaves the
    /// trigram indexes out. Two sessions making them at once take turns, as do two desks made at
    /// once in one database (the tests' schemas) at the extension, which is the database's.
    @discardableResult
    static func install(in tx: PostgresConnection) throws -> Bool {
        try tx.execute("SELECT pg_advisory_xact_lock(hashtext('casebench pg_trgm'))")
        try tx.execute("SAVEPOINT token_index")
        do {
            try tx.execute(tokensFunction)
            for index in indexes where index.kind == .tokens {
                try create(index, using: "gin ((\(tokens(of: index.column))))", in: tx)
            }
            for index in indexes where index.kind == .plain {
                try create(index, using: "btree (\(index.column))", in: tx)
            }
            try tx.execute("RELEASE SAVEPOINT token_index")
        } catch {
            // No right to create indexes: every word reads every case (or the trigram indexes).
            try tx.execute("ROLLBACK TO SAVEPOINT token_index")
        }
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
            for index in indexes where index.kind == .trigrams {
                let folded = QueueQuery.withoutDiacritics(column: index.column)
                try create(index, using: "gin ((\(folded)) \"\(schema)\".gin_trgm_ops)", in: tx)
            }
            try tx.execute("RELEASE SAVEPOINT search_index")
            return true
        } catch {
            // No right to create the extension or the indexes: such words read every case.
            try tx.execute("ROLLBACK TO SAVEPOINT search_index")
            return false
        }
    }

    private static func create(
        _ index: (name: String, kind: Kind, table: String, column: String, rows: String?), using key: String,
        in tx: PostgresConnection
    ) throws {
        try tx.execute(
            """
            CREATE INDEX IF NOT EXISTS \(index.name) ON \(index.table) USING \(key)
            \(index.rows.map { "WHERE \($0)" } ?? "")
            """)
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
