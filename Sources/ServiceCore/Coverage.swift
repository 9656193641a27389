/// Why a line is covered as it is. Codes the engine proposes; people may give their own
/// codes when they classify a line differently.
public enum ReasonCode: String, Sendable, Codable, CaseIterable {
    case inWarranty = "IN-WARRANTY"
    case inContract = "IN-CONTRACT"
    case partialCover = "PARTIAL-COVER"
    case notCovered = "NOT-COVERED"
    case excludedCategory = "EXCLUDED-CATEGORY"
    case deductible = "DEDUCTIBLE"
    case incidentCap = "INCIDENT-CAP"
    case lifetimeCap = "LIFETIME-CAP"
    case balanceExhausted = "BALANCE-EXHAUSTED"
    case notEntitled = "NOT-ENTITLED"
    case goodwill = "GOODWILL"

    /// A code someone types: capitals, digits and dashes, like the engine's own.
    public static func isWellFormed(_ code: String) -> Bool {
        !code.isEmpty && code.count <= 40
            && code.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "-" }
    }
}

/// How one line is split between company and customer.
public struct LineCoverage: Hashable, Sendable, Codable {
    public var lineID: LineID
    public var number: Int
    public var amount: Money
    public var percent: Int
    /// Paid by the warranty or contract.
    public var covered: Money
    /// Moved from the customer to the company by an approved goodwill override.
    public var goodwill: Money
    public var customer: Money
    /// Labour minutes a minutes balance pays for.
    public var coveredMinutes: Int?
    public var classification: Classification
    public var reasonCode: String
    /// True when a person classified the line, not the engine.
    public var manual: Bool
}

public struct CoverageResult: Hashable, Sendable {
    public var lines: [LineCoverage]
    /// One line per step, for the screen and the reports.
    public var steps: [String]
    /// What the case uses of a contract's prepaid balance.
    public var balanceUsed: PrepaidBalance?

    public var covered: Money { Money.sum(lines.map(\.covered)) }
    public var goodwill: Money { Money.sum(lines.map(\.goodwill)) }
    public var customer: Money { Money.sum(lines.map(\.customer)) }
    public var amount: Money { Money.sum(lines.map(\.amount)) }
}

/// Coverage of a case, as docs/rules.md ("Coverage") describes it:
/// 1. each line: covered % of its cost type, 0 % if its category is excluded;
/// 2. the covered total is reduced by the deductible, then limited by the per-incident cap,
///    then by the remaining lifetime cap (or the contract's money balance);
/// 3. the total reduction is shared out once over the covered lines in proportion to their
///    covered amounts, by largest remainder, ties to the lowest line number.
/// A minutes balance limits labour lines at step 1, in line order.
public enum CoverageCalculator {
    public static func compute(
        lines unsorted: [CaseLine], entitlement: Entitlement,
        adjustments: CaseAdjustments = CaseAdjustments()
    ) -> CoverageResult {
        let lines = unsorted.sorted { $0.number < $1.number }
        let terms = entitlement.terms
        let source = entitlement.source
        let sourceClass: Classification? =
            switch source.outcome {
            case .warranty: .warranty
            case .contract: .contract
            case .chargeable: nil
            }
        var steps: [String] = []
        var minutesLeft: Int? = nil
        if case .minutes(let m)? = entitlement.limits.balance { minutesLeft = max(0, m) }
        let minutesAtStart = minutesLeft

        // Step 1: each line on its own.
        var raw: [Money] = []
        var percents: [Int] = []
        var reasons: [String?] = []
        var coveredMinutes: [Int?] = []
        for line in lines {
            var pct = terms.coverage[line.kind.costType]
            var reason: String? = nil
            var minutes: Int? = nil
            if sourceClass == nil {
                pct = 0
                reason = ReasonCode.notEntitled.rawValue
            } else if line.manualClassification == .billable {
                pct = 0
                reason = line.reasonCode ?? ""
            } else if let cat = line.category, terms.excludedCategories.contains(cat) {
                pct = 0
                reason = ReasonCode.excludedCategory.rawValue
            } else if pct == 0 {
                reason = ReasonCode.notCovered.rawValue
            } else if pct < 100 {
                reason = ReasonCode.partialCover.rawValue
            }
            var value = line.amount.percent(pct)
            if line.kind == .labour, let left = minutesLeft, pct > 0, let m = line.minutes, m > 0 {
                let used = min(m, left)
                minutesLeft = left - used
                minutes = used
                value = line.amount.scaled(by: Int64(used) * Int64(pct), over: Int64(m) * 100)
                if used < m { reason = ReasonCode.balanceExhausted.rawValue }
            }
            raw.append(value)
            percents.append(pct)
            reasons.append(reason)
            coveredMinutes.append(minutes)
        }
        let before = Money.sum(raw)
        if sourceClass != nil { steps.append("covered before limits \(before) of \(Money.sum(lines.map(\.amount)))") }
        if let start = minutesAtStart {
            let used = start - (minutesLeft ?? 0)
            let asked = lines.filter { $0.kind == .labour }.compactMap(\.minutes).reduce(0, +)
            steps.append("balance \(start) min left; \(used) min covered, \(max(0, asked - used)) min billable")
        }

        // Step 2: limits on the case total.
        var total = before
        var binding: ReasonCode? = nil
        let deductible = adjustments.deductibleWaived ? .zero : terms.deductible
        if terms.deductible > .zero {
            if adjustments.deductibleWaived {
                steps.append("deductible \(terms.deductible) waived by approved override")
            } else {
                let taken = min(total, deductible)
                total -= taken
                if taken > .zero { binding = .deductible }
                steps.append("deductible \(deductible) → \(total)")
            }
        }
        if let cap = terms.perIncidentCap {
            let limit = cap + adjustments.capExtension
            if total > limit {
                total = limit
                binding = .incidentCap
            }
            steps.append("per-incident cap \(limit)\(adjustments.capExtension > .zero ? " (extended)" : "") → \(total)")
        }
        if let left = entitlement.limits.lifetimeRemaining {
            let limit = max(.zero, left)
            if total > limit {
                total = limit
                binding = .lifetimeCap
            }
            steps.append("lifetime cap: \(limit) left → \(total)")
        }
        if case .money(let left)? = entitlement.limits.balance {
            let limit = max(.zero, left)
            if total > limit {
                total = limit
                binding = .balanceExhausted
            }
            steps.append("balance \(limit) left → \(total); \(before - total) billable")
        }

        // Step 3: one reduction, shared by largest remainder.
        let reductions = Allocation.shareOut(before - total, over: raw)
        var result: [LineCoverage] = []
        for (i, line) in lines.enumerated() {
            let covered = raw[i] - reductions[i]
            let goodwill = min(adjustments.goodwill[line.id] ?? .zero, line.amount - covered)
            let customer = line.amount - covered - goodwill
            var reason = reasons[i]
            if reason == nil || reason == ReasonCode.partialCover.rawValue, reductions[i] > .zero, let b = binding {
                reason = b.rawValue
            }
            let classification: Classification
            if covered > .zero, let s = sourceClass {
                classification = s
            } else if goodwill > .zero {
                classification = .goodwill
                reason = ReasonCode.goodwill.rawValue
            } else {
                classification = .billable
            }
            let fallback = sourceClass == .contract ? ReasonCode.inContract : .inWarranty
            result.append(
                LineCoverage(
                    lineID: line.id, number: line.number, amount: line.amount, percent: percents[i],
                    covered: covered, goodwill: goodwill, customer: customer, coveredMinutes: coveredMinutes[i],
                    classification: classification, reasonCode: reason ?? fallback.rawValue,
                    manual: line.manualClassification != nil))
        }
        let gw = Money.sum(result.map(\.goodwill))
        if gw > .zero { steps.append("goodwill \(gw) by approved override") }
        steps.append(
            "covered \(Money.sum(result.map(\.covered))), goodwill \(gw), customer \(Money.sum(result.map(\.customer)))"
        )

        var used: PrepaidBalance? = nil
        switch entitlement.limits.balance {
        case .minutes?: used = .minutes(result.compactMap(\.coveredMinutes).reduce(0, +))
        case .money?: used = .money(Money.sum(result.map(\.covered)))
        case nil: break
        }
        return CoverageResult(lines: result, steps: steps, balanceUsed: used)
    }
}
