import Testing

@testable import ServiceCore

// docs/rules.md "Billing outcomes": case-level documents built from line portions.

private func outcomes(_ lines: [CaseLine], _ e: Entitlement, _ adj: CaseAdjustments = CaseAdjustments())
    -> [OutcomeDraft]
{
    Outcomes.expected(for: e, coverage: CoverageCalculator.compute(lines: lines, entitlement: e, adjustments: adj))
}

@Suite("Outcomes: the documents a case needs")
struct ExpectedOutcomesTests {
    @Test("A fully covered warranty case needs one warranty confirmation")
    func warrantyConfirmation() {
        // Given full warranty cover of a 100.00 part and 50.00 of labour
        let drafts = outcomes(
            [Fixture.part(1, cents(100_00)), Fixture.labour(2, minutes: 60, cents(50_00))],
            Fixture.warranty(Terms(coverage: Fixture.fullCover)))
        // When the outcomes are built, Then one confirmation holds both covered portions: 150.00
        #expect(
            drafts == [
                OutcomeDraft(
                    kind: .warrantyConfirmation,
                    portions: [
                        Portion(lineID: Fixture.id(1), kind: .covered, amount: cents(100_00)),
                        Portion(lineID: Fixture.id(2), kind: .covered, amount: cents(50_00)),
                    ])
            ])
        #expect(drafts.first?.total == cents(150_00))
        #expect(drafts.first?.summary == "warranty confirmation 150.00")
    }

    @Test("A contract case with a prepaid balance needs a contract debit naming the balance debit")
    func contractDebitWithBalance() {
        // Given SC-9 with 600 prepaid minutes, full cover, 90 min of labour (75.00) and a 40.00 part
        let e = Fixture.contractEntitlement(
            Terms(coverage: Fixture.fullCover, balanceInMinutes: true), balance: .minutes(600))
        let drafts = outcomes([Fixture.labour(1, minutes: 90, cents(75_00)), Fixture.part(2, cents(40_00))], e)
        // When built, Then one contract debit of 75.00 + 40.00 = 115.00 on SC-9 that takes 90 minutes off
        #expect(
            drafts == [
                OutcomeDraft(
                    kind: .contractDebit,
                    portions: [
                        Portion(lineID: Fixture.id(1), kind: .covered, amount: cents(75_00)),
                        Portion(lineID: Fixture.id(2), kind: .covered, amount: cents(40_00)),
                    ], contract: "SC-9", debit: .minutes(90))
            ])
        #expect(drafts.first?.summary == "contract debit 115.00 on SC-9 (debits 90 min)")
    }

    @Test("A money balance is debited by the covered amount")
    func contractDebitMoney() {
        // Given SC-9 with 500.00 prepaid and a covered 120.00 part
        let e = Fixture.contractEntitlement(
            Terms(coverage: Fixture.fullCover, balanceInMinutes: false),
            balance: .money(cents(500_00)))
        // When built, Then the debit takes 120.00 off the balance
        let drafts = outcomes([Fixture.part(1, cents(120_00))], e)
        #expect(drafts.map(\.debit) == [.money(cents(120_00))])
        #expect(drafts.first?.summary == "contract debit 120.00 on SC-9 (debits 120.00)")
    }

    @Test("A contract without a prepaid balance still gets a contract debit that debits nothing")
    func contractDebitWithoutBalance() {
        // Given SC-9 without a balance and a covered 80.00 part
        let drafts = outcomes(
            [Fixture.part(1, cents(80_00))], Fixture.contractEntitlement(Terms(coverage: Fixture.fullCover)))
        // When built, Then a contract debit for the covered portion, with no balance debit
        #expect(drafts.map(\.kind) == [.contractDebit])
        #expect(drafts.first?.contract == "SC-9")
        #expect(drafts.first?.debit == nil)
        #expect(drafts.first?.summary == "contract debit 80.00 on SC-9")
    }

    @Test("A chargeable case needs an invoice trigger holding exactly the billable lines")
    func invoiceTrigger() {
        // Given a chargeable case with a 120.00 part and 30.00 of travel
        let drafts = outcomes([Fixture.part(1, cents(120_00)), Fixture.travel(2, cents(30_00))], Fixture.chargeable())
        // When built, Then one invoice trigger of 150.00 with both customer portions
        #expect(
            drafts == [
                OutcomeDraft(
                    kind: .invoiceTrigger,
                    portions: [
                        Portion(lineID: Fixture.id(1), kind: .customer, amount: cents(120_00)),
                        Portion(lineID: Fixture.id(2), kind: .customer, amount: cents(30_00)),
                    ])
            ])
        #expect(drafts.first?.summary == "invoice trigger 150.00")
    }

    @Test("A mixed case needs a confirmation for covered portions and an invoice for billable ones")
    func mixedCase() {
        // Given parts 100 %, labour 50 %: a 100.00 part and 60.00 of labour (30.00 covered, 30.00 billable)
        let terms = Terms(coverage: CoveragePercents(parts: 100, labour: 50, travel: 0, expenses: 0))
        let drafts = outcomes(
            [Fixture.part(1, cents(100_00)), Fixture.labour(2, minutes: 60, cents(60_00))],
            Fixture.warranty(terms))
        // When built, Then the confirmation holds 100.00 + 30.00 = 130.00 and the invoice 30.00
        #expect(
            drafts == [
                OutcomeDraft(
                    kind: .warrantyConfirmation,
                    portions: [
                        Portion(lineID: Fixture.id(1), kind: .covered, amount: cents(100_00)),
                        Portion(lineID: Fixture.id(2), kind: .covered, amount: cents(30_00)),
                    ]),
                OutcomeDraft(
                    kind: .invoiceTrigger,
                    portions: [
                        Portion(lineID: Fixture.id(2), kind: .customer, amount: cents(30_00))
                    ]),
            ])
    }

    @Test("Goodwill is carried on the warranty confirmation")
    func goodwillOnWarrantyConfirmation() {
        // Given labour at 50 % of 60.00 (30.00 for the customer) and approved goodwill of 30.00 on it
        let terms = Terms(coverage: CoveragePercents(parts: 100, labour: 50, travel: 0, expenses: 0))
        let adj = CaseAdjustments(approved: [Fixture.override(1, .goodwill, line: Fixture.id(1), amount: cents(30_00))])
        let drafts = outcomes([Fixture.labour(1, minutes: 60, cents(60_00))], Fixture.warranty(terms), adj)
        // When built, Then the confirmation holds the covered 30.00 and the goodwill 30.00; no invoice
        #expect(
            drafts == [
                OutcomeDraft(
                    kind: .warrantyConfirmation,
                    portions: [
                        Portion(lineID: Fixture.id(1), kind: .covered, amount: cents(30_00)),
                        Portion(lineID: Fixture.id(1), kind: .goodwill, amount: cents(30_00)),
                    ])
            ])
    }

    @Test("On a contract case, goodwill goes on a warranty confirmation beside the contract debit")
    func goodwillOnContractCase() {
        // Given a contract excluding Electronic Parts, a 200.00 electronic part with 50.00 goodwill, a 40.00 part
        let terms = Terms(coverage: Fixture.fullCover, excludedCategories: ["Electronic Parts"])
        let adj = CaseAdjustments(approved: [Fixture.override(1, .goodwill, line: Fixture.id(1), amount: cents(50_00))])
        let drafts = outcomes(
            [Fixture.part(1, cents(200_00), category: "Electronic Parts"), Fixture.part(2, cents(40_00))],
            Fixture.contractEntitlement(terms), adj)
        // When built, Then: goodwill 50.00 on a confirmation, 40.00 on the debit, 200.00 − 50.00 = 150.00 invoiced
        #expect(
            drafts == [
                OutcomeDraft(
                    kind: .warrantyConfirmation,
                    portions: [Portion(lineID: Fixture.id(1), kind: .goodwill, amount: cents(50_00))]),
                OutcomeDraft(
                    kind: .contractDebit,
                    portions: [Portion(lineID: Fixture.id(2), kind: .covered, amount: cents(40_00))], contract: "SC-9"),
                OutcomeDraft(
                    kind: .invoiceTrigger,
                    portions: [Portion(lineID: Fixture.id(1), kind: .customer, amount: cents(150_00))]),
            ])
    }

    @Test("Every non-zero portion of a mixed case is on exactly one document")
    func everyPortionOnce() {
        // Given a warranty at parts 100 %, labour 50 %, travel 0 %, with goodwill of 5.00 on travel
        let terms = Terms(coverage: CoveragePercents(parts: 100, labour: 50, travel: 0, expenses: 0))
        let adj = CaseAdjustments(approved: [Fixture.override(1, .goodwill, line: Fixture.id(3), amount: cents(5_00))])
        let lines = [
            Fixture.part(1, cents(100_00)), Fixture.labour(2, minutes: 60, cents(60_00)),
            Fixture.travel(3, cents(20_00)),
        ]
        let r = CoverageCalculator.compute(lines: lines, entitlement: Fixture.warranty(terms), adjustments: adj)
        // When built
        let drafts = Outcomes.expected(for: Fixture.warranty(terms), coverage: r)
        // Then the portions are: line 1 covered 100.00; line 2 covered 30.00 and customer 30.00;
        // line 3 goodwill 5.00 and customer 15.00 — each once, and nothing else
        let all = drafts.flatMap(\.portions).map { "\($0.lineID)/\($0.kind.rawValue)=\($0.amount)" }.sorted()
        #expect(
            all == [
                "101/covered=100.00", "102/covered=30.00", "102/customer=30.00",
                "103/customer=15.00", "103/goodwill=5.00",
            ])
        // and the documents together hold the whole 180.00
        #expect(Money.sum(drafts.map(\.total)) == cents(180_00))
    }

    @Test("A case with no lines needs no document by coverage")
    func noLinesNoDocuments() {
        // Given no lines, When built, Then coverage asks for nothing (the explicit zero outcome is a person's choice)
        #expect(outcomes([], Fixture.warranty(Terms(coverage: Fixture.fullCover))).isEmpty)
        #expect(Outcomes.zeroConfirmation.kind == .warrantyConfirmation)
        #expect(Outcomes.zeroConfirmation.portions.isEmpty)
    }
}

@Suite("Outcomes: whether the stored documents still match")
struct OutcomeProblemTests {
    private let warranty = Fixture.warranty(Terms(coverage: Fixture.fullCover))

    @Test("A case with lines and no outcome yet is refused")
    func noOutcomeYet() {
        // Given a line and no stored outcome
        let expected = outcomes([Fixture.part(1, cents(10_00))], warranty)
        // When compared
        let problem = Outcomes.problem(stored: [], expected: expected, lineCount: 1)
        // Then the problem says every portion must be on an outcome
        #expect(
            problem
                == "no billing outcome yet: every line portion must be on a warranty confirmation, invoice trigger or contract debit"
        )
    }

    @Test("A case without lines needs an explicit zero confirmation")
    func noLinesNeedsExplicitOutcome() {
        // Given a case with no lines
        // When compared with nothing stored, Then it is refused
        #expect(
            Outcomes.problem(stored: [], expected: [], lineCount: 0)
                == "a case without lines needs an explicit outcome: a zero warranty confirmation, or a call-out fee line invoiced"
        )
        // and with a zero warranty confirmation stored, it passes
        #expect(Outcomes.problem(stored: [Outcomes.zeroConfirmation], expected: [], lineCount: 0) == nil)
    }

    @Test("A case whose lines all come to zero can close on an explicit zero confirmation")
    func zeroAmountLines() {
        // Given a warranty case whose only line is a part at list price 0.00: no portion to bill
        let expected = outcomes([Fixture.part(1, .zero)], warranty)
        #expect(expected.isEmpty)
        // When compared with nothing stored, Then an explicit outcome is asked for
        #expect(
            Outcomes.problem(stored: [], expected: expected, lineCount: 1)
                == "the case's lines come to 0.00: it needs an explicit outcome, a zero warranty confirmation")
        // and a zero warranty confirmation satisfies it (before the fix nothing could: it was "stale")
        #expect(Outcomes.problem(stored: [Outcomes.zeroConfirmation], expected: expected, lineCount: 1) == nil)
        // while outcomes still holding an amount are stale
        let old = outcomes([Fixture.part(1, cents(10_00))], warranty)
        #expect(
            Outcomes.problem(stored: old, expected: expected, lineCount: 1)
                == "outcomes are stale: recorded warranty confirmation 10.00; coverage now gives none")
    }

    @Test("Outcomes holding lines a case no longer has are stale")
    func outcomesForRemovedLines() {
        // Given a stored confirmation for a line, and the case now without lines
        let stored = outcomes([Fixture.part(1, cents(10_00))], warranty)
        // When compared, Then it is stale
        #expect(
            Outcomes.problem(stored: stored, expected: [], lineCount: 0)
                == "outcomes are stale: they hold lines the case no longer has")
    }

    @Test("Outcomes built before the lifetime cap shrank are stale")
    func staleAfterLifetimeCapShrank() {
        // Given a 100.00 part and 150.00 of labour, full cover, built when 200.00 of the cap was left:
        //   reduction 250.00 − 200.00 = 50.00 shared 100:150 → 20.00 / 30.00; covered 80.00 + 120.00 = 200.00
        let lines = [Fixture.part(1, cents(100_00)), Fixture.labour(2, minutes: 90, cents(150_00))]
        let terms = Terms(coverage: Fixture.fullCover, lifetimeCap: cents(1_000_00))
        let stored = outcomes(lines, Fixture.warranty(terms, lifetimeRemaining: cents(200_00)))
        #expect(stored.map(\.total) == [cents(200_00), cents(50_00)])
        // When another case used the cap so only 50.00 is left:
        //   reduction 200.00 shared 100:150 → 80.00 / 120.00; covered 20.00 + 30.00 = 50.00, invoiced 200.00
        let now = outcomes(lines, Fixture.warranty(terms, lifetimeRemaining: cents(50_00)))
        let problem = Outcomes.problem(stored: stored, expected: now, lineCount: 2)
        // Then the outcomes are stale, naming what was recorded and what coverage gives now
        #expect(
            problem == "outcomes are stale: recorded invoice trigger 50.00, warranty confirmation 200.00; "
                + "coverage now gives invoice trigger 200.00, warranty confirmation 50.00")
    }

    @Test("A line added after billing is on no outcome")
    func lineAddedAfterBilling() {
        // Given outcomes built for line 1, then line 2 added
        let stored = outcomes([Fixture.part(1, cents(10_00))], warranty)
        let now = outcomes([Fixture.part(1, cents(10_00)), Fixture.part(2, cents(5_00))], warranty)
        // When compared, Then the new line's id is named
        #expect(
            Outcomes.problem(stored: stored, expected: now, lineCount: 2)
                == "line portions on no outcome (line ids 102): rebuild the outcomes")
    }

    @Test("Outcomes that match exactly pass, in whatever order they were stored")
    func exactMatch() {
        // Given a mixed case's confirmation and invoice, stored in the opposite order
        let terms = Terms(coverage: CoveragePercents(parts: 100, labour: 50, travel: 0, expenses: 0))
        let expected = outcomes(
            [Fixture.part(1, cents(100_00)), Fixture.labour(2, minutes: 60, cents(60_00))],
            Fixture.warranty(terms))
        #expect(expected.count == 2)
        // When compared, Then there is no problem
        #expect(Outcomes.problem(stored: expected.reversed(), expected: expected, lineCount: 2) == nil)
    }

    @Test("A changed balance debit makes a contract debit stale")
    func staleBalanceDebit() {
        // Given a debit recorded for 90 minutes, while coverage now debits 60 (only 60 minutes left)
        let terms = Terms(coverage: Fixture.fullCover, balanceInMinutes: true)
        let line = [Fixture.labour(1, minutes: 90, cents(90_00))]
        let stored = outcomes(line, Fixture.contractEntitlement(terms, balance: .minutes(600)))
        let now = outcomes(line, Fixture.contractEntitlement(terms, balance: .minutes(60)))
        // When compared: now 60 of 90 min covered → 90.00 × 60/90 = 60.00 debited, 30.00 invoiced
        let problem = Outcomes.problem(stored: stored, expected: now, lineCount: 1)
        // Then it is stale, naming both
        #expect(
            problem == "outcomes are stale: recorded contract debit 90.00 on SC-9 (debits 90 min); "
                + "coverage now gives contract debit 60.00 on SC-9 (debits 60 min), invoice trigger 30.00")
    }
}
