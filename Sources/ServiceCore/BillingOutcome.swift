public enum OutcomeKind: String, Sendable, Codable, CaseIterable {
    case warrantyConfirmation = "warranty-confirmation"
    case contractDebit = "contract-debit"
    case invoiceTrigger = "invoice-trigger"

    public var label: String {
        switch self {
        case .warrantyConfirmation: "warranty confirmation"
        case .contractDebit: "contract debit"
        case .invoiceTrigger: "invoice trigger"
        }
    }
}

/// Which side of a line a portion is.
public enum PortionKind: String, Sendable, Codable, CaseIterable {
    case covered, goodwill, customer
}

public struct Portion: Hashable, Sendable, Codable, Comparable {
    public var lineID: LineID
    public var kind: PortionKind
    public var amount: Money

    public init(lineID: LineID, kind: PortionKind, amount: Money) {
        self.lineID = lineID
        self.kind = kind
        self.amount = amount
    }

    public static func < (a: Portion, b: Portion) -> Bool {
        (a.lineID, a.kind.rawValue) < (b.lineID, b.kind.rawValue)
    }
}

/// An outcome document as coverage says it should be: what a stored one is compared with.
public struct OutcomeDraft: Hashable, Sendable, Codable {
    public var kind: OutcomeKind
    public var portions: [Portion]
    public var contract: String?
    /// What a contract debit takes off the prepaid balance.
    public var debit: PrepaidBalance?

    public init(kind: OutcomeKind, portions: [Portion], contract: String? = nil, debit: PrepaidBalance? = nil) {
        self.kind = kind
        self.portions = portions.sorted()
        self.contract = contract
        self.debit = debit
    }

    public var total: Money { Money.sum(portions.map(\.amount)) }

    public var summary: String {
        var s = "\(kind.label) \(total)"
        if let c = contract { s += " on \(c)" }
        if let d = debit { s += " (debits \(d.description))" }
        return s
    }
}

public enum ClaimStatus: String, Sendable, Codable, CaseIterable {
    case none, open, accepted, rejected
}

/// A stored billing outcome of a case.
public struct BillingOutcome: Hashable, Sendable, Codable {
    public var id: OutcomeID
    public var caseID: CaseID
    public var draft: OutcomeDraft
    public var claim: ClaimStatus
    public var createdBy: String
    public var createdAt: Timestamp

    public init(
        id: OutcomeID, caseID: CaseID, draft: OutcomeDraft, claim: ClaimStatus = .none,
        createdBy: String, createdAt: Timestamp
    ) {
        self.id = id
        self.caseID = caseID
        self.draft = draft
        self.claim = claim
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

public enum Outcomes {
    /// The outcome documents a case needs: every non-zero portion on exactly one of them.
    /// Covered portions go on the warranty confirmation or the contract debit, goodwill on a
    /// warranty confirmation, customer portions on the invoice trigger.
    public static func expected(for entitlement: Entitlement, coverage: CoverageResult) -> [OutcomeDraft] {
        var warranty: [Portion] = []
        var debit: [Portion] = []
        var invoice: [Portion] = []
        for l in coverage.lines {
            if l.covered > .zero {
                let p = Portion(lineID: l.lineID, kind: .covered, amount: l.covered)
                if entitlement.outcome == .contract { debit.append(p) } else { warranty.append(p) }
            }
            if l.goodwill > .zero { warranty.append(Portion(lineID: l.lineID, kind: .goodwill, amount: l.goodwill)) }
            if l.customer > .zero { invoice.append(Portion(lineID: l.lineID, kind: .customer, amount: l.customer)) }
        }
        var drafts: [OutcomeDraft] = []
        if !warranty.isEmpty { drafts.append(OutcomeDraft(kind: .warrantyConfirmation, portions: warranty)) }
        if !debit.isEmpty, case .contract(let number) = entitlement.source {
            drafts.append(
                OutcomeDraft(kind: .contractDebit, portions: debit, contract: number, debit: coverage.balanceUsed))
        }
        if !invoice.isEmpty { drafts.append(OutcomeDraft(kind: .invoiceTrigger, portions: invoice)) }
        return drafts
    }

    /// The explicit outcome of a case without lines.
    public static let zeroConfirmation = OutcomeDraft(kind: .warrantyConfirmation, portions: [])

    /// Nil when the stored outcomes are exactly what coverage computes now; otherwise why not.
    public static func problem(stored: [OutcomeDraft], expected: [OutcomeDraft], lineCount: Int) -> String? {
        if lineCount == 0 {
            if stored.isEmpty {
                return
                    "a case without lines needs an explicit outcome: a zero warranty confirmation, or a call-out fee line invoiced"
            }
            if stored.contains(where: { !$0.portions.isEmpty }) {
                return "outcomes are stale: they hold lines the case no longer has"
            }
            return nil
        }
        // Lines that all come to zero leave no portion to bill: like a case without lines, the
        // case needs an explicit zero outcome (otherwise no stored outcome could ever match).
        if expected.isEmpty {
            if stored.isEmpty {
                return "the case's lines come to 0.00: it needs an explicit outcome, a zero warranty confirmation"
            }
            if !stored.contains(where: { !$0.portions.isEmpty }) { return nil }
        }
        if stored.isEmpty {
            return
                "no billing outcome yet: every line portion must be on a warranty confirmation, invoice trigger or contract debit"
        }
        let key = { (d: OutcomeDraft) in d.kind.rawValue + (d.contract ?? "") }
        let s = stored.sorted { key($0) < key($1) }
        let e = expected.sorted { key($0) < key($1) }
        if s == e { return nil }
        let onStored = Set(stored.flatMap { $0.portions.map(\.lineID) })
        let missing = Set(expected.flatMap { $0.portions.map(\.lineID) }).subtracting(onStored)
        if !missing.isEmpty {
            return
                "line portions on no outcome (line ids \(missing.sorted().map(\.description).joined(separator: ", "))): rebuild the outcomes"
        }
        let was = s.map(\.summary).joined(separator: ", ")
        let now = e.map(\.summary).joined(separator: ", ")
        return
            "outcomes are stale: recorded \(was.isEmpty ? "none" : was); coverage now gives \(now.isEmpty ? "none" : now)"
    }
}
