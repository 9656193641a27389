/// An amount of the database's one currency, in integer minor units (cents).
/// Never floating point: every rule that splits money does so with integer arithmetic.
public struct Money: Hashable, Comparable, Sendable, Codable, AdditiveArithmetic {
    public var minorUnits: Int64

    public init(minorUnits: Int64) { self.minorUnits = minorUnits }

    public static let zero = Money(minorUnits: 0)

    public static func + (a: Money, b: Money) -> Money { Money(minorUnits: a.minorUnits + b.minorUnits) }
    public static func - (a: Money, b: Money) -> Money { Money(minorUnits: a.minorUnits - b.minorUnits) }
    public static func < (a: Money, b: Money) -> Bool { a.minorUnits < b.minorUnits }
    public static func * (a: Money, quantity: Int) -> Money { Money(minorUnits: a.minorUnits * Int64(quantity)) }

    public var isZero: Bool { minorUnits == 0 }

    /// `numerator / denominator` of this amount, rounded half away from zero.
    /// The product is taken in 128 bits so large amounts times large factors cannot overflow.
    public func scaled(by numerator: Int64, over denominator: Int64) -> Money {
        precondition(denominator > 0, "denominator must be positive")
        let product = Int128(minorUnits) * Int128(numerator)
        let d = Int128(denominator)
        let (q, r) = product.quotientAndRemainder(dividingBy: d)
        var result = q
        if 2 * r.magnitude >= d.magnitude { result += product < 0 ? -1 : 1 }
        return Money(minorUnits: Int64(result))
    }

    /// `percent` % of this amount, rounded half away from zero.
    public func percent(_ percent: Int) -> Money { scaled(by: Int64(percent), over: 100) }

    public static func sum<S: Sequence>(_ amounts: S) -> Money where S.Element == Money {
        amounts.reduce(.zero, +)
    }
}

/// A sum or product of amounts past what 64-bit cents can hold (±92,233,720,368,547,758.07):
/// refused, never wrapped and never a trap.
public struct AmountOverflow: Error, Equatable, CustomStringConvertible {
    public var description: String {
        "the amount would pass 92,233,720,368,547,758.07, more than Casebench can hold; nothing was written"
    }
    public init() {}
}

extension Money {
    /// `self + other`, refused when it would overflow.
    public func adding(_ other: Money) throws(AmountOverflow) -> Money {
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        if overflow { throw AmountOverflow() }
        return Money(minorUnits: sum)
    }

    /// `self × quantity`, refused when it would overflow.
    public func times(_ quantity: Int) throws(AmountOverflow) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: Int64(quantity))
        if overflow { throw AmountOverflow() }
        return Money(minorUnits: product)
    }

    /// The sum of `amounts`, refused when it would overflow.
    public static func checkedSum<S: Sequence>(_ amounts: S) throws(AmountOverflow) -> Money where S.Element == Money {
        var total = Money.zero
        for a in amounts { total = try total.adding(a) }
        return total
    }
}

extension Money: CustomStringConvertible {
    /// "1234.50", "-0.05": two decimals, no grouping, so the text parses back unchanged.
    public var description: String {
        let sign = minorUnits < 0 ? "-" : ""
        let units = minorUnits.magnitude
        let cents = units % 100
        return "\(sign)\(units / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}

extension Money {
    /// Parses "12", "12.5", "12.50", "-3.00". Rejects more than two decimals, grouping,
    /// exponents and empty parts: a typo must not become a different amount.
    public init?(parsing text: String) {
        var s = Substring(text)
        var negative = false
        if s.first == "-" {
            negative = true
            s = s.dropFirst()
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
            let whole = parts.first, !whole.isEmpty, whole.count <= 15,
            whole.allSatisfy({ $0.isASCII && $0.isNumber }),
            let units = Int64(whole)
        else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            let frac = parts[1]
            guard (1...2).contains(frac.count), frac.allSatisfy({ $0.isASCII && $0.isNumber }),
                let f = Int64(frac)
            else { return nil }
            cents = frac.count == 1 ? f * 10 : f
        }
        let value = units * 100 + cents
        self.init(minorUnits: negative ? -value : value)
    }
}
