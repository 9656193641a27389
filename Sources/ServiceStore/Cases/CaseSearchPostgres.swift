import Foundation
internal import GRDB
import ServiceCore

extension QueueQuery {
    /// The search as PostgreSQL reads it, the same cases as SQLite's search index finds
    /// (`searchExpression`): each word of the search is a phrase of its tokens — runs of
    /// letters and digits, as the index's unicode61 tokenizer cuts them — found in one column
    /// (subject, customer name, serial), each token at a token's start, the last one as a
    /// prefix. One regular expression a word, matched ignoring case, with diacritics taken
    /// off both the word and the text as the index's `remove_diacritics` does ("muller" finds
    /// "Müller"); nil when there is nothing to find.
    var postgresSearchPatterns: [String]? {
        let patterns = postgresSearchWords.map { "(^|[^[:alnum:]])" + $0.joined(separator: "[^[:alnum:]]+") }
        return patterns.isEmpty ? nil : patterns
    }

    /// Each word's query of the token indexes (`PostgresSearchIndex.tokens(of:)`), in the
    /// order of `postgresSearchPatterns`: its tokens of three characters or more, lower case —
    /// each but the last whole, the last as a prefix ("SN-66431-1" is `66431`); with
    /// `shortTokens`, a word without such a token asks for its last if it has two ("SN-66" is
    /// `66:*`; not "SN-1", whose "sn" is in every serial). Nil for a word they cannot narrow:
    /// one with a letter outside ASCII, which the token indexes cut where the expression does
    /// not, or with only shorter tokens (every lexeme starting "s" is most of an index). A
    /// token the expression finds ends where the index's does, since both end at a character
    /// that is not a letter or digit, so a whole token is a lexeme, not a prefix; one longer
    /// than `PostgresSearchIndex.tokenLength` is its start, as a prefix.
    func postgresTokenQueries(shortTokens: Bool) -> [String?] {
        postgresSearchWords.map { tokens in
            guard tokens.allSatisfy({ $0.allSatisfy(\.isASCII) }) else { return nil }
            var asked = tokens.indices.filter { tokens[$0].count >= 3 }
            if asked.isEmpty, shortTokens, tokens[tokens.count - 1].count == 2 { asked = [tokens.count - 1] }
            guard !asked.isEmpty else { return nil }
            let cap = PostgresSearchIndex.tokenLength
            return asked.map { i in
                let prefix = i == tokens.count - 1 || tokens[i].count > cap
                return tokens[i].prefix(cap).lowercased() + (prefix ? ":*" : "")
            }.joined(separator: " & ")
        }
    }

    /// Whether the search is one word of one token ("rattl", "50"; not "SN-66").
    var postgresSearchIsOneToken: Bool { postgresSearchWords.count == 1 && postgresSearchWords[0].count == 1 }

    /// Each word of the search as its tokens, diacritics taken off; words with none left out.
    private var postgresSearchWords: [[Substring]] {
        search.split(whereSeparator: { $0.isWhitespace }).map { word in
            Self.withoutDiacritics(String(word)).split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        }.filter { !$0.isEmpty }
    }

    /// How PostgreSQL can read the search, by its words alone: from its trigram indexes when
    /// every word has a token of three characters or more, which they can narrow; else — "s",
    /// "SN-1", the first keystrokes of any term — by walking the view's order and testing each
    /// case, stopping at a screenful: a trigram index cannot narrow a shorter token, and reading
    /// every case's text for it took 300–540 ms a keystroke at 50,000 cases. A term the indexes
    /// can read may still be walked when it is common (`StoreTransaction.postgresSearchPlan`).
    var postgresSearchPlan: SearchPlan {
        postgresSearchWords.allSatisfy { $0.contains { $0.count >= 3 } } ? .fromMatches : .walkTestingEach
    }

    /// The combining diacritical marks (U+0300–U+036F): what is left of "ü" beside its "u" once
    /// decomposed (NFD), and what both sides of the search drop.
    static let diacritics: ClosedRange<UInt32> = 0x300...0x36F

    /// `text` decomposed, its diacritical marks dropped: "Müller" is "Muller".
    static func withoutDiacritics(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(
            contentsOf: text.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
                !diacritics.contains($0.value)
            })
        return String(scalars)
    }

    /// `column`'s text as PostgreSQL searches it: decomposed, its diacritical marks dropped,
    /// as `withoutDiacritics` does to the words searched for.
    static func withoutDiacritics(column: String) -> String {
        "regexp_replace(normalize(\(column), NFD), '[\\u0300-\\u036f]', '', 'g')"
    }
}

extension StoreTransaction {
    /// How PostgreSQL reads the search. A term its indexes can narrow is still walked in the
    /// view's order when it is common: `searchProbeMatches` among the view's first
    /// `searchProbeRows` cases, which the walk would test first. Reading a common term's
    /// matches from the indexes means rechecking every one of them and sorting them all:
    /// "rattl", a tenth of a million cases, took 1.4 s a keystroke that way, where the walk
    /// finds a screenful in a few hundred cases. A rare term costs the probe its thousand
    /// tests (some 15 ms at a million cases) and is read from the indexes, unless the token
    /// indexes' hits settled it first.
    func postgresSearchPlan(_ q: QueueQuery, fewHits: Int = fewTokenHits) throws -> SearchPlan {
        try searchWithoutWorkers(q)
        let byWords = postgresPlanByWords(q)
        guard byWords == .fromMatches else { return byWords }
        // In a view of open cases, few hits in their token indexes make a term rare without the
        // probe's thousand tests, and many make a word of one token common: its hits are its
        // matches, give or take a letter outside ASCII beside them. (Not so for a phrase: "66"
        // has many hits where "SN-66" may have few matches.) Not in "all": an index of every
        // case has 100,000 hits for "rat", whose bitmap alone took 20 ms to make.
        if q.view.searchIndex == .openCases, let hits = try postgresTokenHits(q, atMost: fewHits) {
            if hits <= fewHits { return .fromMatches }
            if q.postgresSearchIsOneToken { return .walkTestingEach }
        }
        let found = try postgresMatchesAhead(q, rows: Self.searchProbeRows, atMost: Self.searchProbeMatches)
        return found >= Self.searchProbeMatches ? .walkTestingEach : .fromMatches
    }

    /// The view's cases a search's probe tests, and the matches among them that make its
    /// term common enough to walk: one case in two hundred. A screenful then takes some six
    /// thousand tests (about 20 ms at a million cases), where reading as many matches as that
    /// density gives — five thousand at a million — from the indexes took longer.
    static let searchProbeRows = 1_000
    static let searchProbeMatches = 5

    /// On PostgreSQL, the rest of the transaction planned without parallel workers when `q`
    /// searches (sent with its next statement). The token function's cost, which keeps the
    /// planner on the indexes, also made it start workers for a search's reads, and starting
    /// them took some 20 ms of a keystroke whose reads took 2. A report keeps its workers.
    func searchWithoutWorkers(_ q: QueueQuery) throws {
        guard db.isPostgres, q.searchExpression != nil else { return }
        try db.executeLater(sql: "SET LOCAL max_parallel_workers_per_gather = 0")
    }

    /// The token indexes' hits below which a term is read from the indexes without a probe:
    /// reading and sorting that many matches takes about as long as the probe's tests.
    static let fewTokenHits = 1_000

    /// How many cases the token indexes give the search's rarest word in the view's index,
    /// counting no further than `atMost` past it: the indexes' hits, which the search's
    /// expressions have not decided (a few more than it finds), counted without reading the
    /// cases' text. Nil when a word cannot be read from them.
    func postgresTokenHits(_ q: QueueQuery, atMost: Int = fewTokenHits) throws -> Int? {
        let queries = postgresTokenQueries(q)
        guard !queries.isEmpty, queries.allSatisfy({ $0 != nil }) else { return nil }
        var arguments: [DatabaseValueConvertible?] = []
        let counts = queries.map { tokens in
            let hits = postgresWordReads(q.view, pattern: nil, tokens: tokens, arguments: &arguments)
            return "(SELECT count(*) FROM (\(hits.joined(separator: " UNION ALL ")) LIMIT \(atMost + 1)) hits)"
        }
        let sql = "SELECT least(\(counts.joined(separator: ", ")))"
        return try Int.fetchOne(db.cachedStatement(sql: sql), arguments: SQLArguments(arguments))
    }

    /// How many of `rows` of the view's cases (`queueAhead`, the first in its order unless not
    /// `ordered`) the search finds, counting no further than `atMost`.
    func postgresMatchesAhead(_ q: QueueQuery, rows: Int, atMost: Int, ordered: Bool = true) throws -> Int {
        guard let patterns = q.postgresSearchPatterns else { return 0 }
        let (ahead, aheadArguments) = try queueAhead(q, rows: rows, ordered: ordered)
        let (test, testArguments) = Self.postgresSearchTest(
            patterns, number: q.searchNumber, id: "v.id", subject: "v.subject", serial: "v.serial",
            customerName: "v.customer_name")
        let sql = "SELECT count(*) FROM (SELECT 1 FROM (\(ahead)) v WHERE \(test) LIMIT ?) found"
        return try Int.fetchOne(
            db.cachedStatement(sql: sql), arguments: aheadArguments + SQLArguments(testArguments + [atMost])) ?? 0
    }

    /// `rows` of the view's cases, unsearched — their number, subject, serial and customer's
    /// name — the first in its order (what a walk tests first), or any (`ordered` false: an
    /// "at least" count needs no order, and the server then reads the first it finds instead
    /// of sorting the view, 100 ms for the 30,000 open cases of a million by due date). The
    /// number of rows is written into the statement and the name looked up case by case: the
    /// server's generic plan of the prepared statement, not knowing how many rows, joined every
    /// customer (70 ms instead of a few). A technician's visits are read as the queue reads them.
    func queueAhead(_ q: QueueQuery, rows: Int, ordered: Bool = true) throws -> (sql: String, arguments: SQLArguments) {
        var unsearched = q
        unsearched.search = ""
        guard q.view != .visits else { return try queueSQL(unsearched, page: .offset(0), limit: rows) }
        let (conditions, arguments) = try queueWhere(unsearched, search: nil)
        let state = q.view.readsCaseState ? " LEFT JOIN case_state s ON s.case_id = c.id" : ""
        let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return (
            """
            SELECT c.id, c.subject, c.serial, (SELECT name FROM customer WHERE id = c.customer_id) AS customer_name
            FROM service_case c\(state) \(whereSQL)
            \(ordered ? "ORDER BY " + q.orderTerms.joined(separator: ", ") : "") LIMIT \(rows)
            """,
            SQLArguments(arguments)
        )
    }

    /// The tally of a search PostgreSQL walks (short, or common): each case is tested where it
    /// stands, so counting is walking. On a desk of at most `fewMatches` cases every match is
    /// counted, as SQLite counts a term of few matches. On a larger one the count stops past
    /// `commonSearchCountCap`, as SQLite's does for a common term, and tests no more than
    /// `walkedCountRows` of the view's cases: fewer matches among those read as "at least"
    /// ("37+"), unless they were the whole view. Counting to `fewMatches` to tell few from many
    /// took 200–470 ms a keystroke at a million cases, and a rare short term walked them all.
    /// (`smallDesk` and `rows` are the tests' to make small.)
    func postgresWalkedTally(
        _ q: QueueQuery, cap: Int, search: SearchPlan, smallDesk: Int = fewMatches, rows: Int = walkedCountRows
    ) throws -> QueueTally {
        if try largestCaseNumber() <= smallDesk {
            let found = try queueCount(q, atMost: cap + 1, search: search)
            return QueueTally(count: min(found, cap), isAtLeast: found > cap)
        }
        let limit = min(cap, Self.commonSearchCountCap)
        let found = try postgresMatchesAhead(q, rows: rows, atMost: limit + 1, ordered: false)
        if found > limit { return QueueTally(count: limit, isAtLeast: true) }
        let (ahead, arguments) = try queueAhead(q, rows: rows, ordered: false)
        let tested = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM (\(ahead)) v"), arguments: arguments)
        return QueueTally(count: found, isAtLeast: (tested ?? 0) >= rows)
    }

    /// The cases a walked search's tally tests at most: about 12 ms of tests.
    static let walkedCountRows = 3_000

    /// A case's test for the search's words (`postgresSearchPatterns`), each found in the
    /// subject, serial or customer's name given, or the case numbered as typed; and its
    /// arguments.
    static func postgresSearchTest(
        _ patterns: [String], number: Int64, id: String, subject: String, serial: String, customerName: String
    ) -> (String, [DatabaseValueConvertible?]) {
        let fold = QueueQuery.withoutDiacritics(column:)
        let word = "(\(fold(subject)) ~* ? OR \(fold(serial)) ~* ? OR \(fold(customerName)) ~* ?)"
        let args: [DatabaseValueConvertible?] = [number] + patterns.flatMap { [$0, $0, $0] }
        return ("(\(id) = ? OR (\(patterns.map { _ in word }.joined(separator: " AND "))))", args)
    }

    /// The condition that keeps the cases the search finds on PostgreSQL, or the case its
    /// number names (`searchNumber`), and its arguments. Each word's cases are those whose
    /// subject or serial it matches, with those of the customers whose name it matches, read
    /// through the search's indexes (`postgresWordReads`); the search's cases are what every
    /// word finds.
    func postgresSearchCondition(_ q: QueueQuery, plan: SearchPlan) -> (String, [DatabaseValueConvertible?])? {
        guard q.searchExpression != nil else { return nil }
        // Words with no letter or digit: SQLite's index finds nothing for them, but the number.
        guard let patterns = q.postgresSearchPatterns else { return ("c.id = ?", [q.searchNumber]) }
        if plan != .fromMatches {
            // Each case tested where it stands in the view's order
            return Self.postgresSearchTest(
                patterns, number: q.searchNumber, id: "c.id", subject: "c.subject", serial: "c.serial",
                customerName: "(SELECT wc.name FROM customer wc WHERE wc.id = c.customer_id)")
        }
        var args: [DatabaseValueConvertible?] = []
        let words = zip(patterns, postgresTokenQueries(q)).map { pattern, tokens in
            postgresWordReads(q.view, pattern: pattern, tokens: tokens, arguments: &args).joined(separator: "\nUNION ")
        }
        let matches = words.indices.map { "SELECT id FROM (\(words[$0])) AS word\($0)" }.joined(
            separator: " INTERSECT ")
        args.append(q.searchNumber)
        return ("c.id IN (\(matches) UNION ALL SELECT ?)", args)
    }

    /// Each word's query of the token indexes (`QueueQuery.postgresTokenQueries`), or nils
    /// when the desk's schema has no token function yet. A view of open cases asks for a
    /// word's two-character token too: its indexes hold a thirtieth of a million cases, and
    /// their hits for "66" are a few hundred.
    func postgresTokenQueries(_ q: QueueQuery) -> [String?] {
        guard db.hasSearchTokens else { return (q.postgresSearchPatterns ?? []).map { _ in nil } }
        return q.postgresTokenQueries(shortTokens: q.view.searchIndex == .openCases)
    }

    /// How PostgreSQL can read the search, by its words alone (`QueueQuery.postgresSearchPlan`),
    /// or from the token indexes when they can narrow every word.
    func postgresPlanByWords(_ q: QueueQuery) -> SearchPlan {
        if q.postgresSearchPlan == .fromMatches { return .fromMatches }
        let tokenQueries = postgresTokenQueries(q)
        return !tokenQueries.isEmpty && tokenQueries.allSatisfy { $0 != nil } ? .fromMatches : .walkTestingEach
    }

    /// One word's cases as reads of subject and serial, and the cases of the customers whose
    /// name matches, each through its own index (`PostgresSearchIndex`), a view of open cases
    /// through the open cases' own; their arguments appended to `arguments`. With `tokens`, a
    /// case's subject and serial are read from its token index, then decided by `pattern` (nil:
    /// the token index alone, a count's estimate); else each column by `pattern` through its
    /// trigram index.
    func postgresWordReads(
        _ view: QueueQuery.View, pattern: String?, tokens: String?, arguments: inout [DatabaseValueConvertible?]
    ) -> [String] {
        let open = view.searchIndex == .openCases ? " AND \(PostgresSearchIndex.openCases)" : ""
        let fold = QueueQuery.withoutDiacritics(column:)
        /// The rows whose `text` (the token index's) has the tokens and whose `columns` match.
        func finds(_ text: String, _ columns: [String]) -> String {
            let indexed = "\(PostgresSearchIndex.tokens(of: text)) @@ ?::tsquery"
            arguments.append(tokens)
            guard let pattern else { return indexed }
            arguments += columns.map { _ in pattern }
            // Written so that the trigram index cannot answer it too: the planner would
            // intersect both, reading the trigrams' long lists this index is there to spare.
            let decided = columns.map { "(\(fold($0)) || '') ~* ?" }.joined(separator: " OR ")
            return "(\(indexed) AND (\(decided)))"
        }
        func matches(_ column: String) -> String {
            arguments.append(pattern)
            return "\(fold(column)) ~* ?"
        }
        // A read of its own for each index: read together, each row one index found had the
        // other's condition worked out again, the token function's included. Each customer's
        // cases are looked up by customer (LATERAL, kept apart by OFFSET 0): the planner, which
        // cannot tell how many names a prefix matches, otherwise read every case to join them
        // (50 ms for the open cases, 100 for all).
        let cases =
            tokens == nil
            ? [
                "SELECT id FROM service_case WHERE \(matches("subject"))\(open)",
                "SELECT id FROM service_case WHERE \(matches("serial"))\(open)",
            ]
            : [
                "SELECT id FROM service_case WHERE \(finds(PostgresSearchIndex.caseText, ["subject", "serial"]))\(open)"
            ]
        return cases + [
            """
            SELECT c.id FROM customer cu CROSS JOIN LATERAL
              (SELECT id FROM service_case WHERE customer_id = cu.id\(open) OFFSET 0) c
            WHERE \(tokens == nil ? matches("cu.name") : finds("cu.name", ["cu.name"]))
            """
        ]
    }
}
