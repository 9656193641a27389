import ServiceCore
import ServiceStore

/// Lookups every command needs, with the messages a user acts on.
extension StoreTransaction {
    func existingCase(_ id: CaseID) throws -> ServiceCase {
        guard let c = try serviceCase(id) else { throw InputError("no case \(id)") }
        return c
    }

    /// A case that may still be worked on.
    func workableCase(_ id: CaseID) throws -> ServiceCase {
        let c = try existingCase(id)
        switch c.status {
        case .closed: throw InputError("case \(id) is closed and read-only; a supervisor can reopen it")
        case .cancelled: throw InputError("case \(id) is cancelled")
        default: return c
        }
    }

    func existingLine(_ id: LineID) throws -> CaseLine {
        guard let l = try line(id) else { throw InputError("no line \(id)") }
        return l
    }

    func existingUser(_ account: String) throws -> User {
        guard let u = try user(account) else { throw InputError("no user \(account)") }
        return u
    }

    func existingContract(_ number: String) throws -> ServiceContract {
        guard let c = try contract(number) else { throw InputError("no contract \(number)") }
        return c
    }

    func existingAsset(_ serial: String) throws -> Asset {
        guard let a = try asset(serial) else { throw InputError("no asset \(serial)") }
        return a
    }
}

extension Session {
    /// Records a verification of the case as the engine answers now, and sets its SLA due
    /// time from the matched rule's response target.
    func verifyAndRecord(_ c: inout ServiceCase, _ tx: StoreTransaction) throws -> Entitlement {
        let adjustments = CaseAdjustments(approved: try tx.overrides(caseID: c.id))
        let (_, e) = try CaseEvaluation.entitlementNow(for: c, adjustments: adjustments, tx)
        try tx.recordEntitlement(caseID: c.id, e, onDate: c.reportedOn, by: user.account, at: now)
        c.slaDue = e.responseHours.map { c.openedAt.adding(hours: $0) }
        c.status = CaseLifecycle.status(after: .verified, from: c.status)
        try tx.updateCase(c)
        return e
    }
}

extension Entitlement {
    var headline: String { "\(outcome.rawValue) — \(source.label)" }
}

func plural(_ n: Int, _ word: String) -> String {
    guard n != 1 else { return "1 \(word)" }
    // "entry" → "entries", but "day" → "days"
    if word.hasSuffix("y"), let before = word.dropLast().last, !"aeiou".contains(before) { return "\(n) \(word.dropLast())ies" }
    return "\(n) \(word)s"
}
