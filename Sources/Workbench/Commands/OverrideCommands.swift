import ServiceCore
import ServiceStore

/// Policy exceptions: agents request, a supervisor other than the requester decides, and an
/// approval takes effect in the approving transaction.
enum OverrideCommands {
    static let all: [CommandSpec] = [
        goodwill, coverObject, waiveDeductible, extendCap, reopen, releaseReservation, approve, reject,
    ]

    static let note = Option("note", .text, "why, in words")
    static let reason = Argument("reason", .reasonCode, "reason code")

    /// `ownCase: false` for a request about another agent's case (a release): the requester
    /// need not be its assignee.
    private static func request(
        _ inv: Invocation, _ s: Session, caseID: (StoreTransaction) throws -> CaseID,
        closed: Bool = false, ownCase: Bool = true,
        make: (ServiceCase, StoreTransaction) throws -> OverrideRequest
    ) throws -> CommandResult {
        try s.write(inv, label: inv.spec.name) { tx, _ in
            let target = try caseID(tx)
            let c = closed ? try tx.existingCase(target) : try tx.workableCase(target)
            if closed && c.status != .closed { throw InputError("case \(target) is \(c.status.rawValue), not closed") }
            try s.authorize(.requestOverride, case: ownCase ? c : nil)
            let o = try make(c, tx)
            let id = try tx.insertOverride(o)
            tx.commandCase = c.id
            tx.commandLabel = "request override \(id) (\(o.summary)) on case \(c.id)"
            return CommandResult(
                command: inv.spec.name,
                message: "override \(id) requested on case \(c.id): \(o.summary); a supervisor other than you decides",
                ids: ["override": id.rawValue])
        }
    }

    /// `reason`: the command's reason code argument (every request has one).
    private static func draft(
        _ c: ServiceCase, _ kind: OverrideKind, _ inv: Invocation, _ s: Session,
        reason: Argument<String>, line: LineID? = nil, contract: String? = nil,
        amount: Money? = nil, reservation: ReservationID? = nil, quantity: Int? = nil,
        forCase: CaseID? = nil
    ) -> OverrideRequest {
        OverrideRequest(
            id: OverrideID(0), caseID: c.id, kind: kind, lineID: line, contract: contract, amount: amount,
            reservationID: reservation, quantity: quantity, forCase: forCase,
            reasonCode: inv[reason], note: inv[note] ?? "", requestedBy: s.user.account, requestedAt: s.now)
    }

    enum Goodwill {
        static let line = Argument("line", .lineID, "the line")
        static let amount = Argument("amount", .money, "how much")
        static let reason = Argument("reason", .reasonCode, "reason code, e.g. LOYAL-CUSTOMER")
    }

    static let goodwill = CommandSpec(
        "request goodwill", "Ask to move an amount of a line from the customer to the company",
        arguments: [Goodwill.line, Goodwill.amount, Goodwill.reason],
        options: [note], permission: .requestOverride, effect: .write
    ) { inv, s in
        let lineID = inv[Goodwill.line]
        let amount = inv[Goodwill.amount]
        guard amount > .zero else { throw InputError("request goodwill: the amount must be more than 0.00") }
        return try request(inv, s, caseID: { try $0.existingLine(lineID).caseID }) { c, tx in
            let line = try tx.existingLine(lineID)
            guard amount <= line.amount else {
                throw InputError("request goodwill: \(amount) is more than line \(line.id)'s amount \(line.amount)")
            }
            return draft(c, .goodwill, inv, s, reason: Goodwill.reason, line: lineID, amount: amount)
        }
    }

    enum CoverObject {
        static let contract = Argument("contract", .contract, "the contract")
    }

    static let coverObject = CommandSpec(
        "request cover-object", "Ask to let a contract cover this case's asset, which it does not list",
        arguments: [Common.caseID, CoverObject.contract, reason],
        options: [note], permission: .requestOverride, effect: .write
    ) { inv, s in
        try request(inv, s, caseID: { _ in inv[Common.caseID] }) { c, tx in
            let contract = try tx.existingContract(inv[CoverObject.contract])
            guard contract.customerID == c.customerID else {
                throw InputError(
                    "request cover-object: contract \(contract.number) belongs to customer \(contract.customerID), not \(c.customerID)"
                )
            }
            guard !contract.coveredSerials.contains(c.serial) else {
                throw InputError("request cover-object: contract \(contract.number) already lists \(c.serial)")
            }
            return draft(c, .coverObject, inv, s, reason: reason, contract: contract.number)
        }
    }

    static let waiveDeductible = CommandSpec(
        "request waive-deductible", "Ask to waive the deductible for this case",
        arguments: [Common.caseID, reason],
        options: [note], permission: .requestOverride, effect: .write
    ) { inv, s in
        try request(inv, s, caseID: { _ in inv[Common.caseID] }) { c, _ in
            draft(c, .waiveDeductible, inv, s, reason: reason)
        }
    }

    enum ExtendCap {
        static let amount = Argument("amount", .money, "by how much")
    }

    static let extendCap = CommandSpec(
        "request extend-cap", "Ask to raise the per-incident and lifetime caps for this case",
        arguments: [Common.caseID, ExtendCap.amount, reason],
        options: [note], permission: .requestOverride, effect: .write
    ) { inv, s in
        let amount = inv[ExtendCap.amount]
        guard amount > .zero else { throw InputError("request extend-cap: the amount must be more than 0.00") }
        return try request(inv, s, caseID: { _ in inv[Common.caseID] }) { c, _ in
            draft(c, .extendCap, inv, s, reason: reason, amount: amount)
        }
    }

    enum Reopen {
        static let closedCase = Argument("case", .caseID, "the closed case")
        static let reason = Argument("reason", .reasonCode, "reason code, e.g. WRONG-OUTCOME")
    }

    static let reopen = CommandSpec(
        "request reopen", "Ask to open a closed case again: a supervisor's approval reverses its postings",
        arguments: [Reopen.closedCase, Reopen.reason],
        options: [note], permission: .requestOverride, effect: .write
    ) { inv, s in
        try request(inv, s, caseID: { _ in inv[Reopen.closedCase] }, closed: true) { c, tx in
            guard try !tx.overrides(caseID: c.id).contains(where: { $0.kind == .reopen && $0.status == .pending })
            else {
                throw InputError("request reopen: case \(c.id) already has a reopen waiting for a supervisor")
            }
            return draft(c, .reopen, inv, s, reason: Reopen.reason)
        }
    }

    enum ReleaseReservation {
        static let reservation = Argument("reservation", .reservationID, "the reservation")
        static let reason = Argument("reason", .reasonCode, "reason code, e.g. URGENT-REPAIR")
        static let quantity = Option("quantity", .quantity, "how many; all it holds when left out")
        static let forCase = Option("for", .caseID, "your case, to reserve them for when approved")
    }

    static let releaseReservation = CommandSpec(
        "request release",
        "Ask to release what a reservation of another agent's case holds, and to hold it for your case",
        arguments: [ReleaseReservation.reservation, ReleaseReservation.reason],
        options: [ReleaseReservation.quantity, ReleaseReservation.forCase, note],
        permission: .requestOverride, effect: .write
    ) { inv, s in
        let id = inv[ReleaseReservation.reservation]
        let holder = { (tx: StoreTransaction) throws -> CaseID in
            guard let r = try tx.reservation(id) else { throw InputError("no reservation \(id)") }
            return r.caseID
        }
        return try request(inv, s, caseID: holder, ownCase: false) { c, tx in
            let r = try tx.reservation(id)!
            if Authorization.check(s.user, .releaseParts, caseID: c.id, caseAssignee: c.assignee) == nil {
                throw InputError("request release: you may release reservation \(id) yourself: release \(id)")
            }
            if let waiting = try tx.overrides(caseID: c.id).first(where: {
                $0.reservationID == id && $0.status == .pending
            }) {
                throw InputError(
                    "request release: reservation \(id) already has a release waiting for a supervisor (override \(waiting.id))"
                )
            }
            let qty = inv[ReleaseReservation.quantity] ?? r.remaining
            guard r.remaining > 0 else {
                throw InputError("request release: reservation \(id) holds nothing (\(r.status.rawValue))")
            }
            guard (1...r.remaining).contains(qty) else {
                throw InputError("request release: reservation \(id) holds \(r.remaining) × \(r.sku), not \(qty)")
            }
            var forCase: CaseID?
            if let wanted = inv[ReleaseReservation.forCase] {
                let own = try tx.workableCase(wanted)
                guard own.id != c.id else {
                    throw InputError("request release: reservation \(id) is already case \(own.id)'s")
                }
                try s.authorize(.reserveParts, case: own)
                forCase = own.id
            }
            return draft(
                c, .releaseReservation, inv, s, reason: ReleaseReservation.reason,
                reservation: id, quantity: qty, forCase: forCase)
        }
    }

    /// Releases what an approved request names and, when it names the requester's case,
    /// reserves the same parts in the same bin for it — in the approving transaction, so no
    /// one else can take them in between. Both are stock operations with inverses: undone
    /// with the approval.
    static func applyRelease(_ o: OverrideRequest, _ s: Session, _ tx: StoreTransaction, refresh: inout Set<CaseID>)
        throws -> [String]
    {
        guard let id = o.reservationID, let qty = o.quantity, let r = try tx.reservation(id) else {
            throw InputError("override \(o.id) names no reservation")
        }
        guard r.remaining >= qty else {
            throw InputError(
                "reservation \(id) now holds \(r.remaining) × \(r.sku), not the \(qty) asked for: reject override \(o.id)"
            )
        }
        try tx.apply(.release(id, quantity: qty), by: s.user.account, at: s.now)
        var effects = ["case \(r.caseID): released \(qty) × \(r.sku) of reservation \(id) back to \(r.bin)"]
        if let target = o.forCase {
            let c = try tx.workableCase(target)
            let visit = try tx.visits(caseID: c.id).first { $0.status == .planned }
            let newID = try tx.nextReservationID()
            try tx.apply(
                .reserve(
                    ReservationDraft(id: newID, caseID: c.id, visitID: visit?.id, sku: r.sku, bin: r.bin, quantity: qty)
                ),
                by: s.user.account, at: s.now)
            refresh.insert(c.id)
            effects.append("case \(c.id): reserved \(qty) × \(r.sku) in \(r.bin) (reservation \(newID))")
        }
        return effects
    }

    /// Opens a closed case again, in the approving transaction: every posting of its last
    /// closing is reversed (never edited), the spent amount and the contract balance it
    /// changed are given back, and the case goes back to in progress. The stock issued at
    /// usage stays issued; corrections are return movements.
    static func applyReopen(_ c: ServiceCase, _ s: Session, _ tx: StoreTransaction) throws -> [String] {
        let closing = try tx.closings(caseID: c.id)
        let toReverse = try tx.postings(caseID: c.id).filter { p in p.closing == closing && p.reverses == nil }
        let reversed = Set(try tx.postings(caseID: c.id).compactMap(\.reverses))
        let reversals = Postings.reversals(
            of: toReverse.filter { !reversed.contains($0.id) }.map { ($0.id, $0.draft) }, reopening: closing)
        for r in reversals {
            try tx.insertPosting(
                r.draft, caseID: c.id, closing: closing, reverses: r.reverses, by: s.user.account, at: s.now)
        }
        var effects = ["\(plural(reversals.count, "posting")) reversed"]
        let outcomes = try tx.activeOutcomes(caseID: c.id)
        if let source = try tx.latestEntitlement(caseID: c.id)?.entitlement.source,
            let key = source.warrantyKey(serial: c.serial)
        {
            let covered = Money.sum(
                outcomes.filter { $0.draft.kind == .warrantyConfirmation }
                    .flatMap(\.draft.portions).filter { $0.kind == .covered }.map(\.amount))
            if covered > .zero {
                try tx.subtractSpent(key, covered)
                effects.append("\(source.label) spent less \(covered)")
            }
        }
        for o in outcomes where o.draft.kind == .contractDebit {
            if let contract = o.draft.contract, let debit = o.draft.debit {
                try tx.creditContractBalance(contract, by: debit)
                effects.append("contract \(contract) credited \(debit.description)")
            }
        }
        try tx.markReopened(c.id)
        return effects
    }

    enum Decide {
        static let override = Argument("override", .overrideID, "the override")
    }

    private static func decide(_ status: OverrideStatus) -> CommandSpec {
        let verb = status == .approved ? "approve" : "reject"
        return CommandSpec(
            verb,
            status == .approved
                ? "Approve an override (not your own): it takes effect at once"
                : "Reject an override (not your own)",
            arguments: [Decide.override],
            options: [note], permission: .decideOverride, effect: .write
        ) { inv, s in
            let id = inv[Decide.override]
            // A reopen's reversals and restored balances are postings and shared counters:
            // they are corrected by closing again, not by undo.
            let isReopen = (try? s.read { try $0.overrideRequest(id)?.kind }) == .reopen
            return try s.write(inv, label: "\(verb) override \(id)", undoable: !(isReopen && status == .approved)) {
                tx, refresh in
                guard let o = try tx.overrideRequest(id) else { throw InputError("no override \(id)") }
                if let refusal = Authorization.checkDecision(by: s.user, requestedBy: o.requestedBy, override: id) {
                    throw PermissionError(message: refusal.message, caseID: o.caseID.rawValue)
                }
                guard o.status == .pending else { throw InputError("override \(id) is already \(o.status.rawValue)") }
                var c = o.kind == .reopen ? try tx.existingCase(o.caseID) : try tx.workableCase(o.caseID)
                try tx.decideOverride(id, status, by: s.user.account, at: s.now, note: inv[note] ?? "")
                tx.commandCase = c.id
                var details: [String] = []
                if status == .approved, o.kind == .reopen {
                    try s.authorize(.reopenCase)
                    guard c.status == .closed else {
                        throw InputError("case \(c.id) is \(c.status.rawValue), not closed")
                    }
                    details = try applyReopen(c, s, tx)
                }
                if status == .approved, o.kind == .releaseReservation {
                    details = try applyRelease(o, s, tx, refresh: &refresh)
                }
                // Applied in this transaction: an override that changes what the engine
                // matches is verified again now.
                if status == .approved, o.kind == .coverObject || o.kind == .extendCap {
                    let e = try s.verifyAndRecord(&c, tx)
                    details = ["case \(c.id) verified again: \(e.headline)"] + e.trail
                }
                return CommandResult(
                    command: verb, message: "override \(id) \(status.rawValue): \(o.summary) on case \(c.id)",
                    details: details)
            }
        }
    }

    static let approve = decide(.approved)
    static let reject = decide(.rejected)
}
