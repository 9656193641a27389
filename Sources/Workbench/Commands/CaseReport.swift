import ServiceCore
import ServiceStore

/// The service completion report of one case (seed 000's artifact): what was done, by
/// whom, with what, and how it was billed.
enum CaseReport {
    static let all: [CommandSpec] = [report]

    static let report = CommandSpec(
        "report case", "The service completion report of a case: visits, notes, parts, labour, resolution, outcomes",
        arguments: [Common.caseID], options: [ReportCommands.formatOption],
        permission: .readReports, effect: .read
    ) { inv, s in
        let id = inv[Common.caseID]
        return try ReportCommands.report(inv, s) { tx in try make(id, tx) }
    }

    static func make(_ id: CaseID, _ tx: StoreTransaction) throws -> ReportTable {
        let c = try tx.existingCase(id)
        let customer = try tx.customer(c.customerID)
        let asset = try tx.asset(c.serial)
        let item = try asset.flatMap { try tx.item($0.sku) }
        let entitlement = try tx.latestEntitlement(caseID: id)
        let closed = try tx.closedAt(caseID: id)
        var fields: [[String]] = [
            [
                "customer",
                "\(c.customerID) \(customer?.name ?? "")" + (c.contact.isEmpty ? "" : ", contact \(c.contact)"),
            ],
            [
                "asset",
                "\(c.serial)" + (item.map { " \($0.sku) \($0.description)" } ?? "")
                    + (asset.map { ", site \($0.region)" } ?? ""),
            ],
            ["reported", "\(c.reportedOn), priority \(c.priority), assignee \(c.assignee)"],
            ["status", c.status.rawValue + (closed.map { " \($0.at.minuteText) by \($0.by)" } ?? "")],
            [
                "entitlement",
                entitlement.map {
                    "\($0.entitlement.headline), verified by \($0.verifiedBy) \($0.verifiedAt.minuteText)"
                }
                    ?? "not verified",
            ],
            ["resolution", c.resolutionCode ?? "—"],
        ]
        if let due = c.slaDue { fields.insert(["SLA due", due.minuteText], at: 3) }

        let visits = try tx.visits(caseID: id)
        let lines = try tx.lines(caseID: id)
        let outcomes = try tx.activeOutcomes(caseID: id)
        // Each line's portions, by kind, and the outcomes they sit on.
        var onLine: [LineID: [(PortionKind, Money, OutcomeID)]] = [:]
        for o in outcomes {
            for p in o.draft.portions { onLine[p.lineID, default: []].append((p.kind, p.amount, o.id)) }
        }
        func sum(_ l: CaseLine, _ kinds: [PortionKind]) -> String {
            guard let portions = onLine[l.id] else { return "" }
            return Money.sum(portions.filter { kinds.contains($0.0) }.map(\.1)).description
        }
        let work = ReportTable(
            title: "Work",
            columns: ["line", "kind", "description", "quantity", "amount", "covered", "customer", "on outcome"],
            rows: lines.map { l in
                // Labour's minutes are in its description ("90 min labour (tia)").
                let quantity = l.kind == .part ? "\(l.quantity ?? 0)" : ""
                let on = Set((onLine[l.id] ?? []).map(\.2)).sorted().map(String.init(describing:)).joined(
                    separator: ", ")
                return [
                    "\(l.id)", l.kind.rawValue, l.description, quantity,
                    l.amount.description, sum(l, [.covered, .goodwill]), sum(l, [.customer]), on,
                ]
            },
            notes: ["total \(Money.sum(lines.map(\.amount)))"]
                + (c.noParts ? ["no parts used (recorded)"] : []) + (c.noLabour ? ["no labour (recorded)"] : []))
        return ReportTable(
            title: "Service completion report — case \(id): \(c.subject)",
            columns: ["field", "value"], rows: fields,
            notes: c.technicianNotes.isEmpty
                ? ["technician notes: none"]
                : ["technician notes:"] + c.technicianNotes.split(separator: "\n").map { "  \($0)" },
            sections: [
                ReportTable(
                    title: "Visits", columns: ["visit", "technician", "from", "to", "status"],
                    rows: visits.map {
                        ["\($0.id)", $0.technician, $0.startsAt.minuteText, $0.endsAt.minuteText, $0.status.rawValue]
                    }),
                work,
                ReportTable(
                    title: "Billing outcomes", columns: ["outcome", "document", "total", "contract", "claim"],
                    rows: outcomes.map { o in
                        [
                            "\(o.id)", o.draft.kind.rawValue, o.draft.total.description, o.draft.contract ?? "",
                            o.claim == .none ? "" : o.claim.rawValue,
                        ]
                    }),
            ])
    }
}
