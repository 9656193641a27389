/// What one closed case was worth, for the audit of margin leakage: covered cost against
/// what was billed against list price (seed 000's monthly sample).
public struct CaseMargin: Sendable {
    public var caseID: CaseID
    public var entitlement: EntitlementOutcome?
    /// The lines at today's list price (parts), or as recorded (labour, travel, expenses).
    public var atList: Money
    /// The lines as recorded on the case.
    public var charged: Money
    /// On warranty confirmations and contract debits.
    public var covered: Money
    public var goodwill: Money
    /// Revenue posted, net of reversals.
    public var billed: Money
    /// What the parts issued were worth.
    public var partsCost: Money
    /// Part lines recorded below today's list price: item and the difference.
    public var belowList: [(sku: String, by: Money)]
    /// Cores not back and not charged although the return days are over.
    public var unchargedCores: [(sku: String, count: Int)]

    public init(
        caseID: CaseID, entitlement: EntitlementOutcome?, atList: Money, charged: Money, covered: Money,
        goodwill: Money,
        billed: Money, partsCost: Money, belowList: [(sku: String, by: Money)] = [],
        unchargedCores: [(sku: String, count: Int)] = []
    ) {
        self.caseID = caseID
        self.entitlement = entitlement
        self.atList = atList
        self.charged = charged
        self.covered = covered
        self.goodwill = goodwill
        self.billed = billed
        self.partsCost = partsCost
        self.belowList = belowList
        self.unchargedCores = unchargedCores
    }

    /// Where money may have leaked, in words an auditor acts on; none when the case is clean.
    public var findings: [String] {
        var out: [String] = []
        let accounted = covered + goodwill + billed
        if accounted < charged { out.append("\(charged - accounted) of recorded work neither covered nor billed") }
        if accounted > charged { out.append("\(accounted - charged) more covered and billed than the work recorded") }
        out += belowList.map { "\($0.sku) charged \($0.by) below list price" }
        if goodwill > .zero { out.append("goodwill \(goodwill) given") }
        if entitlement == .chargeable && billed < partsCost {
            out.append("chargeable, billed \(billed) under the parts' cost \(partsCost)")
        }
        if entitlement == .chargeable && covered > .zero { out.append("chargeable, yet \(covered) covered") }
        out += unchargedCores.map {
            "\($0.count) core\($0.count == 1 ? "" : "s") of \($0.sku) not back and not charged"
        }
        return out
    }
}
