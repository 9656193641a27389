import ServiceCore
import ServiceStore

/// Arguments that many commands take, meaning the same by them.
enum Common {
    static let caseID = Argument("case", .caseID, "the case")
}

/// Lookups every command needs, with the messages a user acts on.
extension StoreTransaction {
    func existingCase(_ id: CaseID) throws -> ServiceCase {
        guard let c = try serviceCase(id) else { throw InputError("no case \(id)") }
        return c
    }

    /// A case that may still be worked on. `record` is what the command was given, when that
    /// was not the case itself ("line 7"): the refusal then says whose case it is, since the
    /// user did not name it (fuzzing found "classify 1 …" refused as "case 3 is closed").
    func workableCase(_ id: CaseID, of record: String? = nil) throws -> ServiceCase {
        let c = try existingCase(id)
        let subject = record.map { "\($0) is on case \(id), which" } ?? "case \(id)"
        switch c.status {
        case .closed: throw InputError("\(subject) is closed and read-only; a supervisor can reopen it")
        case .cancelled: throw InputError("\(subject) is cancelled")
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
        try CaseWork.record(e, on: &c, by: user.account, at: now, tx)
        try tx.updateCase(c)
        return e
    }
}

/// Steps of a case's work that a command and the generator take alike, so a generated case
/// is written as the workbench writes one.
enum CaseWork {
    /// Records a verification on the case, and its SLA due time from the matched rule's
    /// response target. The caller saves the case.
    static func record(
        _ e: Entitlement, on c: inout ServiceCase, by account: String, at: Timestamp, _ tx: StoreTransaction
    ) throws {
        try tx.recordEntitlement(caseID: c.id, e, onDate: c.reportedOn, by: account, at: at)
        verified(e, on: &c)
    }

    /// What a verification changes on the case itself: its SLA due time and its status.
    static func verified(_ e: Entitlement, on c: inout ServiceCase) {
        c.slaDue = e.responseHours.map { c.openedAt.adding(hours: $0) }
        c.status = CaseLifecycle.status(after: .verified, from: c.status)
    }

    static func newLine(_ c: ServiceCase, _ kind: LineKind, _ description: String, _ amount: Money) -> CaseLine {
        CaseLine(id: LineID(0), caseID: c.id, number: 0, kind: kind, description: description, amount: amount)
    }

    /// A part line at the item's list price.
    static func partLine(_ c: ServiceCase, item: Item, quantity: Int, bin: String) -> CaseLine {
        var line = newLine(c, .part, "\(quantity) × \(item.sku) \(item.description)", item.listPrice * quantity)
        line.sku = item.sku
        line.quantity = quantity
        line.bin = bin
        line.category = item.category
        return line
    }

    /// A labour line at the technician's rate.
    static func labourLine(_ c: ServiceCase, minutes: Int, technician: String, rate: Money) -> CaseLine {
        var line = newLine(
            c, .labour, "\(minutes) min labour (\(technician))", Labour.amount(minutes: minutes, hourlyRate: rate))
        line.minutes = minutes
        line.technician = technician
        return line
    }

    /// A recorded line moves the case on, and undoes an explicit "no parts" or "no labour".
    static func recorded(_ line: CaseLine, on c: inout ServiceCase) {
        c.status = CaseLifecycle.status(after: .workRecorded, from: c.status)
        if line.kind == .part { c.noParts = false }
        if line.kind == .labour { c.noLabour = false }
    }

    /// Closes a case once the checklist holds: marks it closed and writes what
    /// `ClosingEffects` moves on (the warranty's spent amount, the contract's balance, this
    /// closing's postings), all in the command's one transaction, so a failure anywhere leaves
    /// nothing written. Returns those effects in words, for the message.
    static func close(
        _ c: ServiceCase, entitlement e: Entitlement, coverage: CoverageResult, outcomes: [BillingOutcome],
        lines: [CaseLine], checks: [ClosureCheck], facts: ClosureFacts? = nil, by account: String, at: Timestamp,
        _ tx: StoreTransaction
    ) throws -> [String] {
        let id = c.id
        try tx.markClosed(id, by: account, at: at)
        let closing = ClosingEffects(
            closing: try tx.closings(caseID: id) + 1, serviceCase: c, entitlement: e, coverage: coverage,
            outcomes: outcomes, lines: lines, costs: try tx.lineCosts(caseID: id))
        try tx.setClosings(caseID: id, closing.closing)
        var effects: [String] = []
        for (key, amount) in closing.spent {
            try tx.addSpent(key, amount)
            let spent = try tx.spent(serial: c.serial)[key] ?? .zero
            effects.append("\(e.source.label) spent \(spent)" + (e.terms.lifetimeCap.map { " of \($0)" } ?? ""))
        }
        for (number, used) in closing.debits {
            try tx.debitContractBalance(number, by: used)
            let left = try tx.contract(number)?.balance
            effects.append(
                "contract \(number) debited \(used.description)" + (left.map { ", \($0.description) left" } ?? ""))
        }
        for draft in closing.postings {
            try tx.insertPosting(draft, caseID: id, closing: closing.closing, by: account, at: at)
        }
        try tx.saveCaseState(id, CaseState(entitlement: e.outcome, checks: checks), facts: facts)
        return effects
    }
}

extension Entitlement {
    var headline: String { "\(outcome.rawValue) — \(source.label)" }
}

func plural(_ n: Int, _ word: String) -> String {
    guard n != 1 else { return "1 \(word)" }
    // "entry" → "entries", but "day" → "days"
    if word.hasSuffix("y"), let before = word.dropLast().last, !"aeiou".contains(before) {
        return "\(n) \(word.dropLast())ies"
    }
    return "\(n) \(word)s"
}
