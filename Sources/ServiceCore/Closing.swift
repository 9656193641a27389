/// What closing a case moves on, worked out once for every path that closes one (the `close`
/// command, the generator): what the warranty covered is added to its spent amount, what a
/// prepaid contract gave is taken from its balance, and the closing's postings are made by
/// `Postings.forClosing` — none for imported history, which never reaches the ERP.
public struct ClosingEffects: Hashable, Sendable {
    /// 1 for the first closing, 2 after a reopen…
    public var closing: Int
    /// Added to each warranty's spent amount (at most one).
    public var spent: [WarrantyKey: Money] = [:]
    /// Taken from each contract's prepaid balance (at most one).
    public var debits: [String: PrepaidBalance] = [:]
    public var postings: [PostingDraft] = []

    public init(
        closing: Int, serviceCase c: ServiceCase, entitlement e: Entitlement, coverage: CoverageResult,
        outcomes: [BillingOutcome], lines: [CaseLine], costs: [LineCost]
    ) {
        self.closing = closing
        if let key = e.source.warrantyKey(serial: c.serial), coverage.covered > .zero { spent[key] = coverage.covered }
        if case .contract(let number) = e.source, let used = coverage.balanceUsed { debits[number] = used }
        if !c.imported {
            postings = Postings.forClosing(
                caseID: c.id, closing: closing, outcomes: outcomes, lines: lines, costs: costs)
        }
    }
}

extension PrepaidBalance {
    /// What is left once `used` (of the same kind: coverage takes a balance in its own unit)
    /// is taken.
    public func taking(_ used: PrepaidBalance) -> PrepaidBalance {
        switch (self, used) {
        case (.minutes(let left), .minutes(let m)): .minutes(left - m)
        case (.money(let left), .money(let m)): .money(left - m)
        default: preconditionFailure("a \(self) balance debited by \(used)")
        }
    }
}
