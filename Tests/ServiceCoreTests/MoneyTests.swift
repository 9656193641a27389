import Testing

@testable import ServiceCore

@Suite("Money: integer cents, parsed strictly, rounded half away from zero")
struct MoneyTests {
    @Test(
        "Amounts people type parse to the cents they mean",
        arguments: [
            ("12", Int64(1200)), ("12.5", 1250), ("12.50", 1250), ("-3.00", -300),
            ("0.05", 5), ("-0.05", -5), ("0", 0), ("007.10", 710), ("999999999999999.99", 99_999_999_999_999_999),
        ])
    func parsesValidAmounts(text: String, expected: Int64) {
        // Given the text an agent typed
        // When it is parsed
        let money = Money(parsing: text)
        // Then it is exactly that many cents
        #expect(money == Money(minorUnits: expected))
    }

    @Test(
        "A typo never becomes a different amount",
        arguments: [
            "1.234", "1,000", "", "abc", "1e3", ".5", "12.", "-", "+5", " 12", "12 ", "1.2.3",
            "--1", "1.-5", "١٢", "1000000000000000",
        ])
    func rejectsMalformedAmounts(text: String) {
        // Given text that is not a plain amount with at most two decimals (or too long for 15 digits)
        // When it is parsed
        // Then nothing comes back
        #expect(Money(parsing: text) == nil)
    }

    @Test(
        "Amounts print with two decimals and no grouping",
        arguments: [
            (Int64(123_450), "1234.50"), (-5, "-0.05"), (0, "0.00"), (7, "0.07"), (100, "1.00"),
            (-300, "-3.00"), (1_000_000_00, "1000000.00"),
        ])
    func formats(minorUnits: Int64, expected: String) {
        // Given an amount in cents
        let money = Money(minorUnits: minorUnits)
        // When it is shown
        // Then it has two decimals, a leading minus when negative, no separators
        #expect(money.description == expected)
    }

    @Test(
        "What is printed parses back to the same amount",
        arguments: [Int64(0), 1, -1, 99, -99, 100, 123_456_789, -987_654_321, Int64.max, Int64.min + 1])
    func formatAndParseRoundTrip(minorUnits: Int64) {
        // Given an amount
        let money = Money(minorUnits: minorUnits)
        // When it is printed and parsed again
        let back = Money(parsing: money.description)
        // Then it is unchanged, or (beyond 15 whole digits) refused rather than altered
        if money.minorUnits.magnitude / 100 < 1_000_000_000_000_000 {
            #expect(back == money)
        } else {
            #expect(back == nil)
        }
    }

    @Test(
        "Percent rounds half away from zero",
        arguments: [
            // 10.05 × 50 % = 5.025 → 5.03
            (Int64(1005), 50, Int64(503)),
            // −10.05 × 50 % = −5.025 → −5.03 (away from zero, not up)
            (-1005, 50, -503),
            // 10.04 × 50 % = 5.02 exactly
            (1004, 50, 502),
            // 3.33 × 33 % = 1.0989 → 1.10
            (333, 33, 110),
            // 1.50 × 1 % = 0.015 → 0.02; 1.49 × 1 % = 0.0149 → 0.01
            (150, 1, 2), (149, 1, 1), (-150, 1, -2),
            // 0 % and 100 % are exact
            (12_345, 0, 0), (12_345, 100, 12_345),
        ])
    func percentRounding(amount: Int64, percent: Int, expected: Int64) {
        // Given an amount and a percentage
        // When the percentage is taken
        let result = Money(minorUnits: amount).percent(percent)
        // Then the cents are rounded half away from zero
        #expect(result == Money(minorUnits: expected))
    }

    @Test(
        "Scaling by a fraction rounds half away from zero",
        arguments: [
            // 10.00 × 1/3 = 3.333… → 3.33; 20.00 × 1/3 = 6.666… → 6.67
            (Int64(1000), Int64(1), Int64(3), Int64(333)), (2000, 1, 3, 667),
            // 0.05 × 1/2 = 0.025 → 0.03; −0.05 × 1/2 → −0.03
            (5, 1, 2, 3), (-5, 1, 2, -3),
            // 0.07 × 3/7 = 0.03 exactly
            (7, 3, 7, 3),
        ])
    func scaledRounding(amount: Int64, numerator: Int64, denominator: Int64, expected: Int64) {
        // Given an amount, When it is scaled by numerator/denominator
        let result = Money(minorUnits: amount).scaled(by: numerator, over: denominator)
        // Then the result is rounded half away from zero
        #expect(result == Money(minorUnits: expected))
    }

    @Test("Large amounts scale without overflowing 64 bits")
    func noOverflowWithLargeValues() {
        // Given amounts whose product with the factor exceeds Int64
        let half = Money(minorUnits: Int64.max / 2) // 4_611_686_018_427_387_903
        let big = Money(minorUnits: 9_000_000_000_000_000_000)
        // When they are scaled
        // Then the 128-bit product gives the exact answer
        // 4_611_686_018_427_387_903 × 100 / 100 = itself
        #expect(half.percent(100) == half)
        // 9e18 × 3 / 4 = 6.75e18
        #expect(big.scaled(by: 3, over: 4) == Money(minorUnits: 6_750_000_000_000_000_000))
        // Int64.max × 50 % = 4_611_686_018_427_387_903.5 → …904 (half away from zero)
        #expect(Money(minorUnits: Int64.max).percent(50) == Money(minorUnits: 4_611_686_018_427_387_904))
        // 1e18 × 1_000_000 / 1_000_000_000 = 1e15
        #expect(
            Money(minorUnits: 1_000_000_000_000_000_000).scaled(by: 1_000_000, over: 1_000_000_000)
                == Money(minorUnits: 1_000_000_000_000_000))
    }

    @Test("Amounts add, subtract, multiply by a quantity and sum")
    func arithmetic() {
        // Given two amounts
        let a = cents(12_50)
        let b = cents(3_75)
        // When they are combined
        // Then 12.50 + 3.75 = 16.25, 12.50 − 3.75 = 8.75, 3.75 × 4 = 15.00, sum 12.50 + 3.75 + 0 = 16.25
        #expect(a + b == cents(16_25))
        #expect(a - b == cents(8_75))
        #expect(b * 4 == cents(15_00))
        #expect(Money.sum([a, b, .zero]) == cents(16_25))
        #expect(Money.sum([Money]()) == .zero)
        #expect(b < a && !(a < b))
        #expect(Money.zero.isZero && !a.isZero)
    }

    @Test(
        "Labour is minutes × the hourly rate, rounded to the cent",
        arguments: [
            // 90 min at 50.00/h = 75.00
            (90, Int64(50_00), Int64(75_00)),
            // 7 min at 50.00/h = 5.8333… → 5.83
            (7, 50_00, 5_83),
            // 1 min at 0.30/h = 0.005 → 0.01
            (1, 30, 1),
            // 0 min costs nothing
            (0, 80_00, 0),
        ])
    func labourAmount(minutes: Int, rate: Int64, expected: Int64) {
        // Given minutes and a technician's rate, When the line amount is computed
        let amount = Labour.amount(minutes: minutes, hourlyRate: Money(minorUnits: rate))
        // Then it is the selling amount to the cent
        #expect(amount == Money(minorUnits: expected))
    }
}
