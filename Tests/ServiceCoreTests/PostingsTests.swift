import Testing

@testable import ServiceCore

// docs/rules.md "Closing and postings": one pure function computes what a closing posts.

private func covered(_ number: Int, _ amount: Money) -> Portion {
    Portion(lineID: Fixture.id(number), kind: .covered, amount: amount)
}
private func customer(_ number: Int, _ amount: Money) -> Portion {
    Portion(lineID: Fixture.id(number), kind: .customer, amount: amount)
}
private func goodwill(_ number: Int, _ amount: Money) -> Portion {
    Portion(lineID: Fixture.id(number), kind: .goodwill, amount: amount)
}

private func outcome(_ id: Int64, _ draft: OutcomeDraft) -> BillingOutcome {
    BillingOutcome(
        id: OutcomeID(id), caseID: Fixture.caseID, draft: draft, createdBy: "alice",
        createdAt: Timestamp(date: day("2025-06-12"), hour: 9))
}

/// Kind, amount and key of each posting, in order: what a reader of the outbox sees.
private func summary(_ postings: [PostingDraft]) -> [String] {
    postings.map { "\($0.kind.rawValue) \($0.amount) \($0.idempotencyKey)" }
}

@Suite("Postings: what a closing tells the ERP, to the cent")
struct PostingsTests {
    @Test(
        "Warranty and invoice together: parts cost their stock value's covered share, other lines their covered amount")
    func warrantyAndInvoice() {
        // Given a capped warranty case: 2 seals 90.00 (stock value 2 × 18.00 = 36.00), a board
        // 320.00 (stock value 150.00), labour 120.00, travel 40.00, expense 15.00, of which
        // 49.09, 174.55, 65.45 and 10.91 are covered (300.00) and 285.00 is the customer's
        let lines = [
            Fixture.part(1, cents(90_00), sku: "P-SEAL"), Fixture.part(2, cents(320_00), sku: "P-BOARD"),
            Fixture.labour(3, minutes: 120, cents(120_00)), Fixture.travel(4, cents(40_00)),
            Fixture.expense(5, cents(15_00)),
        ]
        let outcomes = [
            outcome(
                11,
                OutcomeDraft(
                    kind: .warrantyConfirmation,
                    portions: [
                        covered(1, cents(49_09)), covered(2, cents(174_55)),
                        covered(3, cents(65_45)), covered(4, cents(10_91)),
                    ])),
            outcome(
                12,
                OutcomeDraft(
                    kind: .invoiceTrigger,
                    portions: [
                        customer(1, cents(40_91)), customer(2, cents(145_45)),
                        customer(3, cents(54_55)), customer(4, cents(29_09)),
                        customer(5, cents(15_00)),
                    ])),
        ]
        let costs = [
            LineCost(lineID: Fixture.id(1), sku: "P-SEAL", quantity: 2, value: cents(36_00)),
            LineCost(lineID: Fixture.id(2), sku: "P-BOARD", quantity: 1, value: cents(150_00)),
        ]

        // When the first closing's postings are computed
        let postings = Postings.forClosing(
            caseID: Fixture.caseID, closing: 1, outcomes: outcomes, lines: lines, costs: costs)

        // Then warranty cost = 36.00 × 49.09 / 90.00 = 19.636 → 19.64, 150.00 × 174.55 / 320.00 =
        // 81.8203 → 81.82, + 65.45 + 10.91 = 177.82; revenue 285.00; each part issued at its value
        #expect(
            summary(postings) == [
                "warranty-cost 177.82 case-7/closing-1/outcome-11/warranty-cost",
                "revenue 285.00 case-7/closing-1/outcome-12/revenue",
                "stock-issue 36.00 case-7/closing-1/line-101/stock-issue",
                "stock-issue 150.00 case-7/closing-1/line-102/stock-issue",
            ])
        #expect(postings[2].sku == "P-SEAL" && postings[2].quantity == 2 && postings[2].lineID == Fixture.id(1))
        #expect(postings[0].outcomeID == OutcomeID(11))
    }

    @Test("Goodwill moved to the company is posted apart from warranty cost, at cost")
    func goodwillCost() {
        // Given a chargeable fan 180.00 (stock value 75.00) of which a supervisor moved 90.00 to
        // the company, labour 60.00 and a 25.00 call-out fee on the invoice
        let lines = [
            Fixture.part(1, cents(180_00), sku: "P-FAN"), Fixture.labour(2, minutes: 60, cents(60_00)),
            Fixture.expense(3, cents(25_00)),
        ]
        let outcomes = [
            outcome(1, OutcomeDraft(kind: .warrantyConfirmation, portions: [goodwill(1, cents(90_00))])),
            outcome(
                2,
                OutcomeDraft(
                    kind: .invoiceTrigger,
                    portions: [customer(1, cents(90_00)), customer(2, cents(60_00)), customer(3, cents(25_00))])),
        ]
        let costs = [LineCost(lineID: Fixture.id(1), sku: "P-FAN", quantity: 1, value: cents(75_00))]

        let postings = Postings.forClosing(
            caseID: Fixture.caseID, closing: 1, outcomes: outcomes, lines: lines, costs: costs)

        // Then goodwill cost 75.00 × 90 / 180 = 37.50, and no warranty cost at all
        #expect(
            summary(postings) == [
                "goodwill-cost 37.50 case-7/closing-1/outcome-1/goodwill-cost",
                "revenue 175.00 case-7/closing-1/outcome-2/revenue",
                "stock-issue 75.00 case-7/closing-1/line-101/stock-issue",
            ])
    }

    @Test(
        "A contract debit posts consumption at the covered amount, with the minutes it takes off a balance in minutes")
    func contractConsumption() {
        // Given 90 min of labour (75.00) on SC-9's 600 prepaid minutes, and a 40.00 part on another debit without a balance
        let lines = [Fixture.labour(1, minutes: 90, cents(75_00)), Fixture.part(2, cents(40_00))]
        let outcomes = [
            outcome(
                3,
                OutcomeDraft(
                    kind: .contractDebit, portions: [covered(1, cents(75_00))], contract: "SC-9", debit: .minutes(90))),
            outcome(
                4,
                OutcomeDraft(
                    kind: .contractDebit, portions: [covered(2, cents(40_00))], contract: "SC-9",
                    debit: .money(cents(40_00)))),
        ]

        let postings = Postings.forClosing(
            caseID: Fixture.caseID, closing: 1, outcomes: outcomes, lines: lines, costs: [])

        #expect(
            summary(postings) == [
                "contract-consumption 75.00 case-7/closing-1/outcome-3/contract-consumption",
                "contract-consumption 40.00 case-7/closing-1/outcome-4/contract-consumption",
            ])
        #expect(postings.map(\.contract) == ["SC-9", "SC-9"])
        // Minutes are units of the balance; a money balance's units are the amount itself
        #expect(postings.map(\.quantity) == [90, nil])
    }

    @Test("A zero warranty confirmation still posts, at 0.00, so the KPI sees it posted")
    func zeroConfirmation() {
        let postings = Postings.forClosing(
            caseID: Fixture.caseID, closing: 1,
            outcomes: [outcome(5, OutcomeDraft(kind: .warrantyConfirmation, portions: []))],
            lines: [], costs: [])
        #expect(summary(postings) == ["warranty-cost 0.00 case-7/closing-1/outcome-5/warranty-cost"])
    }

    @Test("A part's cost share rounds half away from zero; a part returned in full posts no issue")
    func roundingAndReturns() {
        // Given a 30.00 part of value 10.00 with 10.00 covered, a 30.00 part whose units all went
        // back to stock (net quantity 0, value 0.00), and a 0.05 part of value 0.05 with 0.01 covered
        let lines = [Fixture.part(1, cents(30_00)), Fixture.part(2, cents(30_00)), Fixture.part(3, cents(0_05))]
        let outcomes = [
            outcome(
                1,
                OutcomeDraft(
                    kind: .warrantyConfirmation,
                    portions: [covered(1, cents(10_00)), covered(3, cents(0_01))])),
            outcome(
                2,
                OutcomeDraft(
                    kind: .invoiceTrigger,
                    portions: [customer(1, cents(20_00)), customer(2, cents(30_00)), customer(3, cents(0_04))])),
        ]
        let costs = [
            LineCost(lineID: Fixture.id(1), sku: "P-100", quantity: 1, value: cents(10_00)),
            LineCost(lineID: Fixture.id(2), sku: "P-100", quantity: 0, value: .zero),
            LineCost(lineID: Fixture.id(3), sku: "P-100", quantity: 1, value: cents(0_05)),
        ]

        let postings = Postings.forClosing(
            caseID: Fixture.caseID, closing: 1, outcomes: outcomes, lines: lines, costs: costs)

        // 10.00 × 10/30 = 3.333 → 3.33; 0.05 × 0.01/0.05 = 0.01: warranty cost 3.34
        #expect(
            summary(postings) == [
                "warranty-cost 3.34 case-7/closing-1/outcome-1/warranty-cost",
                "revenue 50.04 case-7/closing-1/outcome-2/revenue",
                "stock-issue 10.00 case-7/closing-1/line-101/stock-issue",
                "stock-issue 0.05 case-7/closing-1/line-103/stock-issue",
            ])
        #expect(
            Postings.costOf(
                covered(1, cents(1_00)), line: Fixture.part(1, cents(2_00)),
                cost: LineCost(lineID: Fixture.id(1), sku: "P-100", quantity: 1, value: cents(0_05))) == cents(0_03))
    }

    @Test(
        "Reversals cancel a closing exactly: amounts and units negated, each naming what it reverses, keys of their own"
    )
    func reversals() {
        let lines = [Fixture.labour(1, minutes: 90, cents(75_00)), Fixture.part(2, cents(40_00))]
        let outcomes = [
            outcome(
                3,
                OutcomeDraft(
                    kind: .contractDebit, portions: [covered(1, cents(75_00))], contract: "SC-9", debit: .minutes(90))),
            outcome(4, OutcomeDraft(kind: .invoiceTrigger, portions: [customer(2, cents(40_00))])),
        ]
        let costs = [LineCost(lineID: Fixture.id(2), sku: "P-100", quantity: 1, value: cents(22_00))]
        let closing = Postings.forClosing(
            caseID: Fixture.caseID, closing: 1, outcomes: outcomes, lines: lines, costs: costs)
        let stored = closing.enumerated().map { (id: Int64(100 + $0.offset), draft: $0.element) }

        let reversals = Postings.reversals(of: stored, reopening: 1)

        #expect(reversals.map(\.reverses) == [100, 101, 102])
        #expect(reversals.map(\.draft.amount) == [cents(-75_00), cents(-40_00), cents(-22_00)])
        #expect(reversals.map(\.draft.quantity) == [-90, nil, -1])
        #expect(reversals.map(\.draft.idempotencyKey) == closing.map { $0.idempotencyKey + "/reversed-by-reopen-1" })
        // Original plus reversal nets to nothing, kind by kind
        for kind in PostingKind.allCases {
            let net = Money.sum((closing + reversals.map(\.draft)).filter { $0.kind == kind }.map(\.amount))
            #expect(net == .zero, "\(kind)")
        }
        // And a second closing's keys differ from the first's: the ERP takes both
        let again = Postings.forClosing(
            caseID: Fixture.caseID, closing: 2, outcomes: outcomes, lines: lines, costs: costs)
        #expect(Set(again.map(\.idempotencyKey)).isDisjoint(with: closing.map(\.idempotencyKey)))
        #expect(again.map(\.amount) == closing.map(\.amount))
    }
}
