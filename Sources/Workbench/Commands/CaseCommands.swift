import ServiceCore
import ServiceStore

/// Opening, verifying, scheduling and cancelling cases.
enum CaseCommands {
    static let all: [CommandSpec] = [open, verify, schedule, visit, cancel]

    enum Open {
        static let customer = Argument("customer", .customer, "the customer's id")
        static let serial = Argument("serial", .serial, "the asset's serial number")
        static let subject = Argument("subject", .text, "what is wrong", rest: true)
        static let priority = Option("priority", .integer(ServiceCase.priorities), "1 (highest) to 4; default 3")
        static let contact = Option("contact", .text, "who to call back")
        static let reported = Option("reported", .date, "the day the fault was reported; default today")
        static let assignee = Option("assignee", .user, "the agent who owns the case; default you")
        static let name = Option("name", .text, "a new customer's name (creates the customer for review)")
        static let region = Option("region", .region, "a new customer's or asset's region")
        static let item = Option("item", .sku, "a new asset's item (creates the asset for review)")
        static let installed = Option("installed", .date, "a new asset's install date; default the reported date")
    }

    static let open = CommandSpec(
        "open", "Open a case for a customer's asset and verify its entitlement",
        arguments: [Open.customer, Open.serial, Open.subject],
        options: [
            Open.priority, Open.contact, Open.reported, Open.assignee,
            Open.name, Open.region, Open.item, Open.installed,
        ],
        permission: .openCase, effect: .write
    ) { inv, s in
        let customerID = inv[Open.customer]
        let serial = inv[Open.serial]
        let priority = inv[Open.priority] ?? 3
        let reported = inv[Open.reported] ?? s.today
        guard reported <= s.today else {
            throw InputError("open: reported date \(reported) is after today (\(s.today))")
        }
        let assignee = inv[Open.assignee] ?? s.user.account
        let contact = inv[Open.contact] ?? ""
        try s.authorize(.openCase)
        if s.user.role.limitedToOwnCases && assignee != s.user.account {
            throw PermissionError(message: "an agent opens cases for themselves; a supervisor assigns cases to others")
        }
        // Opening makes a customer or an asset only with name= or item=: that takes the desk.
        let makes = inv[Open.name] != nil || inv[Open.item] != nil
        return try s.write(inv, label: "open case", scope: makes ? .desk : .newCase) { tx, _ in
            let owner = try tx.existingUser(assignee)
            guard owner.role == .agent || owner.role == .supervisor, !owner.disabled else {
                throw InputError(
                    "open: \(assignee) is \(owner.disabled ? "disabled" : "a \(owner.role.rawValue)"); cases belong to agents or supervisors"
                )
            }
            var created: [String] = []
            var customer = try tx.customer(customerID)
            if customer == nil {
                guard let name = inv[Open.name], let region = inv[Open.region] else {
                    throw InputError(
                        "open: no customer \(customerID); give name= and region= to create it for master-data review")
                }
                customer = Customer(id: customerID, name: name, region: region, contact: contact, needsReview: true)
                try tx.saveCustomer(customer!)
                created.append("customer \(customerID)")
            }
            let asset: Asset
            if let existing = try tx.asset(serial) {
                guard existing.customerID == customerID else {
                    throw InputError("open: \(serial) belongs to customer \(existing.customerID), not \(customerID)")
                }
                asset = existing
            } else {
                guard let sku = inv[Open.item] else {
                    throw InputError(
                        "open: no asset \(serial); give item= (and installed=) to create it for master-data review")
                }
                guard try tx.item(sku) != nil else { throw InputError("open: no item \(sku)") }
                asset = Asset(
                    serial: serial, sku: sku, customerID: customerID, installedOn: inv[Open.installed] ?? reported,
                    region: inv[Open.region] ?? customer!.region, needsReview: true)
                try tx.saveAsset(asset)
                created.append("asset \(serial)")
            }
            // Everything is read and checked before the case takes its number, so a refused
            // open takes none (`PostgresCounters`): after it, only the new rows are written.
            guard let sources = try tx.entitlementSources(serial: asset.serial) else {
                throw InputError("open: no asset \(serial)")
            }
            let e = EntitlementEngine.verify(
                try CaseEvaluation.entitlementInput(
                    sources, reportedOn: reported, adjustments: CaseAdjustments(approved: [])))
            let id = try tx.insertCase(
                NewCase(
                    customerID: customerID, serial: serial, subject: inv[Open.subject],
                    reportedOn: reported, openedAt: s.now, priority: priority,
                    assignee: assignee, contact: contact), by: s.user.account)
            var c = try tx.existingCase(id)
            try CaseWork.record(e, on: &c, by: s.user.account, at: s.now, tx)
            try tx.updateCase(c)
            try tx.saveSettledState(id, CaseEvaluation.openedState(c, verified: e))
            tx.commandLabel = "open case \(id)"
            var message = "opened case \(id) for \(serial) (\(customer!.name)): \(e.headline)"
            if let due = c.slaDue { message += "; SLA due \(due)" }
            if !created.isEmpty { message += "; created \(created.joined(separator: " and ")) for master-data review" }
            return CommandResult(command: "open", message: message, details: e.trail, ids: ["case": id.rawValue])
        }
    }

    static let verify = CommandSpec(
        "verify", "Verify a case's entitlement again, from master data as it is now",
        arguments: [Common.caseID],
        permission: .verifyEntitlement, effect: .write
    ) { inv, s in
        try s.write(inv, label: "verify case \(inv[Common.caseID])", scope: .ofCase(inv[Common.caseID])) { tx, _ in
            var c = try tx.workableCase(inv[Common.caseID])
            try s.authorize(.verifyEntitlement, case: c)
            let before = try tx.latestEntitlement(caseID: c.id)
            let e = try s.verifyAndRecord(&c, tx)
            tx.commandCase = c.id
            let change =
                before.map { $0.entitlement.sameDecision(as: e) ? " (unchanged)" : " (was \($0.entitlement.headline))" }
                ?? ""
            return CommandResult(command: "verify", message: "case \(c.id): \(e.headline)\(change)", details: e.trail)
        }
    }

    enum Schedule {
        static let technician = Argument("technician", .technician, "the technician")
        static let start = Argument.optional(
            "start", .timestamp, "when the visit window starts (UTC); his next free two hours when left out")
        static let end = Argument.optional("end", .timestamp, "when it ends; two hours after the start when left out")
    }

    static let schedule = CommandSpec(
        "schedule", "Schedule a technician's visit for a verified case",
        arguments: [Common.caseID, Schedule.technician, Schedule.start, Schedule.end],
        permission: .scheduleVisit, effect: .write
    ) { inv, s in
        try s.write(
            inv, label: "schedule a visit on case \(inv[Common.caseID])", scope: .ofCase(inv[Common.caseID])
        ) { tx, _ in
            var c = try tx.workableCase(inv[Common.caseID])
            try s.authorize(.scheduleVisit, case: c)
            guard try tx.latestEntitlement(caseID: c.id) != nil else {
                throw InputError("schedule: verify case \(c.id)'s entitlement before scheduling a visit")
            }
            let tech = try tx.existingUser(inv[Schedule.technician])
            guard tech.role == .technician, !tech.disabled else {
                throw InputError("schedule: \(tech.account) is not an active technician")
            }
            let length = VisitSlot.defaultLength
            let start =
                try inv[Schedule.start]
                ?? VisitSlot.firstFree(
                    from: VisitSlot.nextHour(after: s.now), length: length,
                    busy: tx.plannedVisits(technician: tech.account).map { ($0.startsAt, $0.endsAt) })
            let end = inv[Schedule.end] ?? start.adding(seconds: length)
            guard end > start else { throw InputError("schedule: the visit must end after it starts") }
            let id = try tx.insertVisit(caseID: c.id, technician: tech.account, startsAt: start, endsAt: end)
            c.status = CaseLifecycle.status(after: .visitScheduled, from: c.status)
            try tx.updateCase(c)
            tx.commandCase = c.id
            tx.commandLabel = "schedule visit \(id) on case \(c.id)"
            return CommandResult(
                command: "schedule",
                message: "scheduled visit \(id) on case \(c.id): \(tech.name) \(start) – \(end)"
                    + (inv[Schedule.start] == nil ? " (his next free slot)" : ""),
                ids: ["visit": id.rawValue])
        }
    }

    enum RecordVisit {
        static let visit = Argument("visit", .visitID, "the visit")
        static let status = Argument("status", .choice([VisitStatus.done, .noAccess]), "what happened")
    }

    static let visit = CommandSpec(
        "visit", "Record how a visit went: done, or no access",
        arguments: [RecordVisit.visit, RecordVisit.status],
        permission: .recordVisit, effect: .write
    ) { inv, s in
        let id = inv[RecordVisit.visit]
        let status = inv[RecordVisit.status]
        return try s.write(inv, label: "visit \(id) \(status.rawValue)", scope: .ofVisit(id)) { tx, _ in
            guard let v = try tx.visit(id) else { throw InputError("no visit \(id)") }
            var c = try tx.workableCase(v.caseID, of: "visit \(id)")
            try s.authorize(.recordVisit, case: c)
            try tx.setVisitStatus(id, status)
            if status == .done { c.status = CaseLifecycle.status(after: .workRecorded, from: c.status) }
            try tx.updateCase(c)
            tx.commandCase = c.id
            return CommandResult(command: "visit", message: "visit \(id) on case \(c.id): \(status.rawValue)")
        }
    }

    enum Cancel {
        static let reason = Argument("reason", .text, "why", rest: true)
    }

    static let cancel = CommandSpec(
        "cancel", "Cancel a case that has no recorded work; its reservations go back to their bins",
        arguments: [Common.caseID, Cancel.reason],
        permission: .cancelCase, effect: .write
    ) { inv, s in
        try s.write(inv, label: "cancel case \(inv[Common.caseID])", scope: .ofCase(inv[Common.caseID])) { tx, _ in
            let c = try tx.workableCase(inv[Common.caseID])
            try s.authorize(.cancelCase, case: c)
            let lines = try tx.lines(caseID: c.id).filter { $0.kind != .part || ($0.quantity ?? 0) > 0 }
            guard lines.isEmpty else {
                throw InputError(
                    "case \(c.id) has \(plural(lines.count, "line")) of recorded work and cannot be cancelled: bill and close it"
                )
            }
            var released: [String] = []
            for r in try tx.openReservations(caseID: c.id) {
                try tx.apply(.cancel(r.id, quantity: r.remaining), by: s.user.account, at: s.now)
                released.append("\(r.remaining) × \(r.sku) to \(r.bin)")
            }
            try tx.cancelCase(c.id, reason: inv[Cancel.reason])
            tx.commandCase = c.id
            return CommandResult(
                command: "cancel",
                message: "cancelled case \(c.id)"
                    + (released.isEmpty ? "" : "; released \(released.joined(separator: ", "))"))
        }
    }
}
