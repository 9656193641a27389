import Testing

@testable import ServiceCore

@Suite("The audit sample for margin leakage: what each closed case was worth, and what looks wrong")
struct MarginReviewTests {
    func m(_ s: String) -> Money { Money(parsing: s)! }

    func margin(
        entitlement: EntitlementOutcome = .warranty, atList: String = "300.00", charged: String = "300.00",
        covered: String = "200.00", goodwill: String = "0.00", billed: String = "100.00", partsCost: String = "40.00",
        belowList: [(sku: String, by: Money)] = [], cores: [(sku: String, count: Int)] = []
    ) -> CaseMargin {
        CaseMargin(
            caseID: CaseID(7), entitlement: entitlement, atList: m(atList), charged: m(charged), covered: m(covered),
            goodwill: m(goodwill), billed: m(billed), partsCost: m(partsCost), belowList: belowList,
            unchargedCores: cores)
    }

    @Test("A case whose work is all covered or billed, at list price, has no findings")
    func clean() {
        #expect(margin().findings == [])
        #expect(margin(entitlement: .chargeable, covered: "0.00", billed: "300.00").findings == [])
    }

    @Test("Work neither covered nor billed, or more billed than recorded, is named with its amount")
    func unbilled() {
        #expect(margin(billed: "60.00").findings == ["40.00 of recorded work neither covered nor billed"])
        #expect(margin(billed: "100.01").findings == ["0.01 more covered and billed than the work recorded"])
    }

    @Test(
        "A part below list price, goodwill given, and a chargeable case billed under its parts' cost are each a finding"
    )
    func eachFinding() {
        #expect(
            margin(atList: "345.00", belowList: [("P-SEAL", m("45.00"))]).findings == [
                "P-SEAL charged 45.00 below list price"
            ])
        #expect(margin(covered: "150.00", goodwill: "50.00").findings == ["goodwill 50.00 given"])
        #expect(
            margin(entitlement: .chargeable, charged: "30.00", covered: "0.00", billed: "30.00").findings
                == ["chargeable, billed 30.00 under the parts' cost 40.00"])
        #expect(
            margin(entitlement: .chargeable, covered: "20.00", billed: "280.00").findings == [
                "chargeable, yet 20.00 covered"
            ])
    }

    @Test("Cores not back and not charged after the return days count against the margin (seed 000's common mistake)")
    func cores() {
        #expect(
            margin(cores: [("P-BOARD", 1), ("P-PUMP", 2)]).findings
                == ["1 core of P-BOARD not back and not charged", "2 cores of P-PUMP not back and not charged"])
    }
}

@Suite("A sample drawn from a seed is drawn again from the same seed")
struct SeededSampleTests {
    @Test("The same seed gives the same cases; another seed, others; never a case twice; in the items' order")
    func reproducible() {
        let items = Array(1...1000)
        let a = SeededSample.draw(10, from: items, seed: 7)
        #expect(a == SeededSample.draw(10, from: items, seed: 7))
        #expect(a != SeededSample.draw(10, from: items, seed: 8))
        #expect(Set(a).count == 10 && a == a.sorted())
        #expect(a.allSatisfy(items.contains))
    }

    @Test("The generator is SplitMix64: the same numbers on every machine and in every release")
    func pinned() {
        // SplitMix64's published first output for seed 0.
        var g = SeededGenerator(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test("Asking for as many as there are, or more, takes them all; none from none")
    func edges() {
        #expect(SeededSample.draw(5, from: [3, 1, 2], seed: 1) == [3, 1, 2])
        #expect(SeededSample.draw(3, from: [Int](), seed: 1) == [])
        #expect(SeededSample.draw(0, from: [1, 2], seed: 1) == [])
    }

    @Test("Every item can be drawn: over many seeds a one-item sample hits each of ten items")
    func coversAll() {
        let hits = Set((0..<500).flatMap { SeededSample.draw(1, from: Array(0..<10), seed: UInt64($0)) })
        #expect(hits == Set(0..<10))
    }
}
