import Testing

@testable import ServiceCore

// What a unit of stock is worth, with no database: `Valuation` is the quantity on hand of an
// item (cores apart) and its value; `receiving` and `issuing` move it, `unitCost(for:)` says
// what the next unit leaving is worth.

/// A moving-average part: its standard cost (7.77) must never show up in its figures.
private let averaged = Item(
    sku: "P-MA", description: "Valve cartridge", category: "Mechanical",
    costing: .movingAverage, standardCost: cents(7_77), listPrice: cents(25_00))
/// A standard-cost part at 10.00.
private let standard = Item(
    sku: "P-STD", description: "Seal kit", category: "Mechanical",
    costing: .standard, standardCost: cents(10_00), listPrice: cents(45_00))

@Suite("Costing: moving average and standard cost")
struct CostingTests {
    @Test("Moving average: every receipt recomputes the average from the value and the quantity")
    func movingAverageOnReceipt() throws {
        // Given nothing on hand
        let empty = Valuation()

        // When 10 arrive at 10.00
        let (first, firstCost) = try empty.receiving(10, at: cents(10_00), item: averaged)
        // Then 10 × 10.00 = 100.00 for 10: 10.00 each, and the receipt is valued at what was paid
        #expect(first == Valuation(quantity: 10, value: cents(100_00)))
        #expect(firstCost == cents(10_00))
        #expect(first.unitCost(for: averaged) == cents(10_00))

        // When 10 more arrive at 13.00
        let (second, secondCost) = try first.receiving(10, at: cents(13_00), item: averaged)
        // Then 100.00 + 10 × 13.00 = 230.00 for 20: 11.50 each
        #expect(second == Valuation(quantity: 20, value: cents(230_00)))
        #expect(secondCost == cents(13_00))
        #expect(second.unitCost(for: averaged) == cents(11_50))

        // When 2 more arrive at 20.00
        let (third, _) = try second.receiving(2, at: cents(20_00), item: averaged)
        // Then 230.00 + 40.00 = 270.00 for 22: 12.2727… → 12.27
        #expect(third == Valuation(quantity: 22, value: cents(270_00)))
        #expect(third.unitCost(for: averaged) == cents(12_27))
    }

    @Test("Moving average: issues leave at the average and leave the average as it was")
    func movingAverageOnIssue() throws {
        // Given 20 worth 230.00: 11.50 each
        let start = Valuation(quantity: 20, value: cents(230_00))

        // When 4 are issued
        let (afterFour, cost) = try start.issuing(4, item: averaged)
        // Then they leave at 11.50: 230.00 − 4 × 11.50 = 184.00 for 16, still 11.50 each
        #expect(cost == cents(11_50))
        #expect(afterFour == Valuation(quantity: 16, value: cents(184_00)))
        #expect(afterFour.unitCost(for: averaged) == cents(11_50))

        // When the other 16 are issued
        let (empty, lastCost) = try afterFour.issuing(16, item: averaged)
        // Then 184.00 − 16 × 11.50 = 0.00 for 0
        #expect(lastCost == cents(11_50))
        #expect(empty == Valuation(quantity: 0, value: .zero))
    }

    @Test(
        "Moving average: value ÷ quantity is rounded half away from zero",
        arguments: [
            // 10.00 / 3 = 3.333… → 3.33
            (3, Int64(10_00), Int64(3_33)),
            // 20.00 / 3 = 6.666… → 6.67
            (3, 20_00, 6_67),
            // 0.05 / 2 = 0.025 → 0.03 (half goes up)
            (2, 5, 3),
            // 0.03 / 2 = 0.015 → 0.02
            (2, 3, 2),
            // 0.10 / 4 = 0.025 → 0.03
            (4, 10, 3),
            // 0.10 / 8 = 0.0125 → 0.01
            (8, 10, 1),
            // 100.00 / 7 = 14.2857… → 14.29
            (7, 100_00, 14_29),
            // 10.01 / 6 = 1.66833… → 1.67
            (6, 10_01, 1_67),
            // −0.05 / 2 = −0.025 → −0.03 (away from zero, not up)
            (2, -5, -3),
            // 12.00 / 4 = 3.00 exactly
            (4, 12_00, 3_00),
        ])
    func movingAverageRounding(quantity: Int, value: Int64, expected: Int64) {
        // Given a quantity and its value
        let valuation = Valuation(quantity: quantity, value: cents(value))
        // When the unit cost is asked for
        // Then it is the quotient rounded half away from zero, to the cent
        #expect(valuation.unitCost(for: averaged) == cents(expected))
    }

    @Test("Moving average: when the average is not whole, the rounding stays in the value and no cent is lost")
    func roundingCarriedInValue() throws {
        // Given 3 worth 10.00: 3.333… → 3.33 each
        let start = Valuation(quantity: 3, value: cents(10_00))

        // When they are issued one at a time
        let (two, c1) = try start.issuing(1, item: averaged)
        let (one, c2) = try two.issuing(1, item: averaged)
        let (none, c3) = try one.issuing(1, item: averaged)

        // Then the first leaves at 3.33, leaving 6.67 for 2 (3.335 → 3.34), the second at 3.34,
        // leaving 3.33 for 1, the last at 3.33: 3.33 + 3.34 + 3.33 = 10.00, all of the value
        #expect([c1, c2, c3] == [cents(3_33), cents(3_34), cents(3_33)])
        #expect(two == Valuation(quantity: 2, value: cents(6_67)))
        #expect(one == Valuation(quantity: 1, value: cents(3_33)))
        #expect(none == Valuation(quantity: 0, value: .zero))
    }

    @Test("Standard cost: units come in and go out at the standard cost, whatever the receipt cost")
    func standardIgnoresReceiptPrice() throws {
        // Given nothing on hand of a part standing at 10.00
        let empty = Valuation()

        // When 10 arrive at 9.00, then 10 at 13.00
        let (first, firstCost) = try empty.receiving(10, at: cents(9_00), item: standard)
        let (second, secondCost) = try first.receiving(10, at: cents(13_00), item: standard)
        // Then both enter at 10.00: 10 × 10.00 + 10 × 10.00 = 200.00 for 20
        #expect(firstCost == cents(10_00))
        #expect(secondCost == cents(10_00))
        #expect(first == Valuation(quantity: 10, value: cents(100_00)))
        #expect(second == Valuation(quantity: 20, value: cents(200_00)))

        // When 3 are issued
        let (after, cost) = try second.issuing(3, item: standard)
        // Then they leave at 10.00: 200.00 − 30.00 = 170.00 for 17
        #expect(cost == cents(10_00))
        #expect(after == Valuation(quantity: 17, value: cents(170_00)))
        // And the unit cost is the standard even when the value says otherwise (0.01 for 3)
        #expect(Valuation(quantity: 3, value: cents(1)).unitCost(for: standard) == cents(10_00))
    }

    @Test("Zero quantity: nothing on hand is worth 0.00 a unit at moving average, the standard at standard")
    func zeroQuantity() throws {
        // Given nothing on hand
        let empty = Valuation()

        // Then a moving-average unit is worth 0.00 (no division by zero), a standard one 10.00
        #expect(empty.unitCost(for: averaged) == .zero)
        #expect(empty.unitCost(for: standard) == cents(10_00))

        // When 0 units come in at 7.00, or 0 go out
        let (received, receivedCost) = try empty.receiving(0, at: cents(7_00), item: averaged)
        let (issued, issuedCost) = try Valuation(quantity: 5, value: cents(12_00)).issuing(0, item: averaged)
        // Then nothing changes; the cost named is the receipt's 7.00, the average's 12.00 / 5 = 2.40
        #expect(received == empty)
        #expect(receivedCost == cents(7_00))
        #expect(issued == Valuation(quantity: 5, value: cents(12_00)))
        #expect(issuedCost == cents(2_40))

        // When the first units arrive into an empty valuation at 2.49
        let (first, _) = try empty.receiving(4, at: cents(2_49), item: averaged)
        // Then the average is the receipt's: 4 × 2.49 = 9.96 for 4
        #expect(first == Valuation(quantity: 4, value: cents(9_96)))
        #expect(first.unitCost(for: averaged) == cents(2_49))
    }

    @Test(
        "A receipt at another cost between a reservation and its issue moves a moving-average issue, not a standard one",
        arguments: [
            // Moving average: 10 × 10.00 = 100.00; + 10 × 13.00 = 230.00 for 20 = 11.50;
            // the 2 reserved leave at 11.50 = 23.00, leaving 207.00 for 18
            (CostingMethod.movingAverage, Int64(11_50), Int64(207_00)),
            // Standard at 10.00: both receipts enter at 10.00 = 200.00 for 20;
            // the 2 leave at 10.00 = 20.00, leaving 180.00 for 18
            (.standard, 10_00, 180_00),
        ])
    func receiptBetweenReservationAndIssue(costing: CostingMethod, issueCost: Int64, left: Int64) throws {
        // Given 10 received at 10.00 and 2 of them reserved (a reservation moves no value)
        var item = standard
        item.costing = costing
        let (received, _) = try Valuation().receiving(10, at: cents(10_00), item: item)
        let reservedCost = received.unitCost(for: item)

        // When 10 more arrive at 13.00 before the 2 reserved are used
        let (restocked, _) = try received.receiving(10, at: cents(13_00), item: item)
        let (after, cost) = try restocked.issuing(2, item: item)

        // Then at reservation time a unit was worth 10.00 under both methods
        #expect(reservedCost == cents(10_00))
        // And the issue is valued at the cost when it happens
        #expect(cost == cents(issueCost))
        #expect(restocked.value - after.value == cents(issueCost * 2))
        #expect(after == Valuation(quantity: 18, value: cents(left)))
    }
}
