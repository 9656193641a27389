import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore

private func version(_ db: AppDatabase, _ id: CaseID) throws -> (Int64, String)? {
    try db.read { tx in
        try Row.fetchOne(tx.db, sql: "SELECT version, changed_by FROM service_case WHERE id = ?", arguments: [id])
            .map { ($0["version"], $0["changed_by"]) }
    }
}

private func line(
    _ caseID: CaseID, _ kind: LineKind, _ description: String, _ cents: Int64, sku: String? = nil,
    quantity: Int? = nil, minutes: Int? = nil
) -> CaseLine {
    CaseLine(
        id: LineID(0), caseID: caseID, number: 0, kind: kind, description: description,
        amount: Money(minorUnits: cents),
        sku: sku, quantity: quantity, bin: sku == nil ? nil : "WH-N-A1", category: sku == nil ? nil : "Mechanical",
        minutes: minutes, technician: minutes == nil ? nil : "tom")
}

@Suite("Cases and what hangs off them")
struct CaseStoreTests {
    @Test(
        "Opening a case gives it the next id, status new, a fresh version and its opener", arguments: Storage.allCases)
    func insertCase(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // When
            let (first, second) = try db.perform(Fixtures.command("open two", by: "agnes")) { tx in
                let a = try tx.insertCase(Fixtures.newCase(), by: "agnes")
                var imported = Fixtures.newCase(
                    "SN-2", customer: "C-BLUM", subject: "History", priority: 4, assignee: "arun")
                imported.imported = true
                let b = try tx.insertCase(imported, by: "arun")
                #expect(tx.commandCase == b)
                return (a, b)
            }

            // Then
            #expect(first == CaseID(1))
            #expect(second == CaseID(2))
            #expect(
                try db.read { try $0.serviceCase(first) }
                    == ServiceCase(
                        id: first, customerID: "C-ACME", serial: "SN-1", subject: "Pump leaks",
                        reportedOn: Fixtures.today,
                        openedAt: Fixtures.now, priority: 2, assignee: "agnes", contact: "Jo 555-0101"))
            #expect(try db.read { try $0.serviceCase(second)?.imported } == true)
            #expect(try version(db, first) ?? (0, "") == (1, "agnes"))
            #expect(try version(db, second) ?? (0, "") == (2, "arun"))
            #expect(try db.read { try $0.caseExists(second) } == true)
            #expect(try db.read { try $0.caseExists(CaseID(3)) } == false)
            #expect(try db.read { try $0.serviceCase(CaseID(3)) } == nil)
        }
    }

    @Test("Touching a case gives it a version never used before and names who changed it")
    func touchCase() throws {
        try withStore(.memory) { db throws in
            // Given
            let (a, b) = try db.perform(Fixtures.command("open two", by: "agnes")) { tx in
                (try tx.insertCase(Fixtures.newCase(), by: "agnes"), try tx.insertCase(Fixtures.newCase(), by: "agnes"))
            }

            // When
            try db.perform(Fixtures.command("touch", by: "arun")) { tx in
                try tx.touchCase(a, by: "arun")
                try tx.touchCase(b, by: "sam")
                #expect(tx.commandCase == a)
            }

            // Then
            #expect(try version(db, a) ?? (0, "") == (3, "arun"))
            #expect(try version(db, b) ?? (0, "") == (4, "sam"))
        }
    }

    @Test(
        "Every field a command edits is saved; cancel and close record why, when and who", arguments: Storage.allCases)
    func updateCancelClose(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let (a, b) = try db.perform(Fixtures.command("open", by: "agnes")) { tx in
                (try tx.insertCase(Fixtures.newCase(), by: "agnes"), try tx.insertCase(Fixtures.newCase(), by: "agnes"))
            }
            var edited = try #require(try db.read { try $0.serviceCase(a) })
            edited.subject = "Pump replaced"
            edited.priority = 1
            edited.assignee = "arun"
            edited.contact = "Liv"
            edited.slaDue = Fixtures.at(240)
            edited.status = .resolved
            edited.resolutionCode = "REPLACED"
            edited.technicianNotes = "Seal gone; pump swapped"
            edited.noParts = true
            edited.noLabour = true

            // When
            try db.perform(Fixtures.command("edit")) { tx in
                try tx.updateCase(edited)
                try tx.markClosed(a, by: "agnes", at: Fixtures.at(300))
                try tx.cancelCase(b, reason: "duplicate call")
            }

            // Then
            var closed = edited
            closed.status = .closed
            #expect(try db.read { try $0.serviceCase(a) } == closed)
            #expect(try db.read { try $0.serviceCase(b)?.status } == .cancelled)
            let row = try #require(
                try db.read { tx in
                    try Row.fetchOne(
                        tx.db,
                        sql:
                            "SELECT closed_at, closed_by, (SELECT cancel_reason FROM service_case WHERE id = 2) AS reason FROM service_case WHERE id = 1"
                    )
                })
            #expect(row["closed_at"] as Int64? == Fixtures.at(300).seconds)
            #expect(row["closed_by"] as String? == "agnes")
            #expect(row["reason"] as String? == "duplicate call")
        }
    }

    @Test("A priority outside 1 to 4 is refused by the schema")
    func priorityCheck() throws {
        try withStore(.memory) { db throws in
            // When
            let error = #expect(throws: DatabaseError.self) {
                try db.perform(Fixtures.command("open")) {
                    try $0.insertCase(Fixtures.newCase(priority: 5), by: "agnes")
                }
            }

            // Then
            #expect(try db.read { try $0.count(table: "service_case") } == 0)
            #expect(error?.message == "CHECK constraint failed: priority BETWEEN 1 AND 4")
        }
    }

    @Test("Visits come back in time order, and their status can change (SQLite)", arguments: Storage.sqlite)
    func visits(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let id = try db.perform(Fixtures.command("open")) { try $0.insertCase(Fixtures.newCase(), by: "agnes") }

            // When
            let (late, early) = try db.perform(Fixtures.command("schedule")) { tx in
                let late = try tx.insertVisit(
                    caseID: id, technician: "tom", startsAt: Fixtures.at(24 * 60), endsAt: Fixtures.at(25 * 60))
                let early = try tx.insertVisit(
                    caseID: id, technician: "tom", startsAt: Fixtures.at(60), endsAt: Fixtures.at(120))
                try tx.setVisitStatus(early, .done)
                return (late, early)
            }

            // Then
            #expect(
                try db.read { try $0.visits(caseID: id) } == [
                    Visit(
                        id: early, caseID: id, technician: "tom", startsAt: Fixtures.at(60), endsAt: Fixtures.at(120),
                        status: .done),
                    Visit(
                        id: late, caseID: id, technician: "tom", startsAt: Fixtures.at(24 * 60),
                        endsAt: Fixtures.at(25 * 60)),
                ])
            #expect(try db.read { try $0.visit(late)?.status } == .planned)
            let error = #expect(throws: DatabaseError.self) {
                try db.perform(Fixtures.command("bad")) {
                    try $0.insertVisit(
                        caseID: id, technician: "tom", startsAt: Fixtures.at(60), endsAt: Fixtures.at(60))
                }
            }
            #expect(error?.message == "CHECK constraint failed: ends_at > starts_at")
        }
    }

    @Test("Lines are numbered from 1 within each case and keep every field", arguments: Storage.allCases)
    func lines(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let (a, b) = try db.perform(Fixtures.command("open")) { tx in
                (try tx.insertCase(Fixtures.newCase(), by: "agnes"), try tx.insertCase(Fixtures.newCase(), by: "agnes"))
            }

            // When
            let saved = try db.perform(Fixtures.command("use")) { tx in
                [
                    try tx.insertLine(line(a, .part, "Pump seal kit", 9_000, sku: "P-SEAL", quantity: 2)),
                    try tx.insertLine(line(b, .travel, "Call-out", 4_500)),
                    try tx.insertLine(line(a, .labour, "Labour 90 min", 9_000, minutes: 90)),
                    try tx.insertLine(line(a, .expense, "Parking", 650)),
                ]
            }
            try db.perform(Fixtures.command("classify")) { tx in
                try tx.setLineClassification(saved[3].id, .goodwill, reasonCode: "GOODWILL-VIP")
            }

            // Then
            #expect(saved.map(\.number) == [1, 1, 2, 3])
            var expected = [saved[0], saved[2], saved[3]]
            expected[2].manualClassification = .goodwill
            expected[2].reasonCode = "GOODWILL-VIP"
            #expect(try db.read { try $0.lines(caseID: a) } == expected)
            #expect(try db.read { try $0.lines(caseID: b) } == [saved[1]])
            #expect(try db.read { try $0.line(saved[0].id) } == saved[0])

            // When the classification is cleared again
            try db.perform(Fixtures.command("unclassify")) {
                try $0.setLineClassification(saved[3].id, nil, reasonCode: nil)
            }

            // Then
            #expect(try db.read { try $0.line(saved[3].id) } == saved[3])
        }
    }

    @Test(
        "Every verification is kept and the latest is the one on record, trail and terms included",
        arguments: Storage.allCases)
    func entitlements(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let id = try db.perform(Fixtures.command("open")) {
                try $0.insertCase(Fixtures.newCase("SN-2", customer: "C-BLUM"), by: "agnes")
            }
            let warranty = Entitlement(
                source: .genericWarranty(template: "WT-GEN24"),
                terms: Terms(
                    coverage: Fixtures.generic.coverage, perIncidentCap: Money(minorUnits: 100_000),
                    lifetimeCap: Money(minorUnits: 200_000)),
                limits: CoverageLimits(lifetimeRemaining: Money(minorUnits: 150_000)), responseHours: 24,
                trail: ["no asset warranty", "generic warranty WT-GEN24 valid until 2026-12-31"])
            let contract = Entitlement(
                source: .contract(number: "SC-1"),
                terms: Terms(
                    coverage: Fixtures.gold.coverage, excludedCategories: ["Electronic Parts"],
                    deductible: Money(minorUnits: 5_000), balanceInMinutes: true),
                limits: CoverageLimits(balance: .minutes(120)), responseHours: 4,
                trail: ["generic warranty passed over", "contract SC-1 lists SN-2"])

            // When
            try db.perform(Fixtures.command("verify")) { tx in
                try tx.recordEntitlement(caseID: id, warranty, onDate: Fixtures.today, by: "agnes", at: Fixtures.at(1))
            }
            let first = try db.read { try $0.latestEntitlement(caseID: id) }
            try db.perform(Fixtures.command("verify")) { tx in
                try tx.recordEntitlement(
                    caseID: id, contract, onDate: Fixtures.day("2026-06-16"), by: "arun", at: Fixtures.at(2))
            }

            // Then
            #expect(first?.entitlement == warranty)
            let latest = try #require(try db.read { try $0.latestEntitlement(caseID: id) })
            #expect(latest.entitlement == contract)
            #expect(latest.onDate == Fixtures.day("2026-06-16"))
            #expect(latest.verifiedBy == "arun")
            #expect(latest.verifiedAt == Fixtures.at(2))
            #expect(try db.read { try $0.count(table: "entitlement_check") } == 2)
            #expect(try db.read { try $0.latestEntitlement(caseID: CaseID(99)) } == nil)
        }
    }

    @Test("Every kind of entitlement source is stored and read back as itself")
    func entitlementSources() throws {
        try withStore(.memory) { db throws in
            // Given
            let id = try db.perform(Fixtures.command("open")) { try $0.insertCase(Fixtures.newCase(), by: "agnes") }
            for source in [
                EntitlementSource.assetWarranty(template: "WT-STD"), .genericWarranty(template: "WT-GEN24"),
                .contract(number: "SC-1"), .none,
            ] {
                // Given
                let e = Entitlement(source: source, terms: .chargeable)

                // When
                try db.perform(Fixtures.command("verify")) {
                    try $0.recordEntitlement(caseID: id, e, onDate: Fixtures.today, by: "agnes", at: Fixtures.now)
                }

                // Then
                #expect(try db.read { try $0.latestEntitlement(caseID: id)?.entitlement } == e)
            }
        }
    }

    @Test(
        "Checks under the same terms share one snapshot, made in the check's transaction; the trail keeps as steps and reads as it was worded",
        arguments: Storage.allCases)
    func termsSnapshotsAndSteps(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given three checks under the same terms and one under others, on two cases
            let ids = try (0..<2).map { _ in
                try db.perform(Fixtures.command("open")) { try $0.insertCase(Fixtures.newCase(), by: "agnes") }
            }
            let gold = Terms(coverage: Fixtures.gold.coverage, excludedCategories: ["Electronic Parts"])
            let steps: [EntitlementStep] = [
                .noRegionalRule(region: "NORTH"), .noAssetWarranty(serial: "SN-1"), .text("checked by phone"),
                .decided(.contract(number: "SC-1")),
            ]
            let e = Entitlement(source: .contract(number: "SC-1"), terms: gold, steps: steps)
            var other = e
            other.terms.deductible = Money(minorUnits: 5_000)

            // When
            for (i, (id, entitlement)) in [(ids[0], e), (ids[1], e), (ids[0], other), (ids[0], e)].enumerated() {
                try db.perform(Fixtures.command("verify")) { tx in
                    try tx.recordEntitlement(
                        caseID: id, entitlement, onDate: Fixtures.today, by: "agnes", at: Fixtures.at(i))
                }
            }
            // and a check whose write fails leaves no snapshot of its terms
            var refused = e
            refused.terms.deductible = Money(minorUnits: 7_000)
            #expect(throws: (any Error).self) {
                try db.perform(Fixtures.command("verify")) { tx in
                    try tx.recordEntitlement(
                        caseID: ids[0], refused, onDate: Fixtures.today, by: "agnes", at: Fixtures.now)
                    throw StoreError.invalid("refused")
                }
            }

            // Then
            let (checks, snapshots, trails) = try db.read { tx in
                (
                    try tx.count(table: "entitlement_check"), try tx.count(table: "terms_snapshot"),
                    try String.fetchAll(tx.db, sql: "SELECT DISTINCT trail FROM entitlement_check")
                )
            }
            #expect(checks == 4 && snapshots == 2)
            #expect(trails == [#"[["r-","NORTH"],["an","SN-1"],"checked by phone",["dc","SC-1"]]"#])
            #expect(try db.read { try $0.latestEntitlement(caseID: ids[0])?.entitlement } == e)
            #expect(try db.read { try $0.latestEntitlement(caseID: ids[1])?.entitlement.terms } == gold)
            #expect(
                try db.read { try $0.latestEntitlement(caseID: ids[1])?.entitlement.trail } == [
                    "region NORTH: no regional rule", "SN-1 has no asset warranty", "checked by phone",
                    "→ contract: contract SC-1",
                ])
            // A snapshot never changes, nor goes
            for sql in ["UPDATE terms_snapshot SET terms = '{}'", "DELETE FROM terms_snapshot"] {
                #expect(throws: (any Error).self) {
                    try db.perform(Fixtures.command("edit")) { try $0.db.execute(sql: sql) }
                }
            }
        }
    }

    @Test("New outcomes supersede the active ones, which stay as inactive history", arguments: Storage.allCases)
    func outcomes(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let (id, lines) = try db.perform(Fixtures.command("open")) { tx in
                let id = try tx.insertCase(Fixtures.newCase("SN-2", customer: "C-BLUM"), by: "agnes")
                return (
                    id,
                    [
                        try tx.insertLine(line(id, .part, "Seal", 9_000, sku: "P-SEAL", quantity: 2)),
                        try tx.insertLine(line(id, .labour, "Labour", 6_000, minutes: 60)),
                    ]
                )
            }
            let first = [
                OutcomeDraft(
                    kind: .invoiceTrigger,
                    portions: [
                        Portion(lineID: lines[0].id, kind: .customer, amount: Money(minorUnits: 9_000)),
                        Portion(lineID: lines[1].id, kind: .customer, amount: Money(minorUnits: 6_000)),
                    ])
            ]
            let second = [
                OutcomeDraft(
                    kind: .contractDebit,
                    portions: [
                        Portion(lineID: lines[1].id, kind: .covered, amount: Money(minorUnits: 6_000)),
                        Portion(lineID: lines[0].id, kind: .covered, amount: Money(minorUnits: 4_000)),
                    ],
                    contract: "SC-1", debit: .minutes(60)),
                OutcomeDraft(
                    kind: .invoiceTrigger,
                    portions: [Portion(lineID: lines[0].id, kind: .customer, amount: Money(minorUnits: 5_000))]),
            ]

            // When
            let firstIDs = try db.perform(Fixtures.command("bill")) {
                try $0.replaceOutcomes(caseID: id, with: first, by: "agnes", at: Fixtures.at(1))
            }
            let secondIDs = try db.perform(Fixtures.command("bill")) {
                try $0.replaceOutcomes(caseID: id, with: second, by: "arun", at: Fixtures.at(2))
            }

            // Then
            #expect(firstIDs == [OutcomeID(1)])
            #expect(secondIDs == [OutcomeID(2), OutcomeID(3)])
            #expect(
                try db.read { try $0.activeOutcomes(caseID: id) } == [
                    BillingOutcome(
                        id: OutcomeID(2), caseID: id, draft: second[0], createdBy: "arun", createdAt: Fixtures.at(2)),
                    BillingOutcome(
                        id: OutcomeID(3), caseID: id, draft: second[1], createdBy: "arun", createdAt: Fixtures.at(2)),
                ])
            let totals = try db.read { tx in
                try Row.fetchAll(tx.db, sql: "SELECT id, active, total FROM billing_outcome ORDER BY id").map {
                    "\($0["id"] as Int64) \($0["active"] as Int) \($0["total"] as Int64)"
                }
            }
            #expect(totals == ["1 0 15000", "2 1 10000", "3 1 5000"])
        }
    }

    @Test(
        "A contract balance is debited, never below zero, and a contract without one is left alone (SQLite)",
        arguments: Storage.sqlite)
    func contractBalance(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            var noBalance = Fixtures.gold
            noBalance.number = "SC-9"
            noBalance.balance = nil
            try db.perform(Fixtures.command("contract")) { try $0.saveContract(noBalance) }

            // When
            try db.perform(Fixtures.command("close")) { tx in
                try tx.debitContractBalance("SC-1", by: .minutes(45))
                try tx.debitContractBalance("SC-9", by: .money(Money(minorUnits: 1_000)))
            }

            // Then
            #expect(try db.read { try $0.contract("SC-1")?.balance } == .minutes(75))
            #expect(try db.read { try $0.contract("SC-9")?.balance } == nil)
            let error = #expect(throws: DatabaseError.self) {
                try db.perform(Fixtures.command("overdraw")) { try $0.debitContractBalance("SC-1", by: .minutes(76)) }
            }
            #expect(error?.message == "CHECK constraint failed: balance >= 0")
            #expect(try db.read { try $0.contract("SC-1")?.balance } == .minutes(75))
        }
    }

    @Test("Override requests wait as pending until a supervisor decides them", arguments: Storage.allCases)
    func overrides(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let id = try db.perform(Fixtures.command("open")) { try $0.insertCase(Fixtures.newCase(), by: "agnes") }
            let request = OverrideRequest(
                id: OverrideID(0), caseID: id, kind: .waiveDeductible, reasonCode: "VIP",
                note: "long-standing customer", requestedBy: "agnes", requestedAt: Fixtures.at(1))
            let goodwill = OverrideRequest(
                id: OverrideID(0), caseID: id, kind: .goodwill, amount: Money(minorUnits: 2_500),
                reasonCode: "GOODWILL", note: "late visit", requestedBy: "agnes", requestedAt: Fixtures.at(2))

            // When
            let (first, second) = try db.perform(Fixtures.command("request")) { tx in
                (try tx.insertOverride(request), try tx.insertOverride(goodwill))
            }
            #expect(try db.read { try $0.pendingOverrides().map(\.id) } == [first, second])
            try db.perform(Fixtures.command("approve", by: "sam")) { tx in
                try tx.decideOverride(first, .approved, by: "sam", at: Fixtures.at(3), note: "ok")
            }

            // Then
            var decided = request
            decided.id = first
            decided.status = .approved
            decided.decidedBy = "sam"
            decided.decidedAt = Fixtures.at(3)
            decided.decisionNote = "ok"
            var pending = goodwill
            pending.id = second
            #expect(try db.read { try $0.overrides(caseID: id) } == [decided, pending])
            #expect(try db.read { try $0.overrideRequest(first) } == decided)
            #expect(try db.read { try $0.pendingOverrides() } == [pending])
            #expect(try db.read { try $0.pendingOverrides(limit: 0) } == [])
        }
    }

    @Test("The closure state of a case is saved, replaced and read back", arguments: Storage.allCases)
    func caseState(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let id = try db.perform(Fixtures.command("open")) { try $0.insertCase(Fixtures.newCase(), by: "agnes") }
            let blocked = CaseState(entitlement: .warranty, entitlementOK: true, checks: Fixtures.checks(failing: 3))
            let ready = CaseState(entitlement: .contract, entitlementOK: true, checks: Fixtures.checks(failing: 0))

            // When
            try db.perform(Fixtures.command("refresh")) { try $0.saveCaseState(id, blocked) }

            // Then
            #expect(try db.read { try $0.caseState(id) } == blocked)
            #expect(blocked.failing == 3)
            #expect(try db.read { try Int.fetchOne($0.db, sql: "SELECT failing FROM case_state") } == 3)

            // When
            try db.perform(Fixtures.command("refresh")) { try $0.saveCaseState(id, ready) }

            // Then
            #expect(try db.read { try $0.caseState(id) } == ready)
            #expect(try db.read { try $0.count(table: "case_state") } == 1)
            #expect(try db.read { try $0.caseState(CaseID(42)) } == nil)
        }
    }

    @Test(
        "A checklist that passed whole is kept as codes, no sentences, and read back in the same words from the case's rows; sentences the rows do not word are kept",
        arguments: Storage.allCases)
    func caseStateAsCodes(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given a verified case
            let id = try db.perform(Fixtures.command("open")) { tx in
                let id = try tx.insertCase(Fixtures.newCase(), by: "agnes")
                try tx.recordEntitlement(
                    caseID: id,
                    Entitlement(source: .contract(number: "SC-1"), terms: Terms(coverage: Fixtures.gold.coverage)),
                    onDate: Fixtures.today, by: "agnes", at: Fixtures.at(1))
                return id
            }
            let facts = try #require(try db.read { try $0.closureFacts(id) })
            let passed = CaseState(entitlement: .contract, checks: ClosureChecklist.allPassed(facts))
            let stored = {
                try db.read {
                    try Row.fetchOne(
                        $0.db, sql: "SELECT failed, checks FROM case_state WHERE case_id = ?", arguments: [id])
                }
            }

            // When its checklist passed whole
            try db.perform(Fixtures.command("refresh")) { try $0.saveCaseState(id, passed) }

            // Then no sentence is stored, and it reads back as it was
            let row = try #require(try stored())
            #expect(row["failed"] as String == "" && row["checks"] as String? == nil)
            #expect(try db.read { try $0.caseState(id) } == passed)
            #expect(passed.checks.first?.message == "contract: contract SC-1")

            // When one of its passing sentences is not the rows' wording, or a check fails
            var reworded = passed
            reworded.checks[0].message = "contract, said on the phone"
            var failing = passed
            failing.checks[2] = ClosureCheck(id: .usageRecorded, passed: false, message: "no labour")
            for state in [reworded, failing] {
                try db.perform(Fixtures.command("refresh")) { try $0.saveCaseState(id, state) }

                // Then the sentences are kept, with the failing checks' codes
                let row = try #require(try stored())
                #expect(row["checks"] as String? != nil)
                #expect(row["failed"] as String == (state == failing ? "usage" : ""))
                #expect(try db.read { try $0.caseState(id) } == state)
            }
        }
    }

    @Test("The open cases an edit or a closing may affect are found by asset, customer, template and contract")
    func affectedCases() throws {
        try withStore(.memory) { db throws in
            // Given: cases 1–2 on SN-1 (C-ACME), 3 on SN-2 (C-BLUM), 4 on SN-3 (C-CORV), 5 closed on SN-1, 6 cancelled on SN-2
            let ids = try db.perform(Fixtures.command("open", by: "agnes", undoable: false)) { tx -> [CaseID] in
                let specs = [
                    ("SN-1", "C-ACME"), ("SN-1", "C-ACME"), ("SN-2", "C-BLUM"), ("SN-3", "C-CORV"), ("SN-1", "C-ACME"),
                    ("SN-2", "C-BLUM"),
                ]
                let ids = try specs.map { try tx.insertCase(Fixtures.newCase($0.0, customer: $0.1), by: "agnes") }
                try tx.markClosed(ids[4], by: "agnes", at: Fixtures.now)
                try tx.cancelCase(ids[5], reason: "duplicate")
                let onContract = Entitlement(source: .contract(number: "SC-1"), terms: .chargeable)
                // Case 3 is on SC-1 now; case 4 was on SC-1 but its latest verification says chargeable.
                try tx.recordEntitlement(
                    caseID: ids[2], onContract, onDate: Fixtures.today, by: "agnes", at: Fixtures.now)
                try tx.recordEntitlement(
                    caseID: ids[3], onContract, onDate: Fixtures.today, by: "agnes", at: Fixtures.now)
                try tx.recordEntitlement(
                    caseID: ids[3], Entitlement(source: .none, terms: .chargeable), onDate: Fixtures.today, by: "agnes",
                    at: Fixtures.now)
                try tx.recordEntitlement(
                    caseID: ids[5], onContract, onDate: Fixtures.today, by: "agnes", at: Fixtures.now)
                return ids
            }

            try db.read { tx throws in
                // When / Then
                #expect(try tx.openCasesSharingCover(with: ids[0], contract: nil) == [ids[1]])
                #expect(try tx.openCasesSharingCover(with: ids[0], contract: "SC-1").sorted() == [ids[1], ids[2]])
                #expect(try tx.openCasesSharingCover(with: ids[2], contract: "SC-1") == [])
                #expect(try tx.openCases(serial: "SN-1").sorted() == [ids[0], ids[1]])
                #expect(try tx.openCases(serial: "SN-2") == [ids[2]])
                #expect(try tx.openCases(customerID: "C-CORV") == [ids[3]])
                #expect(try tx.openCases(customerID: "C-NOBODY") == [])
                // SN-1 has asset warranty WT-STD; all three serials are pumps with generic WT-GEN24.
                #expect(try tx.openCases(template: "WT-STD").sorted() == [ids[0], ids[1]])
                #expect(try tx.openCases(template: "WT-GEN24").sorted() == [ids[0], ids[1], ids[2], ids[3]])
            }
        }
    }
}
