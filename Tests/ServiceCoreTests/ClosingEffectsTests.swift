import Testing

@testable import ServiceCore

// docs/rules.md "Closing and postings": what a closing moves on besides its postings.

@Suite("Closing effects: spent amounts, prepaid balances, postings")
struct ClosingEffectsTests {
    private func effects(_ e: Entitlement, _ lines: [CaseLine], imported: Bool = false, closing: Int = 1)
        -> ClosingEffects
    {
        var c = Fixture.serviceCase()
        c.imported = imported
        let coverage = CoverageCalculator.compute(lines: lines, entitlement: e, adjustments: CaseAdjustments())
        let outcomes = Outcomes.expected(for: e, coverage: coverage).enumerated().map {
            BillingOutcome(
                id: OutcomeID(Int64(20 + $0.offset)), caseID: c.id, draft: $0.element, createdBy: "alice",
                createdAt: Timestamp(date: day("2025-06-12"), hour: 9))
        }
        return ClosingEffects(
            closing: closing, serviceCase: c, entitlement: e, coverage: coverage, outcomes: outcomes,
            lines: lines, costs: [])
    }

    @Test("A warranty adds what it covered to that warranty's spent amount, on this serial")
    func warrantySpent() {
        // Given 100% parts and labour, 50% travel, under the asset warranty W-17
        let terms = Terms(coverage: CoveragePercents(parts: 100, labour: 100, travel: 50, expenses: 0))
        let e = Fixture.warranty(terms, lifetimeRemaining: cents(1_000_00))
        let closed = effects(e, [Fixture.labour(1, minutes: 60, cents(60_00)), Fixture.travel(2, cents(40_00))])
        // Then 60.00 + 20.00 is spent, and a contract balance is untouched
        #expect(closed.spent == [WarrantyKey(serial: Fixture.serial, kind: .asset, template: "W-17"): cents(80_00)])
        #expect(closed.debits.isEmpty)
        #expect(closed.postings.map(\.kind).contains(.warrantyCost))
    }

    @Test("A contract with a prepaid balance is debited what coverage took from it; nothing is spent on a warranty")
    func contractDebit() {
        let terms = Terms(
            coverage: CoveragePercents(parts: 100, labour: 100, travel: 0, expenses: 0), balanceInMinutes: true)
        let e = Fixture.contractEntitlement(terms, balance: .minutes(600))
        let closed = effects(e, [Fixture.labour(1, minutes: 90, cents(75_00))])
        #expect(closed.debits == ["SC-9": .minutes(90)])
        #expect(closed.spent.isEmpty)
        #expect(PrepaidBalance.minutes(600).taking(.minutes(90)) == .minutes(510))
        #expect(PrepaidBalance.money(cents(100_00)).taking(.money(cents(40_00))) == .money(cents(60_00)))
    }

    @Test(
        "Chargeable work spends nothing; imported history moves caps and balances but posts nothing; a second closing's keys say so"
    )
    func chargeableImportedAndAgain() {
        let lines = [Fixture.labour(1, minutes: 60, cents(60_00))]
        let chargeable = effects(Fixture.chargeable(), lines)
        #expect(chargeable.spent.isEmpty && chargeable.debits.isEmpty)
        #expect(chargeable.postings.map(\.kind) == [.revenue])

        let warranty = Fixture.warranty(
            Terms(coverage: CoveragePercents(parts: 100, labour: 100, travel: 0, expenses: 0)))
        let imported = effects(warranty, lines, imported: true)
        #expect(imported.postings.isEmpty)
        #expect(imported.spent.values.first == cents(60_00))

        let again = effects(Fixture.chargeable(), lines, closing: 2)
        #expect(again.closing == 2)
        #expect(again.postings.allSatisfy { $0.idempotencyKey.hasPrefix("case-7/closing-2/") })
    }
}
