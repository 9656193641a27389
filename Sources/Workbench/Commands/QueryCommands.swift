import ServiceCore
import ServiceStore

/// Reading cases: the queue, one case, its closure checklist.
enum QueryCommands {
    static let all: [CommandSpec] = [queue, show, checklist]

    enum Queue {
        static let view = Option("view", .choice(QueueQuery.View.allCases), "which cases; default open")
        static let sort = Option("sort", .choice(QueueQuery.Sort.allCases), "order; default sla")
        static let limit = Option("limit", .integer(1...1_000), "how many rows; default 20")
        static let offset = Option("offset", .integer(InputBounds.offset), "rows to skip")
    }

    static let queue = CommandSpec(
        "queue", "List cases in a saved view, a page at a time",
        options: [Queue.view, Queue.sort, Queue.limit, Queue.offset],
        permission: nil, effect: .read
    ) { inv, s in
        let q = QueueQuery(
            view: inv[Queue.view] ?? .open, sort: inv[Queue.sort] ?? .sla,
            account: s.user.account, today: s.today)
        let limit = inv[Queue.limit] ?? 20
        let offset = inv[Queue.offset] ?? 0
        guard (1...1000).contains(limit), offset >= 0 else {
            throw InputError("queue: limit is 1 to 1000, offset 0 or more")
        }
        let (rows, total) = try s.read { tx in (try tx.queue(q, offset: offset, limit: limit), try tx.queueCount(q)) }
        let now = s.now
        let lines = rows.map { r in
            let age = (now.seconds - r.openedAt.seconds) / 3600
            let ageText = age >= 48 ? "\(age / 24)d" : "\(age)h"
            let due = r.slaDue.map(\.description) ?? "-"
            let closure = r.status.isOpen ? (r.failingChecks == 0 ? "ready" : "\(r.failingChecks)✗") : "-"
            return
                "\(r.id)  \(r.status.rawValue)  P\(r.priority)  age \(ageText)  due \(due)  \(r.customerName)  \(r.serial)  \(r.entitlement?.rawValue ?? "unverified")  close \(closure)  \(r.subject)"
        }
        return CommandResult(
            command: "queue",
            message: "\(q.view.rawValue): \(total) case\(total == 1 ? "" : "s")"
                + (total > rows.count ? ", showing \(offset + 1)–\(offset + rows.count)" : ""),
            details: lines)
    }

    static let show = CommandSpec(
        "show",
        "Everything about a case: entitlement and its trail, visits, lines and coverage, outcomes, overrides, checklist",
        arguments: [Common.caseID], permission: nil, effect: .read
    ) { inv, s in
        try s.read { tx in
            let id = inv[Common.caseID]
            let c = try tx.existingCase(id)
            let customer = try tx.customer(c.customerID)
            var d: [String] = []
            d.append(
                "customer \(c.customerID) \(customer?.name ?? "")\(customer?.needsReview == true ? " (to review)" : ""), asset \(c.serial)"
            )
            d.append(
                "reported \(c.reportedOn), priority \(c.priority), assignee \(c.assignee), SLA due \(c.slaDue?.description ?? "-")"
            )
            if !c.contact.isEmpty { d.append("contact \(c.contact)") }
            if c.status.isOpen {
                let e = try CaseEvaluation.evaluate(id, tx)
                if let r = e.record {
                    d.append("entitlement: \(r.entitlement.headline), verified by \(r.verifiedBy) at \(r.verifiedAt)")
                    d += r.entitlement.trail.map { "  \($0)" }
                } else {
                    d.append("entitlement: not verified")
                }
                d += e.visits.map {
                    "visit \($0.id): \($0.technician) \($0.startsAt) – \($0.endsAt) \($0.status.rawValue)"
                }
                if let code = c.resolutionCode { d.append("resolution \(code)") }
                if !c.technicianNotes.isEmpty {
                    d.append("notes: \(c.technicianNotes.split(separator: "\n").joined(separator: " / "))")
                }
                d += try tx.reservations(caseID: id).map { r in
                    "reservation \(r.id): \(r.quantity) × \(r.sku) in \(r.bin) \(r.status.rawValue)"
                        + (r.isOpen ? ", \(r.remaining) still held" : "")
                }
                d += BillingCommands.coverageLines(e)
                d += try coreLines(e.lines, s, tx)
                d += e.outcomes.map(outcomeLine)
                d += e.overrides.map {
                    "override \($0.id): \($0.summary) \($0.status.rawValue) (\($0.reasonCode), by \($0.requestedBy))"
                }
                d += BillingCommands.checklistLines(e.checks)
            } else {
                d += try coreLines(try tx.lines(caseID: id), s, tx)
                d += try tx.activeOutcomes(caseID: id).map(outcomeLine)
                d += try tx.overrides(caseID: id).filter { $0.kind == .reopen }
                    .map {
                        "override \($0.id): \($0.summary) \($0.status.rawValue) (\($0.reasonCode), by \($0.requestedBy))"
                    }
            }
            // What the ERP was told, closing by closing; a reopen's reversals name what they cancel.
            d += try tx.postings(caseID: id).map { p in
                "posting \(p.id): closing \(p.closing) \(p.draft.kind.rawValue) \(p.draft.amount)"
                    + (p.draft.sku.map { " \($0)" } ?? "") + (p.draft.quantity.map { " × \($0)" } ?? "")
                    + (p.reverses.map { " — reverses posting \($0)" } ?? "")
                    + (p.batchID.map { ", exported in batch \($0)" } ?? "")
            }
            return CommandResult(
                command: "show", message: "case \(id): \(c.subject) — \(c.status.rawValue)", details: d)
        }
    }

    static func outcomeLine(_ o: BillingOutcome) -> String {
        "outcome \(o.id): \(o.draft.summary)" + (o.claim == .none ? "" : ", claim \(o.claim.rawValue)")
    }

    /// Cores still expected back (after closing too: a core charge needs no reopen).
    static func coreLines(_ lines: [CaseLine], _ s: Session, _ tx: StoreTransaction) throws -> [String] {
        try CoreReturns.expectations(lines: lines, today: s.today, tx).filter { $0.outstanding > 0 }.map { core in
            "core of \(core.sku) (line \(core.lineID)) expected back since \(core.usedOn): \(core.outstanding) outstanding, \(core.days) days"
                + (core.billable ? " — billable (\(core.coreCharge) each)" : "")
        }
    }

    static let checklist = CommandSpec(
        "checklist", "The closure checklist of a case, each check with the command that fixes it",
        arguments: [Common.caseID], permission: nil, effect: .read
    ) { inv, s in
        try s.read { tx in
            let id = inv[Common.caseID]
            let c = try tx.existingCase(id)
            guard c.status.isOpen else {
                return CommandResult(command: "checklist", message: "case \(id) is \(c.status.rawValue)")
            }
            let e = try CaseEvaluation.evaluate(id, tx)
            let failing = e.failing.count
            return CommandResult(
                command: "checklist",
                message: failing == 0
                    ? "case \(id): ready to close" : "case \(id): \(failing) of \(e.checks.count) checks fail",
                details: BillingCommands.checklistLines(e.checks))
        }
    }
}
