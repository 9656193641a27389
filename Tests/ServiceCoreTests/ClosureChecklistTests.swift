import Testing

@testable import ServiceCore

// docs/rules.md "The closure checklist": seven checks, each naming what is missing.

/// A case ready to close: verified under W-17 (full cover), resolved with notes and a done
/// visit, a 100.00 part and 60.00 of labour, nothing reserved or pending, and a warranty
/// confirmation of 100.00 + 60.00 = 160.00 on record. Tests change one thing at a time.
private struct ReadyCase {
    var serviceCase: ServiceCase = {
        var c = Fixture.serviceCase()
        c.status = .resolved
        c.resolutionCode = "REPLACED-PART"
        c.technicianNotes = "Replaced the shaft seal; no leak after 30 min run."
        return c
    }()
    var recorded: Entitlement? = Fixture.warranty(Terms(coverage: Fixture.fullCover))
    var current: Entitlement = Fixture.warranty(Terms(coverage: Fixture.fullCover))
    var visits: [Visit] = [visit(.done)]
    var lines: [CaseLine] = [Fixture.part(1, cents(100_00)), Fixture.labour(2, minutes: 60, cents(60_00))]
    var openReservations: [OpenReservation] = []
    var pendingOverrides: [OverrideRequest] = []
    /// nil: the outcomes coverage computes now, as an agent would have built them.
    var outcomes: [OutcomeDraft]? = nil

    static func visit(_ status: VisitStatus, _ id: Int64 = 1) -> Visit {
        Visit(
            id: VisitID(id), caseID: Fixture.caseID, technician: "tina",
            startsAt: Timestamp(date: day("2025-06-11"), hour: 9), endsAt: Timestamp(date: day("2025-06-11"), hour: 11),
            status: status)
    }

    func evaluate() -> [ClosureCheck] {
        let coverage = CoverageCalculator.compute(lines: lines, entitlement: current)
        return ClosureChecklist.evaluate(
            ClosureInput(
                serviceCase: serviceCase, recorded: recorded, current: current, visits: visits, lines: lines,
                coverage: coverage, openReservations: openReservations, pendingOverrides: pendingOverrides,
                outcomes: outcomes ?? Outcomes.expected(for: current, coverage: coverage)))
    }

    func check(_ id: ClosureCheckID) -> ClosureCheck? { evaluate().first { $0.id == id } }
}

@Suite("Closure checklist")
struct ClosureChecklistTests {
    @Test("On a case early in its life all seven checks fail, each naming what is missing")
    func allFailOnAFreshCase() {
        // Given a new case: not verified, no resolution, no visit, one part used but no labour,
        // another 2 × P-100 still reserved in VAN-7, a goodwill override waiting, no outcome
        var c = ReadyCase()
        c.serviceCase = Fixture.serviceCase()
        c.recorded = nil
        c.current = Fixture.chargeable()
        c.visits = []
        c.lines = [Fixture.part(1, cents(40_00))]
        c.openReservations = [OpenReservation(sku: "P-100", bin: "VAN-7", quantity: 2)]
        c.pendingOverrides = [
            Fixture.override(5, .goodwill, line: Fixture.id(1), amount: cents(10_00), status: .pending)
        ]
        c.outcomes = []
        // When the checklist is evaluated
        let checks = c.evaluate()
        // Then every check fails, in the pane's order, with its message
        #expect(checks.map(\.id) == ClosureCheckID.allCases)
        #expect(checks.allSatisfy { !$0.passed })
        #expect(
            checks.map(\.message) == [
                "entitlement not verified",
                "missing: resolution code, technician notes, a visit (none scheduled)",
                "no labour (record labour, or mark no labour)",
                "still reserved: 2 × P-100 in bin VAN-7",
                "lines cannot be classified before entitlement is verified",
                "pending: #5 goodwill 10.00 on line 101",
                "no billing outcome yet: every line portion must be on a warranty confirmation, invoice trigger or contract debit",
            ])
    }

    @Test("A brand-new case with nothing on it fails the checks for what it lacks")
    func brandNewCase() {
        // Given a case just opened: no verification, visit, line, reservation, override or outcome
        var c = ReadyCase()
        c.serviceCase = Fixture.serviceCase()
        c.recorded = nil
        c.visits = []
        c.lines = []
        c.outcomes = []
        // When evaluated
        let checks = c.evaluate()
        // Then checks 1, 2, 3 and 7 fail; with nothing reserved, nothing to classify and nothing
        // pending, checks 4, 5 and 6 hold
        #expect(checks.map(\.passed) == [false, false, false, true, true, true, false])
        #expect(
            checks[2].message
                == "no part used (record usage, or mark no parts); no labour (record labour, or mark no labour)")
        #expect(
            checks[6].message
                == "a case without lines needs an explicit outcome: a zero warranty confirmation, or a call-out fee line invoiced"
        )
    }

    @Test("A case ready to close passes all seven checks")
    func happyPath() {
        // Given a verified, resolved case with its outcome on record
        // When evaluated
        let checks = ReadyCase().evaluate()
        // Then all pass, saying what holds
        #expect(checks.allSatisfy { $0.passed })
        #expect(
            checks.map(\.message) == [
                "warranty: asset warranty W-17",
                "resolved REPLACED-PART",
                "parts, labour recorded",
                "no open reservation",
                "2 lines classified",
                "no pending override",
                "warranty confirmation 160.00",
            ])
    }

    @Test("Each check names the command that fixes it")
    func fixKeys() {
        // Given the seven checks, When their fix keys are read, Then each points to its command
        #expect(
            ClosureCheckID.allCases.map(\.fix) == [
                "verify", "resolve", "use", "release", "classify", "approve", "bill",
            ])
    }

    // MARK: 1. entitlement verified

    @Test("Entitlement that changed since verification fails check 1")
    func entitlementChanged() {
        // Given a case verified under asset warranty W-17, while the engine now says generic warranty G-12
        var c = ReadyCase()
        c.current = Entitlement(
            source: .genericWarranty(template: "G-12"), terms: Terms(coverage: Fixture.fullCover),
            limits: CoverageLimits(), responseHours: nil, trail: [])
        // When evaluated
        let check = c.check(.entitlementVerified)
        // Then check 1 fails, naming both
        #expect(check?.passed == false)
        #expect(
            check?.message
                == "entitlement changed since verification: was asset warranty W-17, now generic warranty G-12; verify again"
        )
    }

    @Test("Changed terms under the same source also fail check 1")
    func termsChanged() {
        // Given W-17 recorded at full cover, and its terms now covering labour at 50 %
        var c = ReadyCase()
        c.current = Fixture.warranty(
            Terms(coverage: CoveragePercents(parts: 100, labour: 50, travel: 100, expenses: 100)))
        // When evaluated, Then check 1 fails
        #expect(c.check(.entitlementVerified)?.passed == false)
    }

    @Test("A shrunk lifetime cap keeps the verification but makes the outcomes stale")
    func limitsMovedOnly() {
        // Given outcomes built with 500.00 of the cap left (all 160.00 covered), and now only 100.00 left
        var c = ReadyCase()
        c.recorded = Fixture.warranty(Terms(coverage: Fixture.fullCover), lifetimeRemaining: cents(500_00))
        let before = CoverageCalculator.compute(lines: c.lines, entitlement: c.recorded!)
        c.outcomes = Outcomes.expected(for: c.recorded!, coverage: before)
        c.current = Fixture.warranty(Terms(coverage: Fixture.fullCover), lifetimeRemaining: cents(100_00))
        // When evaluated: now 100.00 covered, reduction 60.00 shared 100:60 → 37.50 / 22.50, 60.00 invoiced
        let checks = c.evaluate()
        // Then check 1 holds (same source and terms) and check 7 fails as stale
        #expect(checks[0].passed)
        #expect(!checks[6].passed)
        #expect(
            checks[6].message == "outcomes are stale: recorded warranty confirmation 160.00; "
                + "coverage now gives invoice trigger 60.00, warranty confirmation 100.00")
    }

    // MARK: 2. resolution, notes, a done visit

    @Test("Blank technician notes fail check 2")
    func blankNotes() {
        // Given notes of only spaces and a newline
        var c = ReadyCase()
        c.serviceCase.technicianNotes = "  \n"
        // When evaluated, Then only the notes are missing
        #expect(c.check(.resolutionRecorded)?.message == "missing: technician notes")
        #expect(c.check(.resolutionRecorded)?.passed == false)
    }

    @Test("Check 2 needs a visit that is done, not only planned or without access")
    func visitNotDone() {
        // Given one planned visit and one where the technician had no access
        var c = ReadyCase()
        c.visits = [ReadyCase.visit(.planned, 1), ReadyCase.visit(.noAccess, 2)]
        // When evaluated, Then a done visit is missing
        #expect(c.check(.resolutionRecorded)?.message == "missing: a done visit")
        // and adding a done visit passes
        c.visits.append(ReadyCase.visit(.done, 3))
        #expect(c.check(.resolutionRecorded)?.passed == true)
    }

    @Test("An empty resolution code fails check 2")
    func emptyResolutionCode() {
        // Given a resolution code that is empty text
        var c = ReadyCase()
        c.serviceCase.resolutionCode = ""
        // When evaluated, Then the resolution code is missing
        #expect(c.check(.resolutionRecorded)?.message == "missing: resolution code")
    }

    // MARK: 3. parts and labour recorded

    @Test("Explicitly no parts and no labour passes check 3")
    func explicitlyNone() {
        // Given a case with no lines, marked no parts and no labour, with a zero confirmation
        var c = ReadyCase()
        c.lines = []
        c.serviceCase.noParts = true
        c.serviceCase.noLabour = true
        c.outcomes = [Outcomes.zeroConfirmation]
        // When evaluated, Then check 3 passes and so does the whole list
        #expect(c.check(.usageRecorded)?.message == "no parts, no labour recorded")
        #expect(c.evaluate().allSatisfy { $0.passed })
    }

    @Test("A case whose lines all come to 0.00 closes on a zero confirmation")
    func zeroAmountLinesClose() {
        // Given a free part (0.00) and labour marked as 0 minutes at 0.00, with a zero confirmation on record
        var c = ReadyCase()
        c.lines = [Fixture.part(1, .zero), Fixture.labour(2, minutes: 0, .zero)]
        c.outcomes = [Outcomes.zeroConfirmation]
        // When evaluated, Then every check passes
        #expect(c.evaluate().allSatisfy { $0.passed })
        // and without any outcome check 7 asks for the explicit one
        c.outcomes = []
        #expect(
            c.check(.outcomesComplete)?.message
                == "the case's lines come to 0.00: it needs an explicit outcome, a zero warranty confirmation")
    }

    @Test("Labour without parts passes check 3 only when no parts is marked")
    func labourOnly() {
        // Given only a labour line
        var c = ReadyCase()
        c.lines = [Fixture.labour(1, minutes: 60, cents(60_00))]
        // When evaluated without and with the no-parts mark
        let without = c.check(.usageRecorded)
        c.serviceCase.noParts = true
        let with = c.check(.usageRecorded)
        // Then it fails naming the parts, then passes
        #expect(without?.message == "no part used (record usage, or mark no parts)")
        #expect(with?.passed == true && with?.message == "no parts, labour recorded")
    }

    // MARK: 4. no open reservation

    @Test("Open reservations fail check 4, naming part and bin")
    func openReservations() {
        // Given two reservations neither used nor released
        var c = ReadyCase()
        c.openReservations = [
            OpenReservation(sku: "P-100", bin: "VAN-7", quantity: 2),
            OpenReservation(sku: "F-20", bin: "SHELF-A3", quantity: 1),
        ]
        // When evaluated, Then check 4 names both
        #expect(c.check(.noOpenReservation)?.passed == false)
        #expect(
            c.check(.noOpenReservation)?.message == "still reserved: 2 × P-100 in bin VAN-7, 1 × F-20 in bin SHELF-A3")
    }

    @Test("Reservations of one part in one bin are named once, with what they hold together")
    func openReservationsSummed() {
        // Given P-100 reserved three times in VAN-7 and once in VAN-8, F-20 once between them
        var c = ReadyCase()
        c.openReservations = [
            OpenReservation(sku: "P-100", bin: "VAN-7", quantity: 2),
            OpenReservation(sku: "F-20", bin: "SHELF-A3", quantity: 1),
            OpenReservation(sku: "P-100", bin: "VAN-7", quantity: 1),
            OpenReservation(sku: "P-100", bin: "VAN-8", quantity: 4),
            OpenReservation(sku: "P-100", bin: "VAN-7", quantity: 1),
        ]
        // When evaluated, Then each part and bin is named once, in the order first reserved
        #expect(
            c.check(.noOpenReservation)?.message
                == "still reserved: 4 × P-100 in bin VAN-7, 1 × F-20 in bin SHELF-A3, 4 × P-100 in bin VAN-8")
    }

    // MARK: 5. lines classified

    @Test("A line classified by hand without a reason code fails check 5")
    func manualWithoutReason() {
        // Given line 2 classified billable by a person, with no reason code
        var c = ReadyCase()
        c.lines[1].manualClassification = .billable
        c.outcomes = [] // the outcome check is not what this test is about
        // When evaluated
        let failing = c.check(.linesClassified)
        // Then check 5 names the line by its id, as commands take it
        #expect(failing?.passed == false)
        #expect(failing?.message == "line \(c.lines[1].id) classified billable without a reason code")
        // and with a reason code it passes
        c.lines[1].reasonCode = "CUSTOMER-DAMAGE"
        #expect(c.check(.linesClassified)?.passed == true)
    }

    // MARK: 6. no pending override

    @Test("A pending override blocks closing; a decided one does not")
    func pendingOverride() {
        // Given a pending waiver request
        var c = ReadyCase()
        c.pendingOverrides = [Fixture.override(9, .waiveDeductible, status: .pending)]
        // When evaluated, Then check 6 fails naming it
        #expect(c.check(.noPendingOverride)?.passed == false)
        #expect(c.check(.noPendingOverride)?.message == "pending: #9 waive deductible")
        // and once none is pending it passes
        c.pendingOverrides = []
        #expect(c.check(.noPendingOverride)?.passed == true)
    }

    // MARK: 7. every portion on a current outcome

    @Test("Outcomes missing a line fail check 7")
    func outcomeMissingALine() {
        // Given outcomes recorded before the labour line was added
        var c = ReadyCase()
        let onlyPart = [c.lines[0]]
        c.outcomes = Outcomes.expected(
            for: c.current,
            coverage: CoverageCalculator.compute(lines: onlyPart, entitlement: c.current))
        // When evaluated, Then check 7 names the labour line's id
        #expect(
            c.check(.outcomesComplete)?.message == "line portions on no outcome (line ids 102): rebuild the outcomes")
    }
}
