import Foundation
import ServiceCore
import ServiceStore

/// Reports on money: contract profitability and the audit sample for margin leakage.
enum FinanceReports {
    static let all: [CommandSpec] = [profitability, leakage]

    static let profitability = CommandSpec(
        "report profitability",
        "Each service contract's fee, earned to date, against the cost of the covered work on its closed cases",
        options: [ReportCommands.formatOption], permission: .readReports, effect: .read
    ) { inv, s in
        try ReportCommands.report(inv, s) { tx in
            let work = try tx.contractWork()
            let rows = work.map { w -> [String] in
                let k = w.contract
                let earned = feeEarned(k, by: s.today)
                let margin = earned - w.coveredCost
                return [
                    k.number, k.customerID, k.tier, k.status.rawValue, "\(k.start) – \(k.end)", k.fee.description,
                    earned.description, "\(w.cases)", w.covered.description, w.coveredCost.description,
                    margin.description,
                    earned > .zero
                        ? String(format: "%.1f%%", 100 * Double(margin.minorUnits) / Double(earned.minorUnits)) : "—",
                    w.billed.description,
                ]
            }
            let earned = try Money.checkedSum(work.map { feeEarned($0.contract, by: s.today) })
            let cost = try Money.checkedSum(work.map(\.coveredCost))
            return ReportTable(
                title: "Contract profitability on \(s.today)",
                columns: [
                    "contract", "customer", "tier", "status", "term", "fee", "earned", "cases", "covered", "cost",
                    "margin",
                    "margin %", "billed beyond",
                ],
                rows: rows,
                notes: [
                    "earned = the fee over the days of the term gone by; cost = covered parts at the value their stock left at, "
                        + "labour, travel and expenses as recorded; margin = earned − cost.",
                    "total earned \(earned), cost \(cost), margin \(earned - cost)",
                ])
        }
    }

    /// The part of a contract's fee its days gone by have earned, by `today` (inclusive).
    static func feeEarned(_ k: ServiceContract, by today: CivilDate) -> Money {
        let term = k.start.days(until: k.end) + 1
        guard term > 0 else { return .zero }
        let elapsed = min(max(k.start.days(until: today) + 1, 0), term)
        return k.fee.scaled(by: Int64(elapsed), over: Int64(term))
    }

    enum Leakage {
        static let size = Option("size", .integer(1...10_000), "how many cases (default 10)")
        static let seed = Option(
            "seed", .integer(0...Int.max), "the sample's seed: the same seed draws the same cases (default 1)")
        static let month = Option("month", .text, "only cases closed in this month, YYYY-MM")
    }

    static let leakage = CommandSpec(
        "report leakage",
        "An audit sample of closed cases: covered cost against billing against list price, with what looks wrong",
        options: [ReportCommands.formatOption, Leakage.size, Leakage.seed, Leakage.month],
        permission: .readReports, effect: .read
    ) { inv, s in
        let size = inv[Leakage.size] ?? 10
        let seed = inv[Leakage.seed] ?? 1
        let month = inv[Leakage.month]
        let window = try month.map { try ReportCommands.month($0, "report leakage").window }
        return try ReportCommands.report(inv, s) { tx in
            let closed = try tx.closedCaseIDs(window: window)
            let sample = SeededSample.draw(size, from: closed, seed: UInt64(bitPattern: Int64(seed)))
            let margins = try sample.map { try margin(of: $0, today: s.today, tx) }
            let flagged = margins.filter { !$0.findings.isEmpty }.count
            return ReportTable(
                title: "Margin leakage: \(sample.count) of \(plural(closed.count, "closed case"))"
                    + (month.map { " of \($0)" } ?? "") + ", seed \(seed)",
                columns: [
                    "case", "entitlement", "at list", "recorded", "covered", "goodwill", "billed", "parts cost",
                    "findings",
                ],
                rows: margins.map { m in
                    [
                        "\(m.caseID)", m.entitlement?.rawValue ?? "—", m.atList.description, m.charged.description,
                        m.covered.description,
                        m.goodwill.description, m.billed.description, m.partsCost.description,
                        m.findings.isEmpty ? "ok" : m.findings.joined(separator: "; "),
                    ]
                },
                notes: [
                    "\(flagged) of \(sample.count) with findings. The same seed draws the same cases while the closed cases are the same.",
                    "at list = parts at today's list price; covered = on warranty confirmations and contract debits; billed = revenue posted.",
                ])
        }
    }

    /// What a closed case was worth, from its lines, outcomes, postings and cores.
    static func margin(of id: CaseID, today: CivilDate, _ tx: StoreTransaction) throws -> CaseMargin {
        let lines = try tx.lines(caseID: id)
        var atList = Money.zero
        var belowList: [(sku: String, by: Money)] = []
        for l in lines {
            guard l.kind == .part, let sku = l.sku, let item = try tx.item(sku) else {
                atList += l.amount
                continue
            }
            let list = item.listPrice * (l.quantity ?? 0)
            atList += list
            if l.amount < list { belowList.append((sku, list - l.amount)) }
        }
        let portions = try tx.activeOutcomes(caseID: id).flatMap { o in o.draft.portions.map { (o.draft.kind, $0) } }
        let covered = Money.sum(portions.filter { $0.1.kind == .covered && $0.0 != .invoiceTrigger }.map(\.1.amount))
        let goodwill = Money.sum(portions.filter { $0.1.kind == .goodwill }.map(\.1.amount))
        // Net of reversals: a reopened and closed-again case counts once.
        let postings = try tx.postings(caseID: id)
        func posted(_ kind: PostingKind) -> Money {
            Money.sum(postings.filter { $0.draft.kind == kind }.map(\.draft.amount))
        }
        let uncharged = try CoreReturns.expectations(lines: lines, today: today, tx).compactMap {
            core -> (sku: String, count: Int)? in
            let due = core.outstanding - CoreReturns.charged(lineID: core.lineID, in: postings)
            return core.billable && due > 0 ? (core.sku, due) : nil
        }
        return CaseMargin(
            caseID: id, entitlement: try tx.latestEntitlement(caseID: id)?.entitlement.outcome, atList: atList,
            charged: Money.sum(lines.map(\.amount)), covered: covered, goodwill: goodwill,
            billed: posted(.revenue), partsCost: posted(.stockIssue),
            belowList: belowList, unchargedCores: uncharged)
    }
}
