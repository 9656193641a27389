import Foundation
import GRDB
import PostgresTestSupport
import ServiceCore
import Testing

@testable import ServiceStore

/// One case of the queue fixture, as the test knows it independently of the store.
private struct QueueCase {
    var id: CaseID
    var customer: String
    var serial: String
    var status: CaseStatus
    var priority: Int
    var assignee: String
    var openedAt: Timestamp
    var slaDue: Timestamp?
    /// nil: no closure state saved yet.
    var state: CaseState?
    /// Who visits it, and how the visit stands; nil: no visit.
    var visit: (technician: String, status: VisitStatus)?
    /// When the visit starts.
    var visitStart: Timestamp

    /// The visit's place in "my visits": today's first, then the coming days', then earlier.
    var visitDay: Int {
        visitStart < Timestamp(date: Fixtures.today) ? 2 : visitStart < endOfToday ? 0 : 1
    }

    var isOpen: Bool { status != .closed && status != .cancelled }
}

private let endOfToday = Timestamp(date: Fixtures.today.adding(days: 1))

/// Sixty cases with varied status, priority, assignee, opening time, SLA due time and closure
/// state, with ties in every sort key and due times on both sides of midnight.
private func buildQueue(_ db: AppDatabase) throws -> [QueueCase] {
    let statuses: [CaseStatus] = [.new, .verified, .scheduled, .inProgress, .resolved, .closed, .cancelled]
    let customers = [("C-ACME", "SN-1"), ("C-BLUM", "SN-2"), ("C-CORV", "SN-3")]
    let assignees = ["agnes", "arun", "sam"]
    // Visits today (from its first second), at midnight ending it, on coming and earlier days
    let visitOffsets: [Int64] = [
        -2 * 86_400, -5 * 3_600, 2 * 3_600, 3 * 86_400, 15 * 3_600, -9 * 3_600, -9 * 3_600 - 1,
    ]
    let dueOffsets: [Int64?] = [
        nil, -3 * 86_400, -1, 0, 3_600, 86_399 - 9 * 3_600, 86_400 - 9 * 3_600, 2 * 86_400, 3_600,
    ]
    var cases: [QueueCase] = []
    for i in 0..<60 {
        let (customer, serial) = customers[(i * 7) % 3]
        let due = dueOffsets[(i * 5) % dueOffsets.count].map { Fixtures.now.adding(seconds: $0) }
        var state: CaseState?
        switch i % 5 {
        case 0: state = nil
        case 1: state = CaseState(entitlement: nil, entitlementOK: false, checks: Fixtures.checks(failing: 7))
        case 2: state = CaseState(entitlement: .warranty, entitlementOK: true, checks: Fixtures.checks(failing: 0))
        case 3:
            state = CaseState(entitlement: .contract, entitlementOK: true, checks: Fixtures.checks(failing: 1 + i % 3))
        default: state = CaseState(entitlement: .chargeable, entitlementOK: false, checks: Fixtures.checks(failing: 0))
        }
        cases.append(
            QueueCase(
                id: CaseID(Int64(i + 1)), customer: customer, serial: serial,
                status: statuses[(i * 3 + i / 7) % statuses.count], priority: 1 + (i * 7 + i / 4) % 4,
                assignee: assignees[(i + i / 3) % 3],
                openedAt: Fixtures.now.adding(seconds: -Int64((i * 37) % 23) * 3_600),
                slaDue: due, state: state,
                // The store does not ask the visitor's role: "agnes" stands for whoever asks.
                visit: [("agnes", VisitStatus.planned), ("tom", .done), ("agnes", .done), nil, ("agnes", .noAccess)][
                    (i + i / 5) % 5],
                visitStart: Fixtures.now.adding(seconds: visitOffsets[i % visitOffsets.count])))
    }
    try db.perform(Fixtures.command("build queue", undoable: false)) { tx in
        for c in cases {
            let id = try tx.insertCase(
                NewCase(
                    customerID: c.customer, serial: c.serial, subject: "Case \(c.id)",
                    reportedOn: c.openedAt.date, openedAt: c.openedAt, priority: c.priority,
                    assignee: c.assignee), by: "agnes")
            #expect(id == c.id)
            var stored = try #require(try tx.serviceCase(id))
            stored.status = c.status
            stored.slaDue = c.slaDue
            try tx.updateCase(stored)
            if let state = c.state { try tx.saveCaseState(id, state) }
            if let (technician, status) = c.visit {
                let visit = try tx.insertVisit(
                    caseID: id, technician: technician, startsAt: c.visitStart,
                    endsAt: c.visitStart.adding(seconds: 3_600))
                try tx.setVisitStatus(visit, status)
            }
        }
    }
    return cases
}

/// What each saved view should show, from the fixture alone.
private func expected(_ cases: [QueueCase], _ q: QueueQuery) -> [QueueCase] {
    var rows = cases.filter { c in
        switch q.view {
        case .all: true
        case .open: c.isOpen
        case .mine: c.isOpen && c.assignee == q.account
        case .visits: c.isOpen && c.visit.map { $0.technician == q.account && $0.status != .noAccess } == true
        case .unverified: c.isOpen && !(c.state?.entitlementOK ?? false)
        case .dueToday: c.isOpen && (c.slaDue.map { $0 < endOfToday } ?? false)
        case .readyToClose: c.isOpen && c.state?.failing == 0
        case .blockedAtClose: c.status == .resolved && (c.state?.failing ?? 0) > 0
        }
    }
    rows = rows.filter { c in
        (q.status.map { c.status == $0 } ?? true) && (q.customerID.map { c.customer == $0 } ?? true)
            && (q.serial.map { c.serial == $0 } ?? true)
    }
    func sla(_ c: QueueCase) -> (Int, Int64) { c.slaDue.map { (0, $0.seconds) } ?? (1, 0) }
    return rows.sorted { a, b in
        if q.view == .visits, (a.visitDay, a.visitStart) != (b.visitDay, b.visitStart) {
            return (a.visitDay, a.visitStart.seconds) < (b.visitDay, b.visitStart.seconds)
        }
        switch q.sort {
        case .id: return a.id < b.id
        case .age: return (a.openedAt.seconds, a.id.rawValue) < (b.openedAt.seconds, b.id.rawValue)
        case .sla: return (sla(a).0, sla(a).1, a.id.rawValue) < (sla(b).0, sla(b).1, b.id.rawValue)
        case .priority:
            return (a.priority, sla(a).0, sla(a).1, a.id.rawValue) < (b.priority, sla(b).0, sla(b).1, b.id.rawValue)
        }
    }
}

/// Every page of `limit` rows until an empty one, checking each against the expected slice.
private func checkPages(_ tx: StoreTransaction, _ q: QueueQuery, _ want: [CaseID], limit: Int) throws {
    var offset = 0
    while true {
        let page = try tx.queue(q, offset: offset, limit: limit).map(\.id)
        let slice = Array(want[min(offset, want.count)..<min(offset + limit, want.count)])
        #expect(page == slice, "view \(q.view.rawValue), sort \(q.sort.rawValue), offset \(offset)")
        if page.isEmpty { break }
        offset += limit
    }
    #expect(
        offset == (want.count + limit - 1) / limit * limit, "view \(q.view.rawValue), sort \(q.sort.rawValue): pages")
    // The same rows page by page from each page's last row's key, and back from the end by the first's
    var forward: [CaseID] = []
    var rows = try tx.queue(q, page: .offset(0), limit: limit)
    while let last = rows.last {
        forward += rows.map(\.id)
        rows = try tx.queue(q, page: .after(q.key(of: last)), limit: limit)
    }
    #expect(forward == want, "view \(q.view.rawValue), sort \(q.sort.rawValue): forward by key")
    var backward: [CaseID] = []
    rows = try tx.queue(q, page: .before(nil), limit: limit)
    while let first = rows.first {
        backward = rows.map(\.id) + backward
        rows = try tx.queue(q, page: .before(q.key(of: first)), limit: limit)
    }
    #expect(backward == want, "view \(q.view.rawValue), sort \(q.sort.rawValue): backward by key")
}

@Suite("The case queue")
struct CaseQueueTests {
    @Test("The fixture gives every saved view something to show, and something to leave out")
    func fixtureIsVaried() throws {
        try withStore(.memory) { db throws in
            // Given
            let cases = try buildQueue(db)

            // Then
            for view in QueueQuery.View.allCases where view != .all {
                let n = expected(cases, QueueQuery(view: view, account: "agnes", today: Fixtures.today)).count
                #expect(n >= 3 && n < 60, "view \(view.rawValue): \(n) cases")
            }
            #expect(Set(cases.map(\.status)).count == 7)
            #expect(Set(cases.map(\.priority)) == [1, 2, 3, 4])
        }
    }

    @Test(
        "Each saved view pages through exactly its cases, in the order of each sort, and counts them",
        arguments: Storage.allCases, QueueQuery.View.allCases)
    func viewsPageInOrder(_ storage: Storage, _ view: QueueQuery.View) throws {
        try withStore(storage) { db throws in
            // Given
            let cases = try buildQueue(db)

            try db.read { tx throws in
                for sort in QueueQuery.Sort.allCases {
                    // When
                    let q = QueueQuery(view: view, sort: sort, account: "agnes", today: Fixtures.today)
                    let want = expected(cases, q).map(\.id)

                    // Then
                    #expect(try tx.queueCount(q) == want.count, "view \(view.rawValue)")
                    #expect(try tx.queueCount(q, atMost: 3) == min(want.count, 3), "view \(view.rawValue), at most 3")
                    try checkPages(tx, q, want, limit: 7)
                    #expect(try tx.queue(q, offset: 0, limit: 100).map(\.id) == want)
                }
            }
        }
    }

    // At a million cases the open view read every case and sorted them for each window and
    // each PgDn (51–102k page reads). Plans, not timings: a regression fails here at any size.
    @Test("Each window, page and count reads through an index: no scan of every case, no sort of the open or all view")
    func queuePlansUseIndexes() throws {
        try withStore(.memory) { db throws in
            try db.read { tx throws in
                for view in QueueQuery.View.allCases {
                    for sort in QueueQuery.Sort.allCases {
                        let q = QueueQuery(view: view, sort: sort, account: "agnes", today: Fixtures.today)
                        let key = QueueKey(Array(repeating: 5, count: q.orderTerms.count))
                        let pages: [QueuePage] = [.offset(0), .after(key), .before(key), .before(nil)]
                        for page in pages {
                            let steps = try plan(tx, tx.queueSQL(q, page: page, limit: 30))
                            let label = "\(view.rawValue) by \(sort.rawValue), \(page): \(steps)"
                            // Walking every case in number order from either end is the all view's own order.
                            #expect(!steps.contains("SCAN c") || (view == .all && sort == .id), "\(label)")
                            guard view == .open || view == .all else { continue }
                            #expect(!steps.contains { $0.contains("TEMP B-TREE") }, "\(label)")
                            if view == .open { #expect(steps.contains { $0.contains("INDEX case_open_") }, "\(label)") }
                            if case .offset = page { continue }
                            if page != .before(nil) { #expect(steps.first?.hasPrefix("SEARCH c") == true, "\(label)") }
                        }
                        let count = try plan(tx, tx.queueCountSQL(q))
                        #expect(!count.contains("SCAN c") || view == .all, "count \(view.rawValue): \(count)")
                        // Each case's state is looked up only where the view tests it.
                        #expect(
                            count.contains { $0.hasPrefix("SEARCH s") } == view.readsCaseState,
                            "count \(view.rawValue): \(count)")
                        if view == .open {
                            #expect(count.first?.hasPrefix("SEARCH c USING COVERING INDEX") == true, "count: \(count)")
                        }
                    }
                }
            }
        }
    }

    @Test(
        "A search finds the same cases in the same order, and counts them, whichever way its term is read",
        arguments: Storage.allCases)
    func searchReachesAgree(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let cases = try buildQueue(db)
            let searches: [(term: String, finds: (QueueCase) -> Bool)] = [
                ("acme", { $0.customer == "C-ACME" }),
                ("sn-2", { $0.serial == "SN-2" }),
                ("#12", { $0.id == CaseID(12) }),
                ("#999", { _ in false }), // no case has the number, no text the word
                // "1" is a prefix of the case numbers 1, 1x and of the serial SN-1
                ("case 1", { String($0.id.rawValue).hasPrefix("1") || $0.serial == "SN-1" }),
            ]

            try db.read { tx throws in
                for view in [QueueQuery.View.open, .all, .mine, .blockedAtClose] {
                    for sort in QueueQuery.Sort.allCases {
                        for (term, finds) in searches {
                            let q = QueueQuery(
                                view: view, sort: sort, account: "agnes", today: Fixtures.today, search: term)
                            let want = expected(cases, q).filter(finds).map(\.id)
                            let label = "\(term) in \(view.rawValue) by \(sort.rawValue)"
                            for plan in [SearchPlan.fromMatches, .walkTestingEach, .walkAgainstMatches] {
                                // When
                                let all = try tx.queue(q, page: .offset(0), limit: 100, search: plan).map(\.id)
                                var paged: [CaseID] = []
                                var rows = try tx.queue(q, page: .offset(0), limit: 2, search: plan)
                                while let last = rows.last {
                                    paged += rows.map(\.id)
                                    rows = try tx.queue(q, page: .after(q.key(of: last)), limit: 2, search: plan)
                                }

                                // Then
                                #expect(all == want, "\(label), \(plan)")
                                #expect(paged == want, "\(label), \(plan), by key")
                            }
                            #expect(try tx.queueCount(q) == want.count, "\(label)")
                            #expect(try tx.queueCount(q, atMost: 2) == min(2, want.count), "\(label)")
                            let tally = try tx.queueTally(q, cap: 2)
                            #expect(
                                tally == QueueTally(count: min(2, want.count), isAtLeast: want.count > 2), "\(label)")
                        }
                    }
                }
            }
        }
    }

    @Test(
        "On PostgreSQL a word with a token of three characters is read from the indexes; a shorter term walks the view",
        arguments: [
            ("SN-129-1", SearchPlan.fromMatches), ("rattl", .fromMatches), ("pump müll", .fromMatches),
            ("crème", .fromMatches), ("s", .walkTestingEach), ("SN-1", .walkTestingEach), ("12", .walkTestingEach),
            ("pump sn", .walkTestingEach), ("\"", .fromMatches),
        ])
    func postgresPlanByTerm(_ term: String, _ plan: SearchPlan) {
        #expect(QueueQuery(account: "agnes", today: Fixtures.today, search: term).postgresSearchPlan == plan)
    }

    @Test(
        "On PostgreSQL a word in ASCII asks the token indexes for its tokens of three characters or more, the last as a prefix; else its last of two, if asked",
        arguments: [
            ("SN-66431-1", ["66431"], nil), ("rattl", ["rattl:*"], nil), ("pump müll", ["pump:*", "mull:*"], nil),
            ("ørsted pump", [nil, "pump:*"], nil), ("straße", [nil], nil), ("AB-123-CDE", ["123 & cde:*"], nil),
            ("s", [nil], [nil]), ("SN-1", [nil], [nil]), ("AB-12", [nil], ["12:*"]), ("SN-66", [nil], ["66:*"]),
            ("50 pump", [nil, "pump:*"], ["50:*", "pump:*"]),
            ("x" + String(repeating: "9", count: 300), ["x" + String(repeating: "9", count: 199) + ":*"], nil),
        ] as [(String, [String?], [String?]?)])
    func postgresTokenQueries(_ term: String, _ queries: [String?], _ withShort: [String?]?) {
        let q = QueueQuery(account: "agnes", today: Fixtures.today, search: term)
        #expect(q.postgresTokenQueries(shortTokens: false) == queries)
        #expect(q.postgresTokenQueries(shortTokens: true) == withShort ?? queries)
    }

    // "rattl", a tenth of a million cases, read its matches from the indexes: 1.4 s a keystroke.
    @Test(
        "On PostgreSQL a common term is walked, a rare one read from the indexes; a large desk's tally (engine-specific)",
        .needsPostgres)
    func postgresCommonTermsWalk() throws {
        try withStore(.postgres) { db throws in
            let cases = try buildQueue(db)
            try db.read { tx throws in
                func query(_ term: String, _ view: QueueQuery.View = .all) -> QueueQuery {
                    QueueQuery(view: view, sort: .sla, account: "agnes", today: Fixtures.today, search: term)
                }
                // A third of the cases are Acme's: five of the view's first thousand make it common
                #expect(try tx.searchPlan(query("acme")) == .walkTestingEach)
                #expect(try tx.searchPlan(query("bakery acme")) == .walkTestingEach)
                #expect(try tx.searchPlan(query("no-such-thing")) == .fromMatches)
                #expect(try tx.searchPlan(query("SN-1")) == .walkTestingEach) // by its words
                // A view of open cases counts its token indexes' hits first: few are read at once,
                // many make a word of one token common, and a phrase is probed as in "all"
                #expect(try tx.postgresTokenHits(query("acme", .open), atMost: 1_000) ?? 0 > 3)
                #expect(try tx.searchPlan(query("acme", .open)) == .fromMatches)
                #expect(try tx.postgresSearchPlan(query("acme", .open), fewHits: 3) == .walkTestingEach)
                #expect(try tx.postgresSearchPlan(query("sn-no-such", .open), fewHits: 3) == .fromMatches)
                #expect(try tx.postgresSearchPlan(query("SN-1", .open), fewHits: 3) == .walkTestingEach)
                #expect(try tx.postgresTokenHits(query("SN-1")) == nil, "no token indexes for it in all")

                // On a desk taken for large, the tally tests ten of the view's cases only
                let q = query("acme")
                let acme = expected(cases, q).filter { $0.customer == "C-ACME" }.map(\.id)
                let (ten, arguments) = try tx.queueAhead(q, rows: 10, ordered: false)
                let tested = try Int64.fetchAll(tx.db, sql: "SELECT id FROM (\(ten)) v", arguments: arguments)
                #expect(tested.count == 10)
                let ahead = try tx.postgresWalkedTally(
                    q, cap: 10_000, search: .walkTestingEach, smallDesk: 10, rows: 10)
                #expect(ahead == QueueTally(count: tested.filter { acme.contains(CaseID($0)) }.count, isAtLeast: true))
                // Tests that reach the view's end count every match
                let whole = try tx.postgresWalkedTally(
                    q, cap: 10_000, search: .walkTestingEach, smallDesk: 10, rows: 100)
                #expect(whole == QueueTally(count: acme.count, isAtLeast: false))
                // Past the common cap: "200+" as on SQLite (here 3+ with a cap of 3)
                let capped = try tx.postgresWalkedTally(q, cap: 3, search: .walkTestingEach, smallDesk: 10, rows: 100)
                #expect(capped == QueueTally(count: 3, isAtLeast: true))
            }
        }
    }

    // PostgreSQL's search read every case and every customer, folding each text anew; then its
    // trigram indexes for every word, whose common trigrams ("111") made a number's search
    // 130 ms a keystroke at a million cases.
    @Test(
        "On PostgreSQL a search reads its token indexes for a word in ASCII, its trigram indexes for another, in every column (engine-specific)",
        .needsPostgres)
    func postgresSearchPlan() throws {
        try withStore(.postgres) { db throws in
            _ = try buildQueue(db)
            try db.read { tx throws in
                // A handful of cases costs less to read through than an index: forbid that, and
                // see whether the indexes can answer the search at all.
                try tx.db.execute(sql: "SET LOCAL enable_seqscan = off")
                let q = QueueQuery(
                    view: .all, sort: .sla, account: "agnes", today: Fixtures.today, search: "müll ørst")
                let sql = try tx.queueSQL(q, page: .offset(0), limit: 30)
                let plan = try Row.fetchAll(tx.db, sql: "EXPLAIN (COSTS OFF) " + sql.sql, arguments: sql.arguments)
                    .map { $0["QUERY PLAN"] as String }.joined(separator: "\n")
                // "müll" is "mull" in ASCII once its diacritics are off; "ørst" is not
                let indexes =
                    ["case_search_tokens_case", "case_search_tokens_customer"]
                    + ["subject", "serial", "customer"].map { "case_search_\($0)" }
                for index in indexes {
                    #expect(plan.components(separatedBy: "Bitmap Index Scan on \(index)\n").count == 2, "\(plan)")
                }
                #expect(!plan.contains("Seq Scan on customer"), "\(plan)")
            }
        }
    }

    // A one-letter search over a million cases read all its matches to sort them (146 ms);
    // testing each case of a view against a longer prefix took 1.9 s for a screenful.
    @Test("A search reads few matches from the index; many by walking the view's order; it counts from the index")
    func searchPlans() throws {
        try withStore(.memory) { db throws in
            try db.read { tx throws in
                // A word of one token, and one of several, whose candidates are tested
                for (view, term) in [(QueueQuery.View.open, "s"), (.all, "s"), (.open, "SN-1"), (.all, "SN-1")] {
                    for sort in QueueQuery.Sort.allCases {
                        let q = QueueQuery(
                            view: view, sort: sort, account: "agnes", today: Fixtures.today, search: term)
                        let key = QueueKey(Array(repeating: 5, count: sort.terms.count))
                        for page in [QueuePage.offset(0), .after(key)] {
                            let label = "\(view.rawValue) by \(sort.rawValue), \(page)"
                            let few = try plan(tx, tx.queueSQL(q, page: page, limit: 30, search: .fromMatches))
                            #expect(few.first == "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)", "\(label): \(few)")
                            #expect(few.contains("LIST SUBQUERY 2"), "\(label): \(few)")

                            for walk in [SearchPlan.walkTestingEach, .walkAgainstMatches] {
                                let steps = try plan(tx, tx.queueSQL(q, page: page, limit: 30, search: walk))
                                #expect(!steps.contains { $0.contains("TEMP B-TREE") }, "\(label), \(walk): \(steps)")
                                #expect(steps.first?.hasSuffix("(rowid=?)") != true, "\(label): \(steps)")
                                // Testing each case reads its own text, not the index
                                let reads = steps.contains {
                                    $0.contains("LIST SUBQUERY") || $0.contains("case_search")
                                }
                                #expect(reads == (walk == .walkAgainstMatches), "\(label), \(walk): \(steps)")
                                if view == .open {
                                    #expect(steps.first?.contains("INDEX case_open_") == true, "\(label): \(steps)")
                                }
                            }
                        }
                        let count = try plan(tx, tx.queueCountSQL(q, atMost: 201))
                        #expect(!count.contains { $0.hasPrefix("SCAN c ") || $0 == "SCAN c" }, "count: \(count)")
                        // Every match of a one-token term is a case of the all view: counted in the index alone
                        let looksUp = !(view == .all && term == "s")
                        #expect(count.contains("SEARCH c USING INTEGER PRIMARY KEY (rowid=?)") == looksUp, "\(count)")
                        #expect(!count.contains { $0.hasPrefix("SCAN service_case") }, "count: \(count)")
                        // The open view reads the open cases' index, the all view the one of every case
                        let index = view == .open ? "case_search_open" : "case_search"
                        for sql in [
                            try tx.queueCountSQL(q, atMost: 201), try tx.queueSQL(q, page: .offset(0), limit: 30),
                        ] {
                            let indexes = try plan(tx, sql).compactMap { $0.firstMatch(of: /case_search\w*/)?.output }
                            #expect(!indexes.isEmpty && indexes.allSatisfy { $0 == index }, "\(view): \(indexes)")
                        }
                    }
                }
            }
        }
    }

    @Test("A search's plan follows its matches: few are read and sorted; a common term is tested case by case")
    func searchPlanFollowsMatches() throws {
        try withStore(.memory) { db throws in
            // Given 2,100 cases: every subject has "pump", one case in three is Blumenthal's,
            // one in fifty has a gasket
            let subjects = ["Pump leaks", "Pump noisy", "Pump rattles"]
            try db.perform(Fixtures.command("cases", undoable: false)) { tx in
                for i in 0..<2_100 {
                    _ = try tx.insertCase(
                        Fixtures.newCase(
                            i % 3 == 1 ? "SN-2" : "SN-1", customer: i % 3 == 1 ? "C-BLUM" : "C-ACME",
                            subject: subjects[i % 3] + (i % 50 == 0 ? " at the gasket" : "")), by: "agnes")
                }
            }

            try db.read { tx throws in
                let query = { (term: String, view: QueueQuery.View) in
                    QueueQuery(view: view, account: "agnes", today: Fixtures.today, search: term)
                }
                let plan = { (term: String) in try tx.searchPlan(query(term, .all)) }
                // Then
                #expect(try plan("blumen") == .fromMatches) // 700 matches
                #expect(try plan("rattles") == .fromMatches)
                #expect(try plan("p") == .walkTestingEach) // every case
                #expect(try plan("pump") == .walkTestingEach)
                #expect(try plan("") == .fromMatches)
                // Past a few matches, the share of the latest cases decides
                #expect(try tx.searchPlan(query("gasket", .all), fewMatches: 20) == .walkAgainstMatches)
                #expect(try tx.searchPlan(query("blumen", .all), fewMatches: 20) == .walkTestingEach)
                #expect(try tx.searchPlan(query("gasket", .all), fewMatches: 50) == .fromMatches) // 42
                // The open cases' matches are read into a set, however short the term
                #expect(try tx.searchPlan(query("p", .open)) == .walkAgainstMatches)
                #expect(try tx.searchPlan(query("blumen", .open)) == .fromMatches)
            }
        }
    }

    @Test("\"Mine\" means the account the query names")
    func mineIsPerAccount() throws {
        try withStore(.memory) { db throws in
            // Given
            let cases = try buildQueue(db)

            // When / Then
            try db.read { tx throws in
                for account in ["agnes", "arun", "sam", "nobody"] {
                    let q = QueueQuery(view: .mine, sort: .id, account: account, today: Fixtures.today)
                    let want = cases.filter { $0.isOpen && $0.assignee == account }.map(\.id)
                    #expect(try tx.queue(q, limit: 100).map(\.id) == want)
                    #expect(try tx.queueCount(q) == want.count)
                }
            }
        }
    }

    @Test(
        "\"My visits\" are the open cases with a visit of the account's planned or done, never one of no access, today's first"
    )
    func myVisitsArePerAccount() throws {
        try withStore(.memory) { db throws in
            // Given
            let cases = try buildQueue(db)

            // When / Then
            try db.read { tx throws in
                for account in ["agnes", "tom", "nobody"] {
                    let q = QueueQuery(view: .visits, sort: .id, account: account, today: Fixtures.today)
                    let want = cases.filter { c in
                        c.isOpen && c.visit.map { $0.technician == account && $0.status != .noAccess } == true
                    }.map(\.id)
                    #expect(try Set(tx.queue(q, limit: 100).map(\.id)) == Set(want))
                    #expect(try tx.queueCount(q) == want.count)
                    #expect(account == "nobody" || !want.isEmpty, "\(account) has visits in the fixture")
                }
                // And in the order of his day: today's visits by start, then the coming days', then earlier ones
                let days = try tx.queue(QueueQuery(view: .visits, account: "agnes", today: Fixtures.today), limit: 100)
                    .map { row in cases.first { $0.id == row.id }!.visitDay }
                #expect(days == days.sorted() && Set(days) == [0, 1, 2], "\(days)")
                // And the view reads his visits from their index, not every case's
                let q = QueueQuery(view: .visits, account: "tom", today: Fixtures.today)
                let steps = try plan(tx, tx.queueSQL(q, page: .offset(0), limit: 30))
                #expect(steps.contains { $0.contains("INDEX visit_technician") }, "\(steps)")
            }
        }
    }

    @Test("Due today takes everything due before midnight, overdue included, and nothing at midnight or later")
    func dueTodayBoundary() throws {
        try withStore(.memory) { db throws in
            // Given: due at 23:59:59 today, at midnight, and one second before today began
            let ids = try db.perform(Fixtures.command("open", undoable: false)) { tx -> [CaseID] in
                try [endOfToday.adding(seconds: -1), endOfToday, Timestamp(date: Fixtures.today).adding(seconds: -1)]
                    .map { due in
                        let id = try tx.insertCase(Fixtures.newCase(), by: "agnes")
                        var c = try #require(try tx.serviceCase(id))
                        c.slaDue = due
                        try tx.updateCase(c)
                        return id
                    }
            }

            // When
            let q = QueueQuery(view: .dueToday, sort: .sla, account: "agnes", today: Fixtures.today)
            let rows = try db.read { try $0.queue(q) }

            // Then
            #expect(rows.map(\.id) == [ids[2], ids[0]])
        }
    }

    @Test("Filters by status, customer and serial narrow any view, and the count agrees")
    func filters() throws {
        try withStore(.memory) { db throws in
            // Given
            let cases = try buildQueue(db)
            let queries = [
                QueueQuery(view: .all, sort: .age, account: "agnes", today: Fixtures.today, status: .resolved),
                QueueQuery(view: .open, sort: .priority, account: "agnes", today: Fixtures.today, customerID: "C-BLUM"),
                QueueQuery(view: .mine, sort: .sla, account: "arun", today: Fixtures.today, serial: "SN-3"),
                QueueQuery(
                    view: .all, sort: .id, account: "agnes", today: Fixtures.today, status: .closed,
                    customerID: "C-ACME", serial: "SN-1"),
                QueueQuery(view: .open, sort: .id, account: "agnes", today: Fixtures.today, status: .closed),
            ]
            // When / Then
            try db.read { tx throws in
                for q in queries {
                    let want = expected(cases, q).map(\.id)
                    #expect(try tx.queueCount(q) == want.count)
                    try checkPages(tx, q, want, limit: 4)
                }
                #expect(try tx.queueCount(queries[4]) == 0)
            }
        }
    }

    @Test("A queue row carries what the queue shows: customer name, entitlement and failing checks")
    func rowContents() throws {
        try withStore(.memory) { db throws in
            // Given
            let id = try db.perform(Fixtures.command("open", undoable: false)) { tx in
                let id = try tx.insertCase(
                    Fixtures.newCase(
                        "SN-2", customer: "C-BLUM", subject: "No hot water", priority: 1, assignee: "arun"), by: "arun")
                var c = try #require(try tx.serviceCase(id))
                c.slaDue = Fixtures.at(240)
                c.status = .resolved
                try tx.updateCase(c)
                try tx.saveCaseState(
                    id, CaseState(entitlement: .contract, entitlementOK: true, checks: Fixtures.checks(failing: 2)))
                return id
            }
            let bare = try db.perform(Fixtures.command("open", undoable: false)) {
                try $0.insertCase(Fixtures.newCase(), by: "agnes")
            }

            // When
            let rows = try db.read {
                try $0.queue(QueueQuery(view: .all, sort: .id, account: "arun", today: Fixtures.today))
            }

            // Then
            #expect(
                rows == [
                    QueueRow(
                        id: id, status: .resolved, priority: 1, slaDue: Fixtures.at(240), openedAt: Fixtures.now,
                        customerName: "Blumenthal Hotels", serial: "SN-2", subject: "No hot water", assignee: "arun",
                        entitlement: .contract, failingChecks: 2),
                    QueueRow(
                        id: bare, status: .new, priority: 2, slaDue: nil, openedAt: Fixtures.now,
                        customerName: "Acme Bakery",
                        serial: "SN-1", subject: "Pump leaks", assignee: "agnes", entitlement: nil, failingChecks: 0),
                ])
        }
    }

    @Test("An empty store shows empty pages and counts zero in every view")
    func emptyQueue() throws {
        try withStore(.memory) { db throws in
            // Given a store with master data and no cases
            // When / Then
            try db.read { tx throws in
                for view in QueueQuery.View.allCases {
                    let q = QueueQuery(view: view, account: "agnes", today: Fixtures.today)
                    #expect(try tx.queue(q) == [])
                    #expect(try tx.queueCount(q) == 0)
                }
            }
        }
    }
}
