import ServiceCore
import ServiceStore

/// A request waiting for a supervisor, as the approvals queue shows it.
public struct PendingApproval: Sendable, Equatable {
    public var request: OverrideRequest
    public var customer: String
    /// What the company gives if it is approved, where a request names an amount.
    public var atStake: Money?
    public var ageHours: Int
    /// The viewer's own request: shown, never theirs to decide.
    public var isOwn: Bool

    /// "#4 case 12 goodwill 100.00 on line 31 · 100.00 · agnes · LOYAL-CUSTOMER · 3 h".
    public var row: String {
        let r = request
        let age = ageHours < 48 ? "\(ageHours) h" : "\(ageHours / 24) d"
        return "#\(r.id)  case \(r.caseID) \(customer)  \(r.summary)  \(atStake.map { "at stake \($0)" } ?? "")  "
            + "by \(r.requestedBy)\(isOwn ? " (yours)" : "")  \(r.reasonCode)\(r.note.isEmpty ? "" : ": \(r.note)")  \(age)"
    }
}

extension Session {
    /// Pending overrides, oldest first: what a supervisor's approvals queue lists.
    public func pendingApprovals(limit: Int = 200) throws -> [PendingApproval] {
        try read { tx in
            try tx.pendingOverrides(limit: limit).map { r in
                let c = try tx.serviceCase(r.caseID)
                let customer = try c.flatMap { try tx.customer($0.customerID)?.name } ?? ""
                return PendingApproval(
                    request: r, customer: customer, atStake: r.amount,
                    ageHours: Int(max(0, now.seconds - r.requestedAt.seconds) / 3600),
                    isOwn: r.requestedBy == user.account)
            }
        }
    }
}

enum ApprovalCommands {
    static let all: [CommandSpec] = [approvals]

    static let approvals = CommandSpec(
        "approvals",
        "The overrides waiting for a supervisor, oldest first: case, what, amount at stake, requester, reason, age",
        permission: .decideOverride, effect: .read
    ) { inv, s in
        try s.authorize(.decideOverride)
        let pending = try s.pendingApprovals()
        return CommandResult(
            command: inv.spec.name,
            message: pending.isEmpty ? "no override is waiting" : "\(plural(pending.count, "override")) waiting",
            details: pending.map(\.row))
    }
}
