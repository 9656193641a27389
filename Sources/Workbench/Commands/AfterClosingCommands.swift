import ServiceCore
import ServiceStore

/// Events that belong after closing and need no reopen: an unreturned core charged, an OEM
/// claim opened, accepted or rejected. Each that moves money is its own posting.
enum AfterClosingCommands {
    static let all: [CommandSpec] = [coreCharge, claimOpen, claimAccept, claimReject]

    static let partLine = Argument("line", .lineID, "the part line")
    static let outcome = Argument("outcome", .outcomeID, "the warranty confirmation")

    static let coreCharge = CommandSpec(
        "core charge", "Charge the customer for cores of a part line not returned within the core-return days",
        arguments: [partLine], permission: .claimCosts, effect: .write
    ) { inv, s in
        let id = inv[partLine]
        return try s.write(inv, label: "core charge", undoable: false) { tx, _ in
            let line = try tx.existingLine(id)
            let c = try tx.existingCase(line.caseID)
            try s.authorize(.claimCosts, case: c)
            guard let core = try CoreReturns.expectations(lines: [line], today: s.today, tx).first else {
                throw InputError("core charge: line \(line.id) of case \(c.id) is no exchange part")
            }
            guard core.outstanding > 0 else { throw InputError("core charge: every core of line \(line.id) came back") }
            guard core.billable else {
                throw InputError(
                    "core charge: the core of \(core.sku) has been out \(core.days) days; it is billable after \(try CoreReturns.limit(tx))"
                )
            }
            let charged = CoreReturns.charged(lineID: id, in: try tx.postings(caseID: c.id))
            let due = core.outstanding - charged
            guard due > 0 else {
                throw InputError("core charge: the missing cores of line \(line.id) are charged already")
            }
            try tx.insertPosting(
                PostingDraft(
                    kind: .coreCharge, amount: core.coreCharge * due, lineID: id, sku: core.sku, quantity: due,
                    idempotencyKey: "case-\(c.id)/line-\(id)/core-charge-\(charged + due)"),
                caseID: c.id, closing: try tx.closings(caseID: c.id), by: s.user.account, at: s.now)
            tx.commandCase = c.id
            return CommandResult(
                command: "core charge",
                message:
                    "case \(c.id): \(due) missing core\(due == 1 ? "" : "s") of \(core.sku) charged, \(core.coreCharge * due)"
            )
        }
    }

    /// A warranty confirmation of a case, for a claim to the supplier.
    private static func confirmation(_ inv: Invocation, _ tx: StoreTransaction, _ s: Session) throws -> (
        BillingOutcome, ServiceCase
    ) {
        let id = inv[outcome]
        guard let o = try tx.outcome(id) else {
            throw InputError("\(inv.spec.name): no outcome \(id) (`show CASE` lists a case's outcomes)")
        }
        // Who may claim is asked before what the outcome is, so a refusal tells nothing of it.
        let c = try tx.existingCase(o.caseID)
        try s.authorize(.claimCosts, case: c)
        guard o.draft.kind == .warrantyConfirmation else {
            throw InputError(
                "\(inv.spec.name): outcome \(id) is the case's \(o.draft.kind.label); claims go with warranty confirmations"
            )
        }
        return (o, c)
    }

    static let claimOpen = CommandSpec(
        "claim open", "Claim a warranty confirmation's cost back from the OEM or supplier",
        arguments: [outcome], permission: .claimCosts, effect: .write
    ) { inv, s in
        try s.write(inv, label: "claim open") { tx, _ in
            let (o, c) = try confirmation(inv, tx, s)
            guard o.claim == .none else {
                throw InputError("claim open: outcome \(o.id)'s claim is already \(o.claim.rawValue)")
            }
            try tx.setClaim(o.id, .open)
            tx.commandCase = c.id
            tx.commandLabel = "claim open on outcome \(o.id)"
            return CommandResult(command: "claim open", message: "case \(c.id): claim opened on \(o.draft.summary)")
        }
    }

    enum ClaimAccept {
        static let amount = Argument("amount", .money, "what they pay")
    }

    private static func decide(_ accepted: Bool) -> CommandSpec {
        let name = accepted ? "claim accept" : "claim reject"
        return CommandSpec(
            name,
            accepted
                ? "Record that the OEM or supplier accepted a claim, and for how much"
                : "Record that the OEM or supplier rejected a claim",
            arguments: accepted ? [outcome, ClaimAccept.amount] : [outcome],
            permission: .claimCosts, effect: .write
        ) { inv, s in
            try s.write(inv, label: name, undoable: false) { tx, _ in
                let (o, c) = try confirmation(inv, tx, s)
                guard o.claim == .open else {
                    throw InputError("\(name): outcome \(o.id) has no open claim (\(o.claim.rawValue))")
                }
                let amount = accepted ? inv[ClaimAccept.amount] : .zero
                try tx.setClaim(o.id, accepted ? .accepted : .rejected)
                let kind: PostingKind = accepted ? .claimAccepted : .claimRejected
                try tx.insertPosting(
                    PostingDraft(
                        kind: kind, amount: amount, outcomeID: o.id,
                        idempotencyKey: "case-\(c.id)/outcome-\(o.id)/\(kind.rawValue)"),
                    caseID: c.id, closing: try tx.closings(caseID: c.id), by: s.user.account, at: s.now)
                tx.commandCase = c.id
                return CommandResult(
                    command: name,
                    message: "case \(c.id): claim on outcome \(o.id) \(accepted ? "accepted, \(amount)" : "rejected")")
            }
        }
    }

    static let claimAccept = decide(true)
    static let claimReject = decide(false)
}
