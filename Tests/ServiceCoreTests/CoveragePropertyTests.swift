import PropertyBased
import Testing

@testable import ServiceCore

// Properties of coverage that hold for any lines, terms, limits and goodwill.

private let categories = ["Mechanical", "Electronic Parts", "Consumables"]

/// One random line, before it gets its number.
private struct LineSpec: Sendable {
    var kind: LineKind
    var amount: Int64
    var category: Int
    var minutes: Int
    var manualBillable: Bool
    var goodwill: Int64?
}

/// A random case: lines, what verification decided, and the approved overrides.
private struct Scenario: Sendable, CustomStringConvertible {
    var lines: [CaseLine]
    var entitlement: Entitlement
    var adjustments: CaseAdjustments

    var description: String {
        "lines \(lines.map { "#\($0.number) \($0.kind) \($0.amount) \($0.category ?? "-") \($0.minutes.map { "\($0) min" } ?? "") \($0.manualClassification.map { "\($0)" } ?? "")" }), "
            + "source \(entitlement.source), terms \(entitlement.terms), limits \(entitlement.limits), adjustments \(adjustments)"
    }
}

private let lineSpec = zip(
    Gen<LineKind>.case, Gen.int64(in: 0...1_000_000), Gen.int(in: 0...2), Gen.int(in: 0...600),
    Gen.bool(0.1), Gen.int64(in: 0...1_000_000).optional(valueRate: 0.2)
).map { LineSpec(kind: $0.0, amount: $0.1, category: $0.2, minutes: $0.3, manualBillable: $0.4, goodwill: $0.5) }

private let percents = zip(Gen.int(in: 0...100), Gen.int(in: 0...100), Gen.int(in: 0...100), Gen.int(in: 0...100))
    .map { CoveragePercents(parts: $0.0, labour: $0.1, travel: $0.2, expenses: $0.3) }

/// Deductible, per-incident cap, exclusion mask, waiver, cap extension.
private let termParts = zip(
    Gen.int64(in: 0...200_000), Gen.int64(in: 0...2_000_000).optional(valueRate: 0.5),
    Gen.int(in: 0...7), Gen.bool(0.2), Gen.int64(in: 0...300_000).optional(valueRate: 0.2))

/// Source (0 warranty, 1 contract, 2 none), lifetime remaining, balance kind (0 none, 1 minutes, 2 money), balance.
private let sourceParts = zip(
    Gen.int(in: 0...2), Gen.int64(in: -100_000...3_000_000).optional(valueRate: 0.5),
    Gen.int(in: 0...2), Gen.int(in: 0...1_000), Gen.int64(in: 0...2_000_000))

private let scenario = zip(lineSpec.array(of: 0...8), percents, termParts, sourceParts).map { specs, coverage, t, s in
    let (deductible, cap, mask, waived, capExt) = t
    let (sourceKind, lifetime, balanceKind, minutes, money) = s
    var adjustments = CaseAdjustments()
    adjustments.deductibleWaived = waived
    adjustments.capExtension = Money(minorUnits: capExt ?? 0)
    var lines: [CaseLine] = []
    for (i, spec) in specs.enumerated() {
        let number = i + 1
        let line = CaseLine(
            id: Fixture.id(number), caseID: Fixture.caseID, number: number, kind: spec.kind,
            description: "line \(number)", amount: Money(minorUnits: spec.amount),
            category: spec.kind == .part ? categories[spec.category] : nil,
            minutes: spec.kind == .labour ? spec.minutes : nil,
            manualClassification: spec.manualBillable ? .billable : nil,
            reasonCode: spec.manualBillable ? "CUSTOMER-DAMAGE" : nil)
        lines.append(line)
        if let g = spec.goodwill { adjustments.goodwill[line.id] = Money(minorUnits: g) }
    }
    let excluded = categories.indices.filter { mask & (1 << $0) != 0 }.map { categories[$0] }
    let balance: PrepaidBalance? =
        switch balanceKind {
        case 1: .minutes(minutes)
        case 2: .money(Money(minorUnits: money))
        default: nil
        }
    let entitlement: Entitlement
    switch sourceKind {
    case 0:
        entitlement = Entitlement(
            source: .genericWarranty(template: "G-12"),
            terms: Terms(
                coverage: coverage, perIncidentCap: cap.map(Money.init(minorUnits:)),
                lifetimeCap: lifetime.map { _ in Money(minorUnits: 5_000_000) }),
            limits: CoverageLimits(lifetimeRemaining: lifetime.map(Money.init(minorUnits:))),
            responseHours: nil, trail: [])
    case 1:
        var inMinutes: Bool? = nil
        if let balance { if case .minutes = balance { inMinutes = true } else { inMinutes = false } }
        entitlement = Entitlement(
            source: .contract(number: "SC-9"),
            terms: Terms(
                coverage: coverage, excludedCategories: excluded,
                deductible: Money(minorUnits: deductible),
                perIncidentCap: cap.map(Money.init(minorUnits:)), balanceInMinutes: inMinutes),
            limits: CoverageLimits(balance: balance), responseHours: nil, trail: [])
    default:
        entitlement = Entitlement(
            source: .none, terms: .chargeable, limits: CoverageLimits(), responseHours: nil, trail: [])
    }
    return Scenario(lines: lines, entitlement: entitlement, adjustments: adjustments)
}

/// The percentage the coverage rules give a line before any limit: 0 when not entitled, classified
/// billable by a person, or of an excluded category.
private func percent(of line: CaseLine, _ e: Entitlement) -> Int {
    if e.outcome == .chargeable || line.manualClassification == .billable { return 0 }
    if let c = line.category, e.terms.excludedCategories.contains(c) { return 0 }
    return e.terms.coverage[line.kind.costType]
}

@Suite("Coverage properties")
struct CoveragePropertyTests {
    @Test("Every line splits exactly into covered + goodwill + customer, none negative")
    func linesSplitExactly() async {
        await propertyCheck(count: 400, input: scenario) { s in
            // Given any case, When coverage is computed
            let r = CoverageCalculator.compute(lines: s.lines, entitlement: s.entitlement, adjustments: s.adjustments)
            // Then each line's three portions add up to its amount exactly and none is negative
            #expect(r.lines.count == s.lines.count)
            for l in r.lines {
                #expect(l.covered + l.goodwill + l.customer == l.amount, "line \(l.number)")
                #expect(l.covered >= .zero && l.goodwill >= .zero && l.customer >= .zero, "line \(l.number)")
            }
            #expect(r.covered + r.goodwill + r.customer == Money.sum(s.lines.map(\.amount)))
        }
    }

    @Test("No line is covered beyond its percentage, and goodwill beyond what was approved")
    func linesWithinTheirPercent() async {
        await propertyCheck(count: 400, input: scenario) { s in
            // Given any case, When coverage is computed
            let r = CoverageCalculator.compute(lines: s.lines, entitlement: s.entitlement, adjustments: s.adjustments)
            // Then a line's covered amount never exceeds its percentage of the amount
            for (line, l) in zip(s.lines, r.lines) {
                #expect(l.covered <= line.amount.percent(percent(of: line, s.entitlement)), "line \(l.number)")
                #expect(l.goodwill <= s.adjustments.goodwill[line.id] ?? .zero, "line \(l.number)")
                if s.entitlement.outcome == .chargeable { #expect(l.covered == .zero) }
            }
        }
    }

    @Test("The covered total respects every applicable limit")
    func totalWithinLimits() async {
        await propertyCheck(count: 400, input: scenario) { s in
            // Given any case, When coverage is computed
            let r = CoverageCalculator.compute(lines: s.lines, entitlement: s.entitlement, adjustments: s.adjustments)
            let terms = s.entitlement.terms
            let limits = s.entitlement.limits
            let raw = Money.sum(s.lines.map { $0.amount.percent(percent(of: $0, s.entitlement)) })
            // Then the total is within: the percentages less the deductible,
            let deductible = s.adjustments.deductibleWaived ? Money.zero : terms.deductible
            #expect(r.covered <= max(.zero, raw - deductible))
            // the per-incident cap (plus an approved extension),
            if let cap = terms.perIncidentCap { #expect(r.covered <= cap + s.adjustments.capExtension) }
            // the remaining lifetime cap,
            if let left = limits.lifetimeRemaining { #expect(r.covered <= max(.zero, left)) }
            // and the prepaid balance: money in total, minutes on labour lines
            switch limits.balance {
            case .money(let left)?:
                #expect(r.covered <= max(.zero, left))
                #expect(r.balanceUsed == .money(r.covered))
            case .minutes(let left)?:
                let used = r.lines.compactMap(\.coveredMinutes).reduce(0, +)
                #expect(used <= left)
                #expect(r.balanceUsed == .minutes(used))
                for (line, l) in zip(s.lines, r.lines) where l.coveredMinutes != nil {
                    #expect(line.kind == .labour && l.coveredMinutes! <= line.minutes!)
                }
            case nil:
                #expect(r.balanceUsed == nil)
                // Without a minutes balance the limits are applied exactly, not merely respected
                var expected = max(.zero, raw - deductible)
                if let cap = terms.perIncidentCap { expected = min(expected, cap + s.adjustments.capExtension) }
                if let left = limits.lifetimeRemaining { expected = min(expected, max(.zero, left)) }
                #expect(r.covered == expected)
            }
        }
    }

    @Test("Coverage is deterministic: the same case gives the same result, in any line order")
    func deterministic() async {
        await propertyCheck(count: 200, input: scenario) { s in
            // Given any case, When coverage is computed twice, and from the lines in reverse order
            let a = CoverageCalculator.compute(lines: s.lines, entitlement: s.entitlement, adjustments: s.adjustments)
            let b = CoverageCalculator.compute(lines: s.lines, entitlement: s.entitlement, adjustments: s.adjustments)
            let c = CoverageCalculator.compute(
                lines: s.lines.reversed(), entitlement: s.entitlement, adjustments: s.adjustments)
            // Then all three results are identical, lines in line-number order
            #expect(a == b)
            #expect(a == c)
            #expect(a.lines.map(\.number) == s.lines.map(\.number))
        }
    }

    @Test("Every non-zero portion sits on exactly one expected outcome, with its amount")
    func portionsOnExactlyOneOutcome() async {
        await propertyCheck(count: 300, input: scenario) { s in
            // Given any case, When its outcomes are built from its coverage
            let r = CoverageCalculator.compute(lines: s.lines, entitlement: s.entitlement, adjustments: s.adjustments)
            let drafts = Outcomes.expected(for: s.entitlement, coverage: r)
            // Then each (line, portion kind) appears once, and exactly the non-zero ones appear
            let placed = drafts.flatMap { d in d.portions.map { (d.kind, $0) } }
            var seen: [String: Money] = [:]
            for (kind, p) in placed {
                let key = "\(p.lineID)/\(p.kind)"
                #expect(seen[key] == nil, "\(key) on two outcomes")
                seen[key] = p.amount
                #expect(p.amount > .zero)
                switch p.kind {
                case .covered:
                    #expect(kind == (s.entitlement.outcome == .contract ? .contractDebit : .warrantyConfirmation))
                case .goodwill: #expect(kind == .warrantyConfirmation)
                case .customer: #expect(kind == .invoiceTrigger)
                }
            }
            var wanted: [String: Money] = [:]
            for l in r.lines {
                if l.covered > .zero { wanted["\(l.lineID)/covered"] = l.covered }
                if l.goodwill > .zero { wanted["\(l.lineID)/goodwill"] = l.goodwill }
                if l.customer > .zero { wanted["\(l.lineID)/customer"] = l.customer }
            }
            #expect(seen == wanted)
            // and no kind of document is built twice
            #expect(Set(drafts.map(\.kind)).count == drafts.count)
        }
    }
}

@Suite("Allocation properties")
struct AllocationPropertyTests {
    @Test("Shares sum exactly to the total, none exceeds its weight, each within a cent of its exact share")
    func shareOutProperties() async {
        let weights = Gen.int64(in: 0...1_000_000).array(of: 0...20)
        await propertyCheck(count: 500, input: weights, Gen.int(in: 0...1_000)) { w, permille in
            // Given weights and a total of at most their sum
            let sum = w.reduce(0, +)
            let total = Money(minorUnits: sum * Int64(permille) / 1_000)
            // When the total is shared out
            let shares = Allocation.shareOut(total, over: w.map(Money.init(minorUnits:)))
            // Then there is one share per weight, they add up to the total (or are all zero when
            // there is nothing to weigh by), and none is negative or larger than its weight
            #expect(shares.count == w.count)
            if sum > 0 { #expect(Money.sum(shares) == total) } else { #expect(shares.allSatisfy { $0.isZero }) }
            for (share, weight) in zip(shares, w) {
                #expect(share >= .zero && share.minorUnits <= weight)
                if sum > 0 {
                    // |share × sum − total × weight| < sum: within one cent of the exact proportion
                    let exact = Int128(total.minorUnits) * Int128(weight)
                    let diff = Int128(share.minorUnits) * Int128(sum) - exact
                    #expect(diff.magnitude < UInt128(sum))
                }
            }
        }
    }
}
