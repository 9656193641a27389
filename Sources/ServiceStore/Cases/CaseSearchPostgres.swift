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
    /// tests (a few milliseconds) and is read from the indexes.
    func postgresSearchPlan(_ q: QueueQuery) throws -> SearchPlan {
        let byWords = q.postgresSearchPlan
        guard byWords == .fromMatches else { return byWords }
        let found = try postgresMatchesAhead(q, rows: Self.searchProbeRows, atMost: Self.searchProbeMatches)
        return found >= Self.searchProbeMatches ? .walkTestingEach : .fromMatches
    }

    /// The view's cases a search's probe tests, and the matches among them that make its
    /// term common enough to walk: one case in two hundred. A screenful then takes some six
    /// thousand tests (about 20 ms at a million cases), where reading as many matches as that
    /// density gives — five thousand at a million — from the indexes took longer.
    static let searchProbeRows = 1_000
    static let searchProbeMatches = 5

    /// How many of `rows` of the view's cases (`queueAhead`, the first in its order unless not
    /// `ordered`) the search finds, counting no further than `atMost`.
    func postgresMatchesAhead(_ q: QueueQuery, rows: Int, atMost: Int, ordered: Bool = true) throws -> Int {
        guard let patterns = q.postgresSearchPatterns else { return 0 }
        let (ahead, aheadArguments) = queueAhead(q, rows: rows, ordered: ordered)
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
    func queueAhead(_ q: QueueQuery, rows: Int, ordered: Bool = true) -> (sql: String, arguments: SQLArguments) {
        var unsearched = q
        unsearched.search = ""
        guard q.view != .visits else { return queueSQL(unsearched, page: .offset(0), limit: rows) }
        let (conditions, arguments) = queueWhere(unsearched, search: nil)
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
        let (ahead, arguments) = queueAhead(q, rows: rows, ordered: false)
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
    /// subject or serial it matches, with those of the customers whose name it matches, each
    /// column read through its trigram index where there is one (`PostgresSearchIndex`); the
    /// search's cases are what every word finds.
    func postgresSearchCondition(_ q: QueueQuery, plan: SearchPlan) -> (String, [DatabaseValueConvertible?])? {
        guard q.searchExpression != nil else { return nil }
        // Words with no letter or digit: SQLite's index finds nothing for them, but the number.
        guard let patterns = q.postgresSearchPatterns else { return ("c.id = ?", [q.searchNumber]) }
        let fold = QueueQuery.withoutDiacritics(column:)
        if plan != .fromMatches {
            // Each case tested where it stands in the view's order
            return Self.postgresSearchTest(
                patterns, number: q.searchNumber, id: "c.id", subject: "c.subject", serial: "c.serial",
                customerName: "(SELECT wc.name FROM customer wc WHERE wc.id = c.customer_id)")
        }
        // A view of open cases reads the open cases' own indexes.
        let open = q.view.searchIndex == .openCases ? " AND \(PostgresSearchIndex.openCases)" : ""
        let word = """
            SELECT id FROM service_case WHERE (\(fold("subject")) ~* ? OR \(fold("serial")) ~* ?)\(open)
            UNION SELECT id FROM service_case WHERE customer_id IN (SELECT id FROM customer WHERE \(fold("name")) ~* ?)\(open)
            """
        let matches = patterns.indices.map { "SELECT id FROM (\(word)) AS word\($0)" }.joined(separator: " INTERSECT ")
        let args: [DatabaseValueConvertible?] = patterns.flatMap { [$0, $0, $0] } + [q.searchNumber]
        return ("c.id IN (\(matches) UNION ALL SELECT ?)", args)
    }
}
