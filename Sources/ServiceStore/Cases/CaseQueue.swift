import Foundation
internal import GRDB
import ServiceCore
import Synchronization

extension QueueQuery {
    /// The search as an FTS5 query: every word must match as a prefix; quoting each word keeps
    /// what the user typed from being read as FTS syntax. Nil when there is nothing to find.
    var searchExpression: String? {
        let words = Self.words(of: search).map { w in
            "\"" + w.replacingOccurrences(of: "\"", with: "\"\"") + "\"*"
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// The words of a search, each of which must match (`CaseTextMatch` reads them so too).
    static func words(of search: String) -> [Substring] {
        search.split(whereSeparator: { $0.isWhitespace })
    }

    /// The case number the search may be ("1677" or "#1677"); -1, which no case has, when it is not one.
    var searchNumber: Int64 {
        Int64(search.trimmingCharacters(in: .whitespaces).trimmingPrefix("#")) ?? -1
    }
}

/// How a search is read at a million cases, chosen by how many cases its term matches. Every
/// plan reads the same rows; a plan only decides how fast.
public enum SearchPlan: Equatable, Sendable {
    /// Two thousand matches or fewer: read them all from the index, look each case up and
    /// sort them.
    case fromMatches
    /// Many matches, a good share of the cases (one in twelve or more): walk the view's order
    /// and test each case's own text where it stands, stopping at a screenful (one letter
    /// matches nearly every case, and reading all its matches to sort them took 146 ms). On
    /// SQLite the text is cut by the index's tokenizer (`CaseTextMatch`).
    case walkTestingEach
    /// Many matches, too few of the cases to walk to a screenful soon: read the matches once
    /// into a set, and walk the view's order testing each case against the set.
    case walkAgainstMatches
}

/// The queue's two search indexes: of every case (v2, v13) and of the open cases (v16).
enum SearchIndex: String {
    case everyCase = "case_search"
    case openCases = "case_search_open"
}

extension QueueQuery.View {
    /// The search index the view's search reads: every view but "all" lists open cases only,
    /// which have an index of their own, a few percent the size of the one of every case.
    var searchIndex: SearchIndex { self == .all ? .everyCase : .openCases }

    /// Whether the view's condition reads the case's stored state (`case_state s`).
    var readsCaseState: Bool {
        switch self {
        case .unverified, .readyToClose, .blockedAtClose: true
        case .open, .mine, .visits, .dueToday, .all: false
        }
    }
}

extension QueueQuery.Sort {
    /// The ORDER BY terms, term for term the values of `key(of:)` and the columns of the
    /// v10 queue indexes.
    var terms: [String] {
        let due = "coalesce(c.sla_due, \(Self.noDueTime))"
        return switch self {
        case .sla: [due, "c.id"]
        case .age: ["c.opened_at", "c.id"]
        case .priority: ["c.priority", due, "c.id"]
        case .id: ["c.id"]
        }
    }
}

extension QueueQuery {
    /// The ORDER BY terms: the sort's, after his visit's place in the day in "my visits"
    /// (`visitRanks`).
    var orderTerms: [String] { view == .visits ? ["vr.visit_rank"] + sort.terms : sort.terms }
}

extension StoreTransaction {
    /// Each case's earliest visit of one technician, planned or done, as its place in the
    /// day's order: today's visits by start, then the coming days', then the earlier ones (a
    /// visit done yesterday whose case he has not signed off). A band of 10^10 s keeps the
    /// three apart (starts are seconds since 1970, below 10^10 until 2286). Arguments: the
    /// day's start and end, the end again, the technician. Read through `visit_technician`:
    /// a few dozen visits, sorted, whatever the number of cases.
    static let visitRanks = """
        SELECT case_id, min(CASE WHEN starts_at >= ? AND starts_at < ? THEN 0 WHEN starts_at >= ? THEN 1 ELSE 2 END
                            * 10000000000 + starts_at) AS visit_rank
        FROM visit WHERE technician = ? AND status IN ('planned','done') GROUP BY case_id
        """

    /// The open cases as the v10 partial indexes are written, which a window's WHERE must
    /// repeat for SQLite to read through them.
    static let openCases = "c.status NOT IN ('closed','cancelled')"
    /// The same cases as seekable ranges of `case_status_due`, for counting: counting through
    /// the partial indexes would read each of their entries, this reads only the open ones.
    static let openCasesCounted =
        "c.status IN (" + CaseStatus.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ",") + ")"

    /// Index matches beyond which a search counts as common (see `SearchPlan`).
    static let fewMatches = 2_000

    /// How the query's search is read, from a probe of the search index that reads the
    /// latest `fewMatches + 1` matches (a few thousand rowids are read in about a millisecond
    /// whatever the term).
    public func searchPlan(_ q: QueueQuery) throws -> SearchPlan {
        if db.isPostgres { return try postgresSearchPlan(q) }
        return try searchPlan(q, fewMatches: Self.fewMatches)
    }

    /// The same on SQLite, `fewMatches` given (the tests' desks are small).
    func searchPlan(_ q: QueueQuery, fewMatches: Int) throws -> SearchPlan {
        guard let match = try searchCandidates(q) else { return .fromMatches }
        let index = q.view.searchIndex.rawValue
        // A word of several tokens counts its candidates, which may be more than its matches:
        // at worst a walk that tests more cases before it fills a screen.
        let probe = "SELECT rowid FROM \(index) WHERE \(index) MATCH ? ORDER BY rowid DESC LIMIT ?"
        let latest = try Int64.fetchAll(
            db.cachedStatement(sql: probe), arguments: [match.expression, fewMatches + 1])
        guard latest.count > fewMatches, let oldest = latest.last else { return .fromMatches }
        // The open cases' matches are at most the open cases, which read into a set in a few
        // milliseconds at a million cases.
        guard q.view.searchIndex == .everyCase else { return .walkAgainstMatches }
        // Testing each case pays only when a good share of cases match: "SN-66" matches one in
        // ninety, and a screenful would take thousands of tests, where reading its matches once
        // takes 10 ms. The share among the latest cases decides.
        let span = try largestCaseNumber() - oldest + 1
        return span <= Int64(latest.count * Self.walkShare) ? .walkTestingEach : .walkAgainstMatches
    }

    /// One case in this many matching, or more, makes a term common enough to test case by case
    /// (a screenful then takes a few hundred tests).
    static let walkShare = 12

    /// What the search asks the SQLite index for (`CaseTextMatch.candidates`); nil without a
    /// search, or on PostgreSQL.
    func searchCandidates(_ q: QueueQuery) throws -> SearchCandidates? {
        guard let exact = q.searchExpression, let sqlite = db.sqlite else { return nil }
        let index = q.view.searchIndex.rawValue
        let key = CandidatesKey(index: index, search: q.search)
        if let last = Self.lastCandidates.withLock({ $0 }), last.key == key { return last.candidates }
        let probe = "SELECT count(*) FROM (SELECT 1 FROM \(index) WHERE \(index) MATCH ? LIMIT ?)"
        let candidates = try CaseTextMatch.candidates(
            of: q.search, exact: exact, try sqlite.makeTokenizer(CaseTextMatch.tokenizer), fewEnough: Self.fewMatches
        ) { term in
            try Int.fetchOne(db.cachedStatement(sql: probe), arguments: [term, Self.tokenCountCap]) ?? 0
        }
        Self.lastCandidates.withLock { $0 = (key, candidates) }
        return candidates
    }

    /// The last search's candidates, so that its count, its window and every page after count
    /// its tokens once. Whatever the data or the database, candidates are never fewer than
    /// the matches: one chosen on other counts is slower, never wrong.
    private static let lastCandidates = Mutex<(key: CandidatesKey, candidates: SearchCandidates)?>(nil)

    private struct CandidatesKey: Equatable {
        var index: String
        var search: String
    }

    /// How far a word's tokens are counted to choose the one to ask the index for: "SN" is in
    /// each of the 30,000 open cases of a million, "6" in one in ten of them (0.3 ms to count
    /// each so far).
    static let tokenCountCap = 5_000

    /// The condition that a case's own text matches the search, or it is the case numbered as
    /// typed, and its arguments (`CaseTextMatch`).
    func searchTextCondition(_ q: QueueQuery) -> (String, [DatabaseValueConvertible?]) {
        ("(c.id = ? OR \(CaseTextMatch.functionName)(?, c.subject, cu.name, c.serial))", [q.searchNumber, q.search])
    }

    /// The query's conditions; with `search` nil, without the search, which the count reads in
    /// its FROM.
    func queueWhere(
        _ q: QueueQuery, search: SearchPlan?, counting: Bool = false
    ) throws -> ([String], [DatabaseValueConvertible?]) {
        var conditions: [String] = []
        var args: [DatabaseValueConvertible?] = []
        let open = counting ? Self.openCasesCounted : Self.openCases
        switch q.view {
        case .all: break
        case .open: conditions.append(open)
        case .mine:
            conditions.append(open)
            // Counting too names the open cases as `case_assignee` is written (v15, partial over
            // them), so the count reads one user's open cases from it alone.
            if counting { conditions.append(Self.openCases) }
            conditions.append("c.assignee = ?")
            args.append(q.account)
        case .visits:
            conditions.append(open)
            // A done visit keeps the case his until it closes: he records the parts and signs off.
            conditions.append(
                "c.id IN (SELECT case_id FROM visit WHERE technician = ? AND status IN ('planned','done'))")
            args.append(q.account)
        case .unverified:
            conditions.append(open)
            conditions.append("coalesce(s.entitlement_ok, 0) = 0")
        case .dueToday:
            conditions.append(open)
            conditions.append("c.sla_due < ?")
            args.append(Timestamp(date: q.today.adding(days: 1)))
        case .readyToClose:
            conditions.append(open)
            conditions.append("s.failing = 0")
        case .blockedAtClose:
            conditions.append("c.status = 'resolved'")
            conditions.append("s.failing > 0")
        }
        if let s = q.status {
            conditions.append("c.status = ?")
            args.append(s)
        }
        if let c = q.customerID {
            conditions.append("c.customer_id = ?")
            args.append(c)
        }
        if let s = q.serial {
            conditions.append("c.serial = ?")
            args.append(s)
        }
        if db.isPostgres {
            if let search, let (condition, values) = postgresSearchCondition(q, plan: search) {
                conditions.append(condition)
                args += values
            }
        } else if let search, let match = try searchCandidates(q) {
            let number = q.searchNumber
            let index = q.view.searchIndex.rawValue
            switch search {
            case .fromMatches:
                conditions.append("c.id IN (SELECT rowid FROM \(index) WHERE \(index) MATCH ? UNION ALL SELECT ?)")
                args += [match.expression, number]
            case .walkAgainstMatches:
                // Unary + keeps SQLite from leading with the matches (a sort of all of them).
                conditions.append("+c.id IN (SELECT rowid FROM \(index) WHERE \(index) MATCH ? UNION ALL SELECT ?)")
                args += [match.expression, number]
            case .walkTestingEach: break
            }
            if match.tested || search == .walkTestingEach {
                let (condition, values) = searchTextCondition(q)
                conditions.append(condition)
                args += values
            }
        }
        return (conditions, args)
    }

    /// Rows after (`>`) or before (`<`) `key` in the sort's order, written so SQLite seeks
    /// the index on the first term (`t1 >= k1 AND (t1 > k1 OR (t2 >= k2 AND …))`): a row-value
    /// comparison on an expression index would be read as a scan.
    static func keyset(_ terms: [String], _ key: QueueKey, _ op: String) -> (String, [DatabaseValueConvertible?]) {
        let pairs = Array(zip(terms, key.values))
        func condition(_ i: Int) -> (String, [DatabaseValueConvertible?]) {
            let (term, value) = pairs[i]
            if i == pairs.count - 1 { return ("\(term) \(op) ?", [value]) }
            let (rest, restArgs) = condition(i + 1)
            return ("\(term) \(op)= ? AND (\(term) \(op) ? OR (\(rest)))", [value, value] + restArgs)
        }
        return condition(0)
    }

    /// The SQL of one page of the queue, and its arguments: internal, for the tests that check
    /// each page reads through an index.
    func queueSQL(
        _ q: QueueQuery, page: QueuePage, limit: Int, search: SearchPlan = .fromMatches
    ) throws -> (sql: String, arguments: SQLArguments) {
        var (conditions, args) = try queueWhere(q, search: search)
        let terms = q.orderTerms
        var from = """
            service_case c JOIN customer cu ON cu.id = c.customer_id LEFT JOIN case_state s ON s.case_id = c.id
            """
        if q.view == .visits {
            from += " JOIN (\(Self.visitRanks)) vr ON vr.case_id = c.id"
            let day = Timestamp(date: q.today)
            let next = Timestamp(date: q.today.adding(days: 1))
            args = [day, next, next, q.account] + args
        }
        var descending = false
        var offset = 0
        switch page {
        case .offset(let n): offset = n
        case .after(let key):
            let (c, a) = Self.keyset(terms, key, ">")
            conditions.append(c)
            args += a
        case .before(let key):
            descending = true
            if let key {
                let (c, a) = Self.keyset(terms, key, "<")
                conditions.append(c)
                args += a
            }
        }
        let order = terms.map { descending ? "\($0) DESC" : $0 }.joined(separator: ", ")
        var whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        var limits = "LIMIT ? OFFSET ?"
        if search == .fromMatches, q.view != .visits, let match = try searchCandidates(q) {
            // The matches are sorted by the case's own row, and only the page's rows joined to
            // their customer and state: a few thousand matches joined before the sort took 8 ms
            // where the sort alone took 2, with SQLite's cache cold (after scrolling the queue).
            var sorted = "service_case c"
            if match.tested { sorted += " JOIN customer cu ON cu.id = c.customer_id" }
            if q.view.readsCaseState { sorted += " LEFT JOIN case_state s ON s.case_id = c.id" }
            whereSQL = "WHERE c.id IN (SELECT c.id FROM \(sorted) \(whereSQL) ORDER BY \(order) LIMIT ? OFFSET ?)"
            limits = ""
        }
        return (
            """
            SELECT c.id, c.status, c.priority, c.sla_due, c.opened_at, cu.name AS customer_name, c.serial, c.subject,
                   c.assignee, s.entitlement, coalesce(s.failing, 0) AS failing,
                   \(q.view == .visits ? "vr.visit_rank" : "NULL") AS visit_rank
            FROM \(from)
            \(whereSQL) ORDER BY \(order) \(limits)
            """,
            SQLArguments(args + [limit, offset])
        )
    }

    /// Up to `limit` rows of the queue from `page`, in the query's order.
    public func queue(_ q: QueueQuery, page: QueuePage, limit: Int = 50) throws -> [QueueRow] {
        try queue(q, page: page, limit: limit, search: try searchPlan(q))
    }

    /// The same, its search read by the given plan (`searchPlan(_:)` of the same query).
    public func queue(_ q: QueueQuery, page: QueuePage, limit: Int, search: SearchPlan) throws -> [QueueRow] {
        try searchWithoutWorkers(q)
        let (sql, arguments) = try queueSQL(q, page: page, limit: limit, search: search)
        let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
            QueueRow(
                id: row["id"], status: row["status"], priority: row["priority"], slaDue: row["sla_due"],
                openedAt: row["opened_at"], customerName: row["customer_name"], serial: row["serial"],
                subject: row["subject"], assignee: row["assignee"], entitlement: row["entitlement"],
                failingChecks: row["failing"], visitRank: row["visit_rank"])
        }
        if case .before = page { return rows.reversed() }
        return rows
    }

    /// Rows `offset ..< offset + limit` of the queue, in the query's order.
    public func queue(_ q: QueueQuery, offset: Int = 0, limit: Int = 50) throws -> [QueueRow] {
        try queue(q, page: .offset(offset), limit: limit)
    }

    /// The SQL that counts the query's cases, up to `atMost` when given, and its arguments
    /// (internal, for the plan tests). A search counts from its matches, each looked up by
    /// number and kept if the view holds it: walking a view's index instead would test every
    /// case of it against the search index.
    func queueCountSQL(_ q: QueueQuery, atMost: Int? = nil, search: SearchPlan? = nil) throws -> (
        sql: String, arguments: SQLArguments
    ) {
        // On PostgreSQL the search is a condition like any other, read by the plan given (else
        // by its words alone).
        var (conditions, args) = try queueWhere(
            q, search: db.isPostgres ? search ?? postgresPlanByWords(q) : nil, counting: true)
        var from = "service_case c"
        if let match = try searchCandidates(q) {
            // The case numbered as typed joins the matches unless it is one of them: UNION ALL
            // streams where UNION would collect every match first to drop duplicates.
            let index = q.view.searchIndex.rawValue
            from = """
                (SELECT rowid AS id FROM \(index) WHERE \(index) MATCH ?
                 UNION ALL SELECT ? WHERE NOT EXISTS (SELECT 1 FROM \(index) WHERE rowid = ? AND \(index) MATCH ?)) m
                CROSS JOIN service_case c ON c.id = m.id
                """
            args = [match.expression, q.searchNumber, q.searchNumber, match.expression] + args
            if match.tested {
                from += " JOIN customer cu ON cu.id = c.customer_id"
                let (condition, values) = searchTextCondition(q)
                conditions.append(condition)
                args += values
            } else if conditions.isEmpty, !q.view.readsCaseState {
                // Every match is a case of the view: counted in the index alone, the number as
                // typed only if a case has it (a thousand cases looked up took 2 ms, cold).
                let counted = """
                    SELECT rowid FROM \(index) WHERE \(index) MATCH ?
                    UNION ALL SELECT id FROM service_case
                    WHERE id = ? AND NOT EXISTS (SELECT 1 FROM \(index) WHERE rowid = ? AND \(index) MATCH ?)
                    """
                guard let atMost else { return ("SELECT count(*) FROM (\(counted))", SQLArguments(args)) }
                return ("SELECT count(*) FROM (\(counted) LIMIT ?)", SQLArguments(args + [atMost]))
            }
        }
        // SQLite does not drop an unused LEFT JOIN here: counting the open view with it looked
        // up every open case's state, 146 ms at a million cases where the count alone takes 6.
        if q.view.readsCaseState { from += " LEFT JOIN case_state s ON s.case_id = c.id" }
        let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let body = "FROM \(from) \(whereSQL)"
        guard let atMost else { return ("SELECT count(*) \(body)", SQLArguments(args)) }
        return ("SELECT count(*) FROM (SELECT 1 \(body) LIMIT ?) counted", SQLArguments(args + [atMost]))
    }

    /// The highest case number: the queue's number column is made as wide as it (the rowid's
    /// end, read at once).
    public func largestCaseNumber() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(id) FROM service_case") ?? 0
    }

    /// How many cases the query finds; with `atMost`, counting stops there (a search for one
    /// letter finds most of a million cases, and counting them all took longer than a keystroke).
    public func queueCount(_ q: QueueQuery, atMost: Int? = nil) throws -> Int {
        try queueCount(q, atMost: atMost, search: nil)
    }

    /// The same, a search on PostgreSQL read by the plan given.
    func queueCount(_ q: QueueQuery, atMost: Int?, search: SearchPlan?) throws -> Int {
        try searchWithoutWorkers(q)
        let (sql, arguments) = try queueCountSQL(q, atMost: atMost, search: search)
        return try Int.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) ?? 0
    }

    /// A search stops counting past this many cases when its term is common: each match is
    /// looked up to see whether the view holds it, and in the open view (a fourteenth of a
    /// million cases) two hundred found take some three thousand lookups.
    public static let commonSearchCountCap = 200

    /// How many cases the query finds, as the queue's title shows it: all of them without a
    /// search; with one, counting stops past `cap` — or past `commonSearchCountCap` when the
    /// term is common.
    public func queueTally(_ q: QueueQuery, cap: Int) throws -> QueueTally {
        try queueTally(q, cap: cap, search: try searchPlan(q))
    }

    /// The same, the search's plan given.
    public func queueTally(_ q: QueueQuery, cap: Int, search: SearchPlan) throws -> QueueTally {
        guard q.searchExpression != nil else { return QueueTally(count: try queueCount(q), isAtLeast: false) }
        try searchWithoutWorkers(q)
        if db.isPostgres, search != .fromMatches { return try postgresWalkedTally(q, cap: cap, search: search) }
        let limit = search == .fromMatches ? cap : min(cap, Self.commonSearchCountCap)
        let found = try queueCount(q, atMost: limit + 1, search: search)
        return QueueTally(count: min(found, limit), isAtLeast: found > limit)
    }
}
