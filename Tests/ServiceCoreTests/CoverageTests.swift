import Testing

@testable import ServiceCore

// Hand-computed coverage of docs/rules.md "Coverage". Amounts are cents; the
// arithmetic is written next to each expectation.

@Suite("Coverage: percentages and exclusions")
struct CoveragePercentTests {
    @Test("Each line is covered at its cost type's percentage")
    func percentPerCostType() {
        // Given warranty terms: parts 100 %, labour 50 %, travel 25 %, expenses 0 %
        let terms = Terms(coverage: CoveragePercents(parts: 100, labour: 50, travel: 25, expenses: 0))
        let lines = [
            Fixture.part(1, cents(120_00)), Fixture.labour(2, minutes: 90, cents(75_00)),
            Fixture.travel(3, cents(40_00)), Fixture.expense(4, cents(15_50)),
        ]
        // When coverage is computed
        let r = CoverageCalculator.compute(lines: lines, entitlement: Fixture.warranty(terms))
        // Then part 120.00 × 100 % = 120.00; labour 75.00 × 50 % = 37.50; travel 40.00 × 25 % = 10.00;
        // expenses 15.50 × 0 % = 0
        #expect(r.lines.map(\.covered) == [cents(120_00), cents(37_50), cents(10_00), .zero])
        #expect(r.lines.map(\.customer) == [.zero, cents(37_50), cents(30_00), cents(15_50)])
        #expect(r.lines.map(\.goodwill) == [.zero, .zero, .zero, .zero])
        #expect(r.lines.map(\.percent) == [100, 50, 25, 0])
        #expect(r.lines.map(\.reasonCode) == ["IN-WARRANTY", "PARTIAL-COVER", "PARTIAL-COVER", "NOT-COVERED"])
        #expect(r.lines.map(\.classification) == [.warranty, .warranty, .warranty, .billable])
        #expect(r.lines.map(\.lineID) == [Fixture.id(1), Fixture.id(2), Fixture.id(3), Fixture.id(4)])
        // totals: covered 120.00 + 37.50 + 10.00 = 167.50; customer 37.50 + 30.00 + 15.50 = 83.00
        #expect(r.covered == cents(167_50))
        #expect(r.customer == cents(83_00))
        #expect(r.amount == cents(250_50))
        #expect(r.balanceUsed == nil)
        #expect(r.steps == ["covered before limits 167.50 of 250.50", "covered 167.50, goodwill 0.00, customer 83.00"])
    }

    @Test("A line of an excluded category is not covered")
    func excludedCategory() {
        // Given a contract covering parts and labour in full but excluding Electronic Parts
        let terms = Terms(coverage: Fixture.fullCover, excludedCategories: ["Electronic Parts"])
        let lines = [
            Fixture.part(1, cents(200_00), category: "Electronic Parts"),
            Fixture.part(2, cents(80_00), category: "Mechanical"),
            Fixture.labour(3, minutes: 60, cents(60_00)),
        ]
        // When coverage is computed
        let r = CoverageCalculator.compute(lines: lines, entitlement: Fixture.contractEntitlement(terms))
        // Then the electronic part is the customer's, the rest the contract's
        #expect(r.lines.map(\.covered) == [.zero, cents(80_00), cents(60_00)])
        #expect(r.lines.map(\.customer) == [cents(200_00), .zero, .zero])
        #expect(r.lines.map(\.percent) == [0, 100, 100])
        #expect(r.lines.map(\.reasonCode) == ["EXCLUDED-CATEGORY", "IN-CONTRACT", "IN-CONTRACT"])
        #expect(r.lines.map(\.classification) == [.billable, .contract, .contract])
    }

    @Test("A chargeable case is the customer's in full, every line NOT-ENTITLED")
    func chargeable() {
        // Given no entitlement (even if terms carried percentages, none apply)
        let lines = [Fixture.part(1, cents(120_00)), Fixture.labour(2, minutes: 30, cents(30_00))]
        // When coverage is computed
        let r = CoverageCalculator.compute(
            lines: lines, entitlement: Fixture.chargeable(Terms(coverage: Fixture.fullCover)))
        // Then nothing is covered: 120.00 + 30.00 = 150.00 for the customer
        #expect(r.lines.map(\.covered) == [.zero, .zero])
        #expect(r.lines.map(\.customer) == [cents(120_00), cents(30_00)])
        #expect(r.lines.map(\.percent) == [0, 0])
        #expect(r.lines.map(\.reasonCode) == ["NOT-ENTITLED", "NOT-ENTITLED"])
        #expect(r.lines.map(\.classification) == [.billable, .billable])
        #expect(r.customer == cents(150_00))
        #expect(r.steps == ["covered 0.00, goodwill 0.00, customer 150.00"])
    }

    @Test("A line classified billable by a person is not covered and keeps their reason code")
    func manualBillable() throws {
        // Given full warranty cover, and line 2 classified billable for customer damage
        let lines = [
            Fixture.part(1, cents(100_00)),
            Fixture.part(2, cents(45_00), manual: .billable, reason: "CUSTOMER-DAMAGE"),
        ]
        // When coverage is computed
        let r = CoverageCalculator.compute(
            lines: lines, entitlement: Fixture.warranty(Terms(coverage: Fixture.fullCover)))
        // Then line 2 is the customer's 45.00 under the person's code, line 1 stays covered
        let l2 = try #require(r.line(2))
        #expect(l2.covered == .zero && l2.customer == cents(45_00))
        #expect(l2.classification == .billable)
        #expect(l2.reasonCode == "CUSTOMER-DAMAGE")
        #expect(l2.manual)
        #expect(r.line(1)?.covered == cents(100_00))
        #expect(r.line(1)?.manual == false)
    }
}

@Suite("Coverage: deductible, caps and balances")
struct CoverageLimitTests {
    @Test("Deductible first, then the per-incident cap, then the lifetime cap")
    func limitsInOrder() {
        // Given full cover, deductible 50.00, per-incident cap 300.00, 1000.00 of the lifetime cap left,
        // and a part of 300.00 and labour of 100.00: 400.00 covered before limits
        let terms = Terms(coverage: Fixture.fullCover, deductible: cents(50_00), perIncidentCap: cents(300_00))
        let lines = [Fixture.part(1, cents(300_00)), Fixture.labour(2, minutes: 120, cents(100_00))]
        // When coverage is computed
        let r = CoverageCalculator.compute(
            lines: lines, entitlement: Fixture.warranty(terms, lifetimeRemaining: cents(1_000_00)))
        // Then 400.00 − 50.00 = 350.00, capped to 300.00 (cap first would give 300.00 − 50.00 = 250.00);
        // the 100.00 reduction is shared 300:100 → 75.00 and 25.00
        #expect(r.covered == cents(300_00))
        #expect(r.lines.map(\.covered) == [cents(225_00), cents(75_00)])
        #expect(r.lines.map(\.customer) == [cents(75_00), cents(25_00)])
        #expect(r.lines.map(\.reasonCode) == ["INCIDENT-CAP", "INCIDENT-CAP"])
        #expect(r.lines.map(\.classification) == [.warranty, .warranty])
        #expect(
            r.steps == [
                "covered before limits 400.00 of 400.00",
                "deductible 50.00 → 350.00",
                "per-incident cap 300.00 → 300.00",
                "lifetime cap: 1000.00 left → 300.00",
                "covered 300.00, goodwill 0.00, customer 100.00",
            ])
    }

    @Test("The deductible alone is taken from the covered total")
    func deductibleOnly() {
        // Given full cover and a 50.00 deductible on one part of 120.00
        let terms = Terms(coverage: Fixture.fullCover, deductible: cents(50_00))
        let r = CoverageCalculator.compute(
            lines: [Fixture.part(1, cents(120_00))],
            entitlement: Fixture.contractEntitlement(terms))
        // When computed, Then 120.00 − 50.00 = 70.00 covered and 50.00 for the customer
        #expect(r.line(1)?.covered == cents(70_00))
        #expect(r.line(1)?.customer == cents(50_00))
        #expect(r.line(1)?.reasonCode == "DEDUCTIBLE")
        #expect(r.line(1)?.classification == .contract)
    }

    @Test("A deductible larger than the covered total leaves nothing covered")
    func deductibleExceedsCovered() {
        // Given a 50.00 deductible and 30.00 covered
        let terms = Terms(coverage: Fixture.fullCover, deductible: cents(50_00))
        let r = CoverageCalculator.compute(
            lines: [Fixture.part(1, cents(30_00))],
            entitlement: Fixture.contractEntitlement(terms))
        // When computed, Then 30.00 − min(30.00, 50.00) = 0 covered; the line is billable
        #expect(r.line(1)?.covered == .zero)
        #expect(r.line(1)?.customer == cents(30_00))
        #expect(r.line(1)?.classification == .billable)
        #expect(r.line(1)?.reasonCode == "DEDUCTIBLE")
        #expect(r.steps[1] == "deductible 50.00 → 0.00")
    }

    @Test("The remaining lifetime cap limits the case, shared by largest remainder")
    func lifetimeCap() {
        // Given full cover, per-incident cap 500.00, 120.00 of the lifetime cap left,
        // a part of 100.00 and labour of 80.00: 180.00 before limits
        let terms = Terms(coverage: Fixture.fullCover, perIncidentCap: cents(500_00), lifetimeCap: cents(2_000_00))
        let lines = [Fixture.part(1, cents(100_00)), Fixture.labour(2, minutes: 60, cents(80_00))]
        // When computed
        let r = CoverageCalculator.compute(
            lines: lines, entitlement: Fixture.warranty(terms, lifetimeRemaining: cents(120_00)))
        // Then the reduction 180.00 − 120.00 = 60.00 is shared 100:80:
        //   line 1: 6000 × 10000 / 18000 = 3333 rem 6000;  line 2: 6000 × 8000 / 18000 = 2666 rem 12000
        //   3333 + 2666 = 5999, the last cent goes to the larger remainder (line 2): 33.33 and 26.67
        // covered 100.00 − 33.33 = 66.67 and 80.00 − 26.67 = 53.33, together 120.00
        #expect(r.lines.map(\.covered) == [cents(66_67), cents(53_33)])
        #expect(r.lines.map(\.customer) == [cents(33_33), cents(26_67)])
        #expect(r.covered == cents(120_00))
        #expect(r.lines.map(\.reasonCode) == ["LIFETIME-CAP", "LIFETIME-CAP"])
        #expect(r.steps.contains("lifetime cap: 120.00 left → 120.00"))
    }

    @Test("A lifetime cap overspent elsewhere covers nothing, never a negative amount")
    func negativeLifetimeRemaining() {
        // Given the remaining lifetime cap already below zero (another case overspent it)
        let r = CoverageCalculator.compute(
            lines: [Fixture.part(1, cents(40_00))],
            entitlement: Fixture.warranty(
                Terms(coverage: Fixture.fullCover),
                lifetimeRemaining: cents(-10_00)))
        // When computed, Then the limit is 0: nothing covered, all 40.00 for the customer
        #expect(r.line(1)?.covered == .zero)
        #expect(r.line(1)?.customer == cents(40_00))
        #expect(r.line(1)?.reasonCode == "LIFETIME-CAP")
        #expect(r.steps.contains("lifetime cap: 0.00 left → 0.00"))
    }

    @Test("A money balance covers up to what remains; the rest is billable")
    func moneyBalance() {
        // Given a contract with 150.00 prepaid, full cover, a part and labour of 100.00 each
        let terms = Terms(coverage: Fixture.fullCover, balanceInMinutes: false)
        let lines = [Fixture.part(1, cents(100_00)), Fixture.labour(2, minutes: 60, cents(100_00))]
        // When computed
        let r = CoverageCalculator.compute(
            lines: lines,
            entitlement: Fixture.contractEntitlement(terms, balance: .money(cents(150_00))))
        // Then 200.00 is limited to 150.00; the 50.00 reduction is shared 1:1 → 25.00 each
        #expect(r.lines.map(\.covered) == [cents(75_00), cents(75_00)])
        #expect(r.lines.map(\.customer) == [cents(25_00), cents(25_00)])
        #expect(r.lines.map(\.reasonCode) == ["BALANCE-EXHAUSTED", "BALANCE-EXHAUSTED"])
        #expect(r.balanceUsed == .money(cents(150_00)))
        #expect(r.steps.contains("balance 150.00 left → 150.00; 50.00 billable"))
    }

    @Test("A minutes balance limits labour lines only: balance 60 min left; 60 min billable")
    func minutesBalance() throws {
        // Given 60 prepaid minutes, full cover, 120 min of labour at 60.00/h (120.00) and a part of 50.00
        let terms = Terms(coverage: Fixture.fullCover, balanceInMinutes: true)
        let lines = [Fixture.labour(1, minutes: 120, cents(120_00)), Fixture.part(2, cents(50_00))]
        // When computed
        let r = CoverageCalculator.compute(
            lines: lines, entitlement: Fixture.contractEntitlement(terms, balance: .minutes(60)))
        // Then labour is covered for 60 of 120 min: 120.00 × 60/120 = 60.00; the part in full
        let labour = try #require(r.line(1))
        let part = try #require(r.line(2))
        #expect(labour.covered == cents(60_00) && labour.customer == cents(60_00))
        #expect(labour.coveredMinutes == 60)
        #expect(labour.reasonCode == "BALANCE-EXHAUSTED")
        #expect(labour.classification == .contract)
        #expect(part.covered == cents(50_00) && part.customer == .zero)
        #expect(part.coveredMinutes == nil)
        #expect(part.reasonCode == "IN-CONTRACT")
        #expect(r.balanceUsed == .minutes(60))
        #expect(r.steps.contains("balance 60 min left; 60 min covered, 60 min billable"))
    }

    @Test("A minutes balance is used by labour lines in line order")
    func minutesBalanceInLineOrder() {
        // Given 90 prepaid minutes and two labour lines of 60 min at 50.00/h (50.00 each), passed out of order
        let terms = Terms(coverage: Fixture.fullCover, balanceInMinutes: true)
        let lines = [Fixture.labour(2, minutes: 60, cents(50_00)), Fixture.labour(1, minutes: 60, cents(50_00))]
        // When computed
        let r = CoverageCalculator.compute(
            lines: lines, entitlement: Fixture.contractEntitlement(terms, balance: .minutes(90)))
        // Then line 1 takes 60 min (50.00) and line 2 the other 30: 50.00 × 30/60 = 25.00
        #expect(r.lines.map(\.number) == [1, 2])
        #expect(r.lines.map(\.coveredMinutes) == [60, 30])
        #expect(r.lines.map(\.covered) == [cents(50_00), cents(25_00)])
        #expect(r.lines.map(\.reasonCode) == ["IN-CONTRACT", "BALANCE-EXHAUSTED"])
        #expect(r.balanceUsed == .minutes(90))
        #expect(r.steps.contains("balance 90 min left; 90 min covered, 30 min billable"))
    }

    @Test("An empty minutes balance leaves labour billable")
    func minutesBalanceEmpty() {
        // Given 0 prepaid minutes and 45 min of labour at 40.00/h (30.00)
        let terms = Terms(coverage: Fixture.fullCover, balanceInMinutes: true)
        let r = CoverageCalculator.compute(
            lines: [Fixture.labour(1, minutes: 45, cents(30_00))],
            entitlement: Fixture.contractEntitlement(terms, balance: .minutes(0)))
        // When computed, Then nothing is covered and the line is billable for want of balance
        #expect(r.line(1)?.covered == .zero)
        #expect(r.line(1)?.customer == cents(30_00))
        #expect(r.line(1)?.classification == .billable)
        #expect(r.line(1)?.reasonCode == "BALANCE-EXHAUSTED")
        #expect(r.balanceUsed == .minutes(0))
        #expect(r.steps.contains("balance 0 min left; 0 min covered, 45 min billable"))
    }
}

@Suite("Coverage: approved overrides")
struct CoverageOverrideTests {
    @Test("A waived deductible is not taken")
    func waivedDeductible() {
        // Given a 50.00 deductible on a 100.00 part, and an approved waiver
        let terms = Terms(coverage: Fixture.fullCover, deductible: cents(50_00))
        let waived = CaseAdjustments(approved: [Fixture.override(1, .waiveDeductible)])
        // When computed with and without the waiver
        let with = CoverageCalculator.compute(
            lines: [Fixture.part(1, cents(100_00))],
            entitlement: Fixture.contractEntitlement(terms), adjustments: waived)
        let without = CoverageCalculator.compute(
            lines: [Fixture.part(1, cents(100_00))],
            entitlement: Fixture.contractEntitlement(terms))
        // Then the waiver covers all 100.00; without it 100.00 − 50.00 = 50.00
        #expect(with.line(1)?.covered == cents(100_00))
        #expect(with.line(1)?.reasonCode == "IN-CONTRACT")
        #expect(with.steps.contains("deductible 50.00 waived by approved override"))
        #expect(without.line(1)?.covered == cents(50_00))
    }

    @Test("An approved cap extension raises the per-incident cap")
    func capExtension() {
        // Given a per-incident cap of 100.00, a 200.00 part, and an approved extension of 50.00
        let terms = Terms(coverage: Fixture.fullCover, perIncidentCap: cents(100_00))
        let ext = CaseAdjustments(approved: [Fixture.override(1, .extendCap, amount: cents(50_00))])
        // When computed
        let r = CoverageCalculator.compute(
            lines: [Fixture.part(1, cents(200_00))],
            entitlement: Fixture.warranty(terms), adjustments: ext)
        // Then 100.00 + 50.00 = 150.00 is covered, 50.00 is the customer's
        #expect(r.line(1)?.covered == cents(150_00))
        #expect(r.line(1)?.customer == cents(50_00))
        #expect(r.line(1)?.reasonCode == "INCIDENT-CAP")
        #expect(r.steps.contains("per-incident cap 150.00 (extended) → 150.00"))
    }

    @Test("A cap extension reaches the lifetime cap through verification")
    func capExtensionThroughEngine() {
        // Given W-17 (cap 5000.00) with 4900.00 spent, an approved extension of 100.00, and a 300.00 part
        let key = WarrantyKey(serial: Fixture.serial, kind: .asset, template: "W-17")
        let adj = CaseAdjustments(approved: [Fixture.override(1, .extendCap, amount: cents(100_00))])
        let e = EntitlementEngine.verify(
            Fixture.input(
                asset: Fixture.asset(warranty: Fixture.assetWarranty()),
                templates: [Fixture.assetTemplate()],
                spent: [key: cents(4_900_00)], on: "2025-06-10", adjustments: adj))
        // When verified and computed
        let r = CoverageCalculator.compute(lines: [Fixture.part(1, cents(300_00))], entitlement: e, adjustments: adj)
        // Then 5000.00 + 100.00 − 4900.00 = 200.00 is covered, 100.00 is the customer's
        #expect(r.line(1)?.covered == cents(200_00))
        #expect(r.line(1)?.customer == cents(100_00))
        #expect(r.line(1)?.reasonCode == "LIFETIME-CAP")
    }

    @Test("Goodwill moves a customer amount to the company")
    func goodwill() throws {
        // Given parts 100 %, labour 50 %: labour of 80.00 leaves 40.00 for the customer;
        // approved goodwill of 25.00 on the labour line
        let terms = Terms(coverage: CoveragePercents(parts: 100, labour: 50, travel: 0, expenses: 0))
        let adj = CaseAdjustments(approved: [Fixture.override(1, .goodwill, line: Fixture.id(2), amount: cents(25_00))])
        let lines = [Fixture.part(1, cents(100_00)), Fixture.labour(2, minutes: 60, cents(80_00))]
        // When computed
        let r = CoverageCalculator.compute(lines: lines, entitlement: Fixture.warranty(terms), adjustments: adj)
        // Then labour: covered 40.00, goodwill 25.00, customer 40.00 − 25.00 = 15.00
        let l = try #require(r.line(2))
        #expect(l.covered == cents(40_00) && l.goodwill == cents(25_00) && l.customer == cents(15_00))
        #expect(l.classification == .warranty)
        #expect(l.reasonCode == "PARTIAL-COVER")
        #expect(r.goodwill == cents(25_00))
        #expect(
            r.steps.suffix(2) == [
                "goodwill 25.00 by approved override", "covered 140.00, goodwill 25.00, customer 15.00",
            ])
    }

    @Test("Goodwill never exceeds what the customer would pay")
    func goodwillClipped() {
        // Given 40.00 left for the customer on labour and goodwill requests of 30.00 + 30.00 on it
        let terms = Terms(coverage: CoveragePercents(parts: 100, labour: 50, travel: 0, expenses: 0))
        let adj = CaseAdjustments(approved: [
            Fixture.override(1, .goodwill, line: Fixture.id(1), amount: cents(30_00)),
            Fixture.override(2, .goodwill, line: Fixture.id(1), amount: cents(30_00)),
        ])
        // When computed
        let r = CoverageCalculator.compute(
            lines: [Fixture.labour(1, minutes: 60, cents(80_00))],
            entitlement: Fixture.warranty(terms), adjustments: adj)
        // Then goodwill is min(60.00, 40.00) = 40.00 and the customer pays nothing
        #expect(r.line(1)?.goodwill == cents(40_00))
        #expect(r.line(1)?.customer == .zero)
    }

    @Test("Goodwill on a chargeable line classifies it as goodwill")
    func goodwillOnChargeable() {
        // Given a chargeable case with a 90.00 part and approved goodwill of 30.00 on it
        let adj = CaseAdjustments(approved: [Fixture.override(1, .goodwill, line: Fixture.id(1), amount: cents(30_00))])
        // When computed
        let r = CoverageCalculator.compute(
            lines: [Fixture.part(1, cents(90_00))], entitlement: Fixture.chargeable(),
            adjustments: adj)
        // Then 30.00 goodwill, 60.00 customer, classified goodwill with reason GOODWILL
        #expect(r.line(1)?.covered == .zero)
        #expect(r.line(1)?.goodwill == cents(30_00))
        #expect(r.line(1)?.customer == cents(60_00))
        #expect(r.line(1)?.classification == .goodwill)
        #expect(r.line(1)?.reasonCode == "GOODWILL")
    }
}

@Suite("Coverage: sharing the reduction")
struct CoverageSharingTests {
    @Test("Tied remainders give the cent to the lowest line number, whatever the input order")
    func tiesToLowestLineNumber() {
        // Given three parts of 10.00 each (passed as lines 3, 1, 2) and a deductible of 0.01 + 0.01 = 0.02
        let terms = Terms(coverage: Fixture.fullCover, deductible: cents(2))
        let lines = [Fixture.part(3, cents(10_00)), Fixture.part(1, cents(10_00)), Fixture.part(2, cents(10_00))]
        // When computed
        let r = CoverageCalculator.compute(lines: lines, entitlement: Fixture.warranty(terms))
        // Then the 2-cent reduction: each line 2 × 1000 / 3000 = 0 rem 2000 — a three-way tie —
        // so lines 1 and 2 (the lowest numbers) lose a cent, line 3 none
        #expect(r.lines.map(\.number) == [1, 2, 3])
        #expect(r.lines.map(\.covered) == [cents(9_99), cents(9_99), cents(10_00)])
        #expect(r.lines.map(\.customer) == [cents(1), cents(1), .zero])
        #expect(r.lines.map(\.reasonCode) == ["DEDUCTIBLE", "DEDUCTIBLE", "IN-WARRANTY"])
    }

    @Test("Tied remainders on unequal lines also go to the lowest line number")
    func tiesOnUnequalLines() {
        // Given lines covering 1.00, 2.50 and 1.00 at 100 % (4.50 in all), and a deductible of 0.03
        let terms = Terms(coverage: Fixture.fullCover, deductible: cents(3))
        let lines = [Fixture.part(1, cents(1_00)), Fixture.part(2, cents(2_50)), Fixture.part(3, cents(1_00))]
        // When computed
        let r = CoverageCalculator.compute(lines: lines, entitlement: Fixture.warranty(terms))
        // Then the 3-cent reduction: line 1: 3 × 100 / 450 = 0 rem 300; line 2: 3 × 250 / 450 = 1 rem 300;
        // line 3: 0 rem 300. Floors give 1, two cents are left, all remainders tie at 300 → lines 1 and 2.
        // Reductions 1, 2, 0 → covered 0.99, 2.48, 1.00
        #expect(r.lines.map(\.covered) == [cents(99), cents(2_48), cents(1_00)])
        #expect(r.lines.map(\.customer) == [cents(1), cents(2), .zero])
    }

    @Test("Only covered lines share the reduction")
    func onlyCoveredLinesShare() {
        // Given a contract excluding Consumables: a 50.00 consumable and a 100.00 part, deductible 20.00
        let terms = Terms(coverage: Fixture.fullCover, excludedCategories: ["Consumables"], deductible: cents(20_00))
        let lines = [Fixture.part(1, cents(50_00), category: "Consumables"), Fixture.part(2, cents(100_00))]
        // When computed
        let r = CoverageCalculator.compute(lines: lines, entitlement: Fixture.contractEntitlement(terms))
        // Then the whole 20.00 falls on line 2: 100.00 − 20.00 = 80.00; line 1 stays excluded
        #expect(r.lines.map(\.covered) == [.zero, cents(80_00)])
        #expect(r.lines.map(\.customer) == [cents(50_00), cents(20_00)])
        #expect(r.lines.map(\.reasonCode) == ["EXCLUDED-CATEGORY", "DEDUCTIBLE"])
    }
}

@Suite("Allocation: largest remainder")
struct AllocationTests {
    @Test("Shares are proportional, and the leftover cents go to the largest remainders")
    func largestRemainder() {
        // Given 1.00 over weights 1, 1, 1
        // When shared, Then 100 / 3 = 33 rem 1 each; the one cent left goes to index 0 (tie → lowest)
        #expect(
            Allocation.shareOut(cents(100), over: [cents(1), cents(1), cents(1)]) == [cents(34), cents(33), cents(33)])
        // 0.10 over 1, 2, 7: exactly 1, 2, 7
        #expect(
            Allocation.shareOut(cents(10), over: [cents(1), cents(2), cents(7)]) == [cents(1), cents(2), cents(7)])
        // 0.05 over 10, 30: 5×10/40 = 1 rem 10; 5×30/40 = 3 rem 30 → the cent goes to index 1: 1, 4
        #expect(Allocation.shareOut(cents(5), over: [cents(10), cents(30)]) == [cents(1), cents(4)])
    }

    @Test("Nothing to share, or nothing to share over, gives zero shares")
    func degenerate() {
        // Given a zero total, or all-zero weights, When shared, Then every share is zero
        #expect(Allocation.shareOut(.zero, over: [cents(5), cents(7)]) == [.zero, .zero])
        #expect(Allocation.shareOut(cents(5), over: [.zero, .zero]) == [.zero, .zero])
        #expect(Allocation.shareOut(cents(5), over: []) == [])
    }

    @Test("A zero weight never receives a cent")
    func zeroWeight() {
        // Given 0.03 over 0, 1, 1: 3 × 1 / 2 = 1 rem 1 for both
        // When shared, Then the leftover cent goes to index 1, never to the zero weight
        #expect(Allocation.shareOut(cents(3), over: [.zero, cents(1), cents(1)]) == [.zero, cents(2), cents(1)])
    }
}
