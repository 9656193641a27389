import Foundation
import ServiceCore
import ServiceStore

/// Reports for supervisors and admins, computed from the data: the service KPIs, SLA,
/// warranty cost and the monthly reconciliation. (Money reports: FinanceReports.)
enum ReportCommands {
    static let all: [CommandSpec] = [kpi, sla, warrantyCost, reconcile]

    static let formatOption = Option("format", .choice(ReportTable.Format.allCases), "text (default), csv or json")

    /// Runs a report: the table, printed in the asked format.
    static func report(_ inv: Invocation, _ s: Session, _ make: (StoreTransaction) throws -> ReportTable) throws
        -> CommandResult
    {
        try s.authorize(.readReports)
        let format = inv[formatOption] ?? .text
        let table = try s.read(make)
        var r = CommandResult(command: inv.spec.name, message: table.title, details: table.body)
        if format != .text { r.document = table.render(format) }
        return r
    }

    static let kpi = CommandSpec(
        "report kpi",
        "The completeness KPI (closed cases with all their postings), first-fix rate, resolution time, SLA breaches, cases by status and age, and what was posted",
        options: [formatOption], permission: .readReports, effect: .read
    ) { inv, s in
        try report(inv, s) { tx in
            let k = try tx.kpiFigures(now: s.now)
            var rows: [[String]] = [
                ["completeness (closed cases)", pct(k.complete, k.closed), "\(k.complete) of \(k.closed)"],
                ["first-fix rate (one done visit)", pct(k.firstFix, k.closed), "\(k.firstFix) of \(k.closed)"],
                ["average resolution", k.averageResolutionHours.map { String(format: "%.1f h", $0) } ?? "—", ""],
                ["SLA breaches", "\(k.slaBreaches)", ""],
            ]
            rows += k.byStatus.map { ["cases \($0.label)", "\($0.count)", ""] }
            rows += k.openByAge.map { ["open, \($0.label)", "\($0.count)", ""] }
            rows += k.postedByKind.map { ["posted: \($0.label)", $0.amount.description, ""] }
            let notes =
                [
                    "Complete = all portions on outcomes, all outcomes posted, all parts issued.",
                    "Imported history apart: \(k.importedClosed) closed case\(k.importedClosed == 1 ? "" : "s") loaded from the ERP.",
                ]
                + k.incomplete.prefix(20).map { "incomplete: case \($0.caseID): \($0.reason)" }
            return ReportTable(title: "Service KPIs", columns: ["figure", "value", "of"], rows: rows, notes: notes)
        }
    }

    static let warrantyCost = CommandSpec(
        "report warranty-cost", "Warranty and goodwill cost posted, by the item of the asset serviced",
        options: [formatOption], permission: .readReports, effect: .read
    ) { inv, s in
        try report(inv, s) { tx in
            let rows = try tx.warrantyCostByItem()
            return ReportTable(
                title: "Warranty cost by item", columns: ["item", "description", "cases", "cost"],
                rows: rows.map { [$0.sku, $0.description, "\($0.cases)", $0.cost.description] },
                notes: ["total \(Money.sum(rows.map(\.cost)))"])
        }
    }

    enum SLA {
        static let month = Option("month", .text, "only cases due in this month, YYYY-MM")
        static let risk = Option(
            "risk", .integer(0...8_760), "hours ahead an unserved case counts as at risk (default 4)")
    }

    static let sla = CommandSpec(
        "report sla", "Response times against the SLA by priority, and every case that breached it or is about to",
        options: [formatOption, SLA.month, SLA.risk],
        permission: .readReports, effect: .read
    ) { inv, s in
        let month = inv[SLA.month]
        let riskHours = inv[SLA.risk] ?? 4
        let window = try month.map { try ReportCommands.month($0, "report sla").window }
        let risk = s.now.adding(hours: riskHours)
        let limit = 200
        return try report(inv, s) { tx in
            let tallies = try tx.slaTallies(window: window, now: s.now, riskUntil: risk)
            let cases = try tx.slaExceptions(window: window, now: s.now, riskUntil: risk, limit: limit)
            let total = tallies.reduce(into: (0, 0, 0)) {
                $0.0 += $1.cases
                $0.1 += $1.breached
                $0.2 += $1.atRisk
            }
            let rows =
                tallies.map {
                    ["P\($0.priority)", "\($0.cases)", "\($0.breached)", pct($0.breached, $0.cases), "\($0.atRisk)"]
                }
                + [["all", "\(total.0)", "\(total.1)", pct(total.1, total.0), "\(total.2)"]]
            let exceptions = ReportTable(
                title: "Breached or at risk" + (cases.count == limit ? " (the first \(limit), by due time)" : ""),
                columns: ["case", "priority", "customer", "status", "due", "served", "late by"],
                rows: cases.map { c in
                    [
                        "\(c.caseID)", "P\(c.priority)", c.customer, c.status.rawValue, c.due.minuteText,
                        c.respondedAt?.minuteText ?? (c.status == .closed ? "closed unserved" : "not yet"),
                        c.breached ? hours(c.lateness) : "due in " + hours(-c.lateness),
                    ]
                })
            return ReportTable(
                title: "SLA" + (month.map { " for cases due in \($0)" } ?? ""),
                columns: ["priority", "cases", "breached", "breached %", "at risk"], rows: rows,
                notes: [
                    "Served = the start of the first visit that took place (done, or no access).",
                    "At risk = open, not served, due within \(riskHours) h.",
                ],
                sections: [exceptions])
        }
    }

    enum Reconcile {
        static let month = Argument("month", .text, "the month, YYYY-MM")
    }

    static let reconcile = CommandSpec(
        "report reconcile",
        "The month's parts on cases against issue movements; open cases against deferred revenue; open claims",
        arguments: [Reconcile.month], options: [formatOption], permission: .readReports, effect: .read
    ) { inv, s in
        let text = inv[Reconcile.month]
        let m = try month(text, "report reconcile")
        return try report(inv, s) { tx in
            let differences = try tx.partLineDifferences(month: (m.year, m.month))
            let open = try tx.openCaseWork()
            let claims = try tx.openClaims()
            let work = ReportTable(
                title: "Open cases now: work recorded, against deferred revenue and cover",
                columns: [
                    "case", "status", "opened", "work", "deferred revenue", "warranty", "contract", "on no outcome",
                ],
                rows: open.map {
                    [
                        "\($0.caseID)", $0.status.rawValue, $0.openedAt.date.description, $0.work.description,
                        $0.deferredRevenue.description, $0.warranty.description, $0.contract.description,
                        $0.unbilled.description,
                    ]
                },
                notes: open.isEmpty
                    ? []
                    : [
                        "total work \(Money.sum(open.map(\.work))): deferred revenue \(Money.sum(open.map(\.deferredRevenue))), "
                            + "warranty \(Money.sum(open.map(\.warranty))), contract \(Money.sum(open.map(\.contract))), "
                            + "on no outcome yet \(Money.sum(open.map(\.unbilled)))"
                    ])
            let claimTable = ReportTable(
                title: "Open claims to the OEM or supplier",
                columns: ["case", "outcome", "item", "claimed", "cost posted", "case closed"],
                rows: claims.map {
                    [
                        "\($0.caseID)", "\($0.outcomeID)", $0.sku, $0.amount.description, $0.cost.description,
                        $0.closedAt?.date.description ?? "open",
                    ]
                },
                notes: claims.isEmpty ? [] : ["total claimed \(Money.sum(claims.map(\.amount)))"])
            return ReportTable(
                title: differences.isEmpty
                    ? "\(text): parts on cases and issue movements agree"
                    : "\(text): \(plural(differences.count, "difference")) between parts on cases and issue movements",
                columns: ["case", "line", "item", "on the case", "issued"],
                rows: differences.map {
                    [
                        "\($0.caseID)", $0.lineID.map(String.init(describing:)) ?? "none", $0.sku, "\($0.onLine)",
                        "\($0.issued)",
                    ]
                },
                sections: [work, claimTable])
        }
    }

    /// "2026-06": that month's first day to the next month's, or an input error naming the command.
    static func month(_ text: String, _ command: String) throws -> (year: Int, month: Int, window: Range<Timestamp>) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]),
            let window = Timestamp.month(year: y, month: m)
        else {
            throw InputError("\(command): '\(text)' is not a month (YYYY-MM)")
        }
        return (y, m, window)
    }

    /// "12.5%", or "—" of nothing.
    static func pct(_ n: Int, _ of: Int) -> String {
        of == 0 ? "—" : String(format: "%.1f%%", 100 * Double(n) / Double(of))
    }

    /// "3.5 h" from seconds.
    static func hours(_ seconds: Int64) -> String { String(format: "%.1f h", Double(seconds) / 3600) }
}
