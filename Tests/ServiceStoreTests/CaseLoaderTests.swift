import Foundation
import GRDB
import ServiceCore
import Synchronization
import Testing

@testable import ServiceStore

/// One case's work, as a generator would work it in memory: SN-1 under its asset warranty,
/// a visit by tom, a seal from the north shelf and an hour's labour, billed and closed by sam.
private struct OneCase {
    let e: Entitlement
    let lines: [CaseLine]
    let drafts: [OutcomeDraft]
    let issuedAt = Fixtures.at(180)

    init(firstLine: LineID, caseID: CaseID) {
        let f = Fixtures.self
        e = EntitlementEngine.verify(
            EntitlementInput(
                asset: f.sn1, item: f.pump, templates: ["WT-STD": f.standard, "WT-GEN24": f.generic],
                spent: [:], contracts: [], rules: [], reportedOn: f.today))
        var seal = CaseLine(
            id: firstLine, caseID: caseID, number: 1, kind: .part, description: "1 × P-SEAL Pump seal kit",
            amount: f.seal.listPrice)
        seal.sku = "P-SEAL"
        seal.quantity = 1
        seal.bin = "WH-N-A1"
        seal.category = "Mechanical"
        var labour = CaseLine(
            id: LineID(firstLine.rawValue + 1), caseID: caseID, number: 2, kind: .labour,
            description: "60 min labour (tom)", amount: Money(minorUnits: 6000))
        labour.minutes = 60
        labour.technician = "tom"
        lines = [seal, labour]
        drafts = Outcomes.expected(
            for: e, coverage: CoverageCalculator.compute(lines: lines, entitlement: e, adjustments: CaseAdjustments()))
    }

    var coverage: CoverageResult {
        CoverageCalculator.compute(lines: lines, entitlement: e, adjustments: CaseAdjustments())
    }

    func serviceCase(_ id: CaseID) -> ServiceCase {
        ServiceCase(
            id: id, customerID: "C-ACME", serial: "SN-1", subject: "Pump leaks", reportedOn: Fixtures.today,
            openedAt: Fixtures.now, priority: 2, assignee: "agnes", contact: "Jo 555-0101",
            slaDue: e.responseHours.map { Fixtures.now.adding(hours: $0) }, status: .closed,
            resolutionCode: "REPLACED-PART", technicianNotes: "Replaced the seal")
    }

    func closing(_ c: ServiceCase, _ outcomes: [BillingOutcome], costs: [LineCost]) -> ClosingEffects {
        ClosingEffects(
            closing: 1, serviceCase: c, entitlement: e, coverage: coverage, outcomes: outcomes, lines: lines,
            costs: costs)
    }
}

/// Ten seals on the north shelf, received the same way in every database.
private func stocked(_ db: AppDatabase) throws {
    try db.perform(Fixtures.command("receive", undoable: false)) { tx in
        try tx.receive("P-SEAL", 10, into: "WH-N-A1", unitCost: Fixtures.seal.standardCost, by: "ada", at: Fixtures.now)
    }
}

@Suite("Loading worked cases")
struct CaseLoaderTests {
    @Test(
        "A case written by the loader leaves every row, id and sum the store's intent methods leave for the same work (SQLite)",
        arguments: Storage.sqlite)
    func sameRowsAsCommands(_ storage: Storage) throws {
        // The same work, through the intent methods a command uses…
        let byCommands = try withStore(storage) { db throws in
            try stocked(db)
            try db.bulkWrite { tx in
                let id = try tx.insertCase(Fixtures.newCase(), by: "agnes")
                let work = OneCase(firstLine: LineID(1), caseID: id)
                try tx.recordEntitlement(caseID: id, work.e, onDate: Fixtures.today, by: "agnes", at: Fixtures.now)
                let visit = try tx.insertVisit(
                    caseID: id, technician: "tom", startsAt: Fixtures.at(60), endsAt: work.issuedAt)
                try tx.setVisitStatus(visit, .done)
                let seal = try tx.insertLine(work.lines[0], at: work.issuedAt)
                _ = try tx.insertLine(work.lines[1], at: work.issuedAt)
                try tx.apply(
                    .issue(
                        IssueDraft(
                            caseID: id, lineID: seal.id, sku: "P-SEAL", bin: "WH-N-A1", quantity: 1,
                            fromReservations: [:])),
                    by: "tom", at: work.issuedAt)
                let ids = try tx.replaceOutcomes(caseID: id, with: work.drafts, by: "agnes", at: Fixtures.at(200))
                let outcomes = zip(ids, work.drafts).map {
                    BillingOutcome(id: $0, caseID: id, draft: $1, createdBy: "agnes", createdAt: Fixtures.at(200))
                }
                try tx.updateCase(work.serviceCase(id))
                try tx.markClosed(id, by: "sam", at: Fixtures.at(300))
                let closing = work.closing(work.serviceCase(id), outcomes, costs: try tx.lineCosts(caseID: id))
                try tx.setClosings(caseID: id, 1)
                for (key, amount) in closing.spent { try tx.addSpent(key, amount) }
                for p in closing.postings {
                    try tx.insertPosting(p, caseID: id, closing: 1, by: "sam", at: Fixtures.at(300))
                }
                try tx.saveCaseState(id, CaseState(entitlement: work.e.outcome, checks: Fixtures.checks(failing: 0)))
            }
            return try snapshot(db)
        }
        // …and worked in memory, then loaded
        let byLoader = try withStore(storage) { db throws in
            try stocked(db)
            try db.bulkWrite { tx in
                let loader = try CaseLoader(tx)
                let next = try loader.nextIDs()
                let id = CaseID(next.caseID)
                let work = OneCase(firstLine: LineID(next.line), caseID: id)
                var w = WorkedCase(serviceCase: work.serviceCase(id), version: next.version, changedBy: "agnes")
                w.verifications = [.init(entitlement: work.e, by: "agnes", at: Fixtures.now)]
                w.visits = [
                    Visit(
                        id: VisitID(next.visit), caseID: id, technician: "tom", startsAt: Fixtures.at(60),
                        endsAt: work.issuedAt, status: .done)
                ]
                w.lines = work.lines
                w.linesAt = work.issuedAt
                w.movements = [
                    MovementDraft(
                        kind: .issue, sku: "P-SEAL", bin: "WH-N-A1", onHand: -1, unitCost: Fixtures.seal.standardCost,
                        caseID: id, lineID: work.lines[0].id, by: "tom", at: work.issuedAt)
                ]
                w.outcomes = work.drafts.enumerated().map {
                    BillingOutcome(
                        id: OutcomeID(next.outcome + Int64($0.offset)), caseID: id, draft: $0.element,
                        createdBy: "agnes", createdAt: Fixtures.at(200))
                }
                let costs = [
                    LineCost(lineID: work.lines[0].id, sku: "P-SEAL", quantity: 1, value: Fixtures.seal.standardCost)
                ]
                w.closing = .init(
                    effects: work.closing(w.serviceCase, w.outcomes, costs: costs), by: "sam", at: Fixtures.at(300))
                w.state = CaseState(entitlement: work.e.outcome, checks: Fixtures.checks(failing: 0))
                try loader.write(try CaseLoader.prepare([w], coresBins: loader.coresBins))
                try loader.finish()
            }
            return try snapshot(db)
        }
        // Then every table holds the same rows: the case, its check, visit, lines, the issue
        // movement, outcomes and portions, postings, spend, stock, valuation, change sequence
        #expect(byCommands.keys.sorted() == byLoader.keys.sorted())
        // (The open cases' index's own b-tree is left out: it held the case until it closed,
        // where the loader writes it closed; its content, `case_search_open`, is compared.)
        let indexTrees = ["case_search_open_data", "case_search_open_idx"]
        for table in byCommands.keys.sorted() where !indexTrees.contains(table) {
            #expect(byCommands[table] == byLoader[table], "\(table)")
        }
        // And the work really happened: a closed case with postings, one seal fewer on the shelf
        #expect(byLoader["posting"]?.isEmpty == false)
        #expect(byLoader["stock"]?.contains { $0.contains("on_hand:9") } == true, "\(byLoader["stock"] ?? [])")
    }

    @Test(
        "A load sets the loaded tables' indexes and the search trigger aside and makes them again from their own SQL; search finds the loaded cases (SQLite)",
        arguments: Storage.sqlite)
    func derivedStateRebuilt(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            let schema = {
                try db.read { tx in
                    try Row.fetchAll(tx.db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")
                        .map(\.description)
                }
            }
            let before = try schema()
            try db.loadingCases("test load") { load in
                // While loading, the non-unique indexes of the case tables and the search trigger are gone
                let during = try schema()
                #expect(
                    !during.contains { $0.contains("case_status_due") }
                        && !during.contains { $0.contains("case_search_insert") }
                        && !during.contains { $0.contains("case_search_open_insert") })
                #expect(
                    during.contains { $0.contains("case_erp_key") },
                    "a unique index stays: it is a rule, not a speed-up")
                try load.transaction { tx in
                    let loader = try CaseLoader(tx)
                    let next = try loader.nextIDs()
                    for (i, subject) in ["Boiler knocks", "Pump leaks"].enumerated() {
                        let c = ServiceCase(
                            id: CaseID(next.caseID + Int64(i)), customerID: "C-BLUM", serial: "SN-2", subject: subject,
                            reportedOn: Fixtures.today, openedAt: Fixtures.now, priority: 2, assignee: "agnes",
                            status: .verified)
                        try loader.write(
                            try CaseLoader.prepare(
                                [WorkedCase(serviceCase: c, version: next.version + Int64(i), changedBy: "agnes")],
                                coresBins: []))
                    }
                    try loader.finish()
                }
            }
            #expect(try schema() == before)
            // The search index holds what its trigger would have written: subject, customer name, serial
            let found = try db.read { tx in
                try Int64.fetchAll(
                    tx.db, sql: "SELECT rowid FROM case_search WHERE case_search MATCH ? ORDER BY rowid",
                    arguments: ["blumenthal boiler"])
            }
            #expect(found.count == 1)
            try db.bulkWrite { tx in
                for index in ["case_search", "case_search_open"] {
                    try tx.db.execute(sql: "INSERT INTO \(index) (\(index), rank) VALUES ('integrity-check', 1)")
                }
                // Both loaded cases are open: the open cases' index has them too
                #expect(
                    try Int.fetchOne(
                        tx.db, sql: "SELECT count(*) FROM case_search_open WHERE case_search_open MATCH 'pump'")
                        == 1)
            }
            #expect(try db.read { try $0.count(table: "service_case") } == 2)
        }
    }

    @Test("A load that left a row naming a missing one fails at its end, and the database stays unfinished")
    func danglingReference() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("generated.sqlite")
            let db = try AppDatabase.create(
                at: path, kind: .training, creator: Fixtures.ada, at: Fixtures.now, businessDate: Fixtures.today)
            try db.perform(Fixtures.command("seed", undoable: false)) { try Fixtures.seed($0) }
            // Given a worked case for a customer and an asset nobody has heard of
            let ghost = ServiceCase(
                id: CaseID(1), customerID: "C-GHOST", serial: "SN-GHOST", subject: "Nothing",
                reportedOn: Fixtures.today,
                openedAt: Fixtures.now, priority: 2, assignee: "agnes", status: .verified)
            #expect {
                try db.loadingCases("generate --cases 1") { load in
                    try load.transaction { tx in
                        let loader = try CaseLoader(tx)
                        try loader.write(
                            try CaseLoader.prepare(
                                [WorkedCase(serviceCase: ghost, version: 1, changedBy: "agnes")], coresBins: []))
                        try loader.finish()
                    }
                }
            } throws: { error in
                "\(error)".hasPrefix(
                    "the load left 2 rows referring to rows that do not exist, the first a row of service_case")
            }
            #expect(throws: StoreError.unfinished(path: path, what: "generate --cases 1", kind: .training)) {
                try AppDatabase.open(at: path)
            }
        }
    }

    @Test(
        "A row SQLite refuses fails the load's transaction with SQLite's own words, the statement and the row named, and writes none of it",
        arguments: [2, CaseLoader.rowsAtOnce + 6])
    func refusedRow(cases: Int) throws {
        try withTemporaryDirectory { dir throws in
            let db = try AppDatabase.create(
                at: dir.file("generated.sqlite"), kind: .training, creator: Fixtures.ada, at: Fixtures.now,
                businessDate: Fixtures.today)
            try db.perform(Fixtures.command("seed", undoable: false)) { try Fixtures.seed($0) }
            func worked(_ id: Int64, _ subject: String) -> WorkedCase {
                WorkedCase(
                    serviceCase: ServiceCase(
                        id: CaseID(id), customerID: "C-BLUM", serial: "SN-2", subject: subject,
                        reportedOn: Fixtures.today, openedAt: Fixtures.now, priority: 2, assignee: "agnes",
                        status: .verified),
                    version: id, changedBy: "agnes")
            }
            // Given a batch where a case takes the first one's number: the second of two, or,
            // with more cases than one INSERT writes at once, one in the middle of such a statement
            let duplicate = cases > CaseLoader.rowsAtOnce ? 40 : 1
            let batch = try CaseLoader.prepare(
                (0..<cases).map { i in worked(i == duplicate ? 1 : Int64(i + 1), "Case \(i)") }, coresBins: [])
            #expect {
                try db.loadingCases("generate --cases \(cases)") { load in
                    try load.transaction { tx in try CaseLoader(tx).write(batch) }
                }
            } throws: { error in
                let said = "\(error)"
                let arguments = (error as? DatabaseError)?.arguments.map { "\($0)" } ?? ""
                return said.contains("UNIQUE constraint failed: service_case.id")
                    && said.contains("INSERT INTO service_case") && arguments.contains("\"Case \(duplicate)\"")
            }
            // The cases before it went with the transaction
            let written = try DatabaseQueue(path: dir.file("generated.sqlite")).read {
                try Int.fetchOne($0, sql: "SELECT count(*) FROM service_case")
            }
            #expect(written == 0)
        }
    }

    @Test(
        "Asked to stop, a load ends at its next step — in its body, or between the indexes it makes again — and stays unfinished",
        arguments: [0, 1])
    func stopRequested(checksAllowed: Int) throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("generated.sqlite")
            let db = try AppDatabase.create(
                at: path, kind: .training, creator: Fixtures.tina, at: Fixtures.now, businessDate: Fixtures.today)
            let checks = Checks()
            #expect(throws: StoppedByRequest.self) {
                try db.loadingCases("generate --cases 10", stop: { checks.next() > checksAllowed }) { load in
                    try load.checkStop()
                }
            }
            #expect(checks.count == checksAllowed + 1, "it stopped at the first check after the allowed ones")
            #expect(throws: StoreError.unfinished(path: path, what: "generate --cases 10", kind: .training)) {
                try AppDatabase.open(at: path)
            }
        }
    }

    @Test(
        "A load that stops half-way leaves the database marked unfinished: opening it is refused, naming what stopped and what to do"
    )
    func unfinishedRefused() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("generated.sqlite")
            let db = try AppDatabase.create(
                at: path, kind: .training, creator: Fixtures.tina, at: Fixtures.now, businessDate: Fixtures.today)
            #expect(throws: Boom.self) { try db.loadingCases("generate --cases 10") { _ in throw Boom() } }
            #expect(throws: StoreError.unfinished(path: path, what: "generate --cases 10", kind: .training)) {
                try AppDatabase.open(at: path)
            }
            #expect(
                "\(StoreError.unfinished(path: path, what: "generate --cases 10", kind: .training))"
                    == "\(path) is unfinished: `generate --cases 10` stopped before it had built it; it was left as it is — delete it and run that again"
            )
        }
    }
}

/// Counts the stop checks a load makes.
private final class Checks: Sendable {
    private let made = Atomic<Int>(0)
    var count: Int { made.load(ordering: .relaxed) }
    /// How many checks have been made, this one included.
    func next() -> Int { made.add(1, ordering: .relaxed).newValue }
}
