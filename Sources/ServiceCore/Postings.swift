/// What the ERP is told happened, in money: one row of the outbox.
public enum PostingKind: String, Sendable, Codable, CaseIterable {
    /// What the customer is invoiced: an invoice trigger's total.
    case revenue
    /// What warranty work costs the company: parts at the value they left stock at, the
    /// rest at the covered amount.
    case warrantyCost = "warranty-cost"
    /// The same for amounts a supervisor moved to the company.
    case goodwillCost = "goodwill-cost"
    /// Covered work taken from a service contract (its balance debited, if it has one).
    case contractConsumption = "contract-consumption"
    /// The stock issued to the case, valued as it left (standard or moving average).
    case stockIssue = "stock-issue"
    /// A defective core came back.
    case coreCredit = "core-credit"
    /// A core never came back: charged to the customer.
    case coreCharge = "core-charge"
    /// The OEM or supplier accepted a warranty claim.
    case claimAccepted = "claim-accepted"
    /// The OEM or supplier rejected it (amount 0: the cost stays the company's).
    case claimRejected = "claim-rejected"
}

/// A posting before the store gives it an id and a time.
public struct PostingDraft: Hashable, Sendable, Codable {
    public var kind: PostingKind
    public var amount: Money
    public var outcomeID: OutcomeID?
    public var lineID: LineID?
    public var contract: String?
    public var sku: String?
    /// Units: parts issued, or minutes taken from a prepaid balance.
    public var quantity: Int?
    /// Unique for ever: the ERP drops a posting whose key it has seen.
    public var idempotencyKey: String

    public init(
        kind: PostingKind, amount: Money, outcomeID: OutcomeID? = nil, lineID: LineID? = nil, contract: String? = nil,
        sku: String? = nil, quantity: Int? = nil, idempotencyKey: String
    ) {
        self.kind = kind
        self.amount = amount
        self.outcomeID = outcomeID
        self.lineID = lineID
        self.contract = contract
        self.sku = sku
        self.quantity = quantity
        self.idempotencyKey = idempotencyKey
    }
}

/// What a part line cost the company: the net value of its issue and return movements.
public struct LineCost: Hashable, Sendable {
    public var lineID: LineID
    public var sku: String
    public var quantity: Int
    /// Positive: what the stock that left (less what came back) was worth.
    public var value: Money

    public init(lineID: LineID, sku: String, quantity: Int, value: Money) {
        self.lineID = lineID
        self.sku = sku
        self.quantity = quantity
        self.value = value
    }
}

public enum Postings {
    /// The postings of closing a case: every path that closes a case uses this one function.
    ///
    /// - revenue: each invoice trigger's total;
    /// - contract consumption: each contract debit's total, with the minutes it takes when
    ///   the balance is kept in minutes;
    /// - warranty cost (and goodwill cost): each warranty confirmation's portions at cost — a
    ///   part line's share of what its stock was worth (value × portion ÷ line amount, rounded
    ///   half away from zero), any other line at the portion itself;
    /// - stock issue: each part line's net issued value.
    /// Keys name the case, the closing (1, 2 after a reopen…), the kind and what it refers to.
    public static func forClosing(
        caseID: CaseID, closing: Int, outcomes: [BillingOutcome], lines: [CaseLine],
        costs: [LineCost]
    ) -> [PostingDraft] {
        let prefix = "case-\(caseID)/closing-\(closing)"
        let lineByID = Dictionary(uniqueKeysWithValues: lines.map { ($0.id, $0) })
        let costByLine = Dictionary(uniqueKeysWithValues: costs.map { ($0.lineID, $0) })
        var out: [PostingDraft] = []
        for o in outcomes.sorted(by: { $0.id < $1.id }) {
            let key = "\(prefix)/outcome-\(o.id)"
            switch o.draft.kind {
            case .invoiceTrigger:
                out.append(
                    PostingDraft(
                        kind: .revenue, amount: o.draft.total, outcomeID: o.id, idempotencyKey: key + "/revenue"))
            case .contractDebit:
                var minutes: Int?
                if case .minutes(let m)? = o.draft.debit { minutes = m }
                out.append(
                    PostingDraft(
                        kind: .contractConsumption, amount: o.draft.total, outcomeID: o.id, contract: o.draft.contract,
                        quantity: minutes, idempotencyKey: key + "/contract-consumption"))
            case .warrantyConfirmation:
                for kind in [PortionKind.covered, .goodwill] {
                    let portions = o.draft.portions.filter { $0.kind == kind }
                    guard !portions.isEmpty || (kind == .covered && o.draft.portions.isEmpty) else { continue }
                    let cost = Money.sum(
                        portions.map { costOf($0, line: lineByID[$0.lineID], cost: costByLine[$0.lineID]) })
                    let postingKind: PostingKind = kind == .goodwill ? .goodwillCost : .warrantyCost
                    out.append(
                        PostingDraft(
                            kind: postingKind, amount: cost, outcomeID: o.id,
                            idempotencyKey: key + "/" + postingKind.rawValue))
                }
            }
        }
        for c in costs.sorted(by: { $0.lineID < $1.lineID }) where c.quantity != 0 || c.value != .zero {
            out.append(
                PostingDraft(
                    kind: .stockIssue, amount: c.value, lineID: c.lineID, sku: c.sku, quantity: c.quantity,
                    idempotencyKey: "\(prefix)/line-\(c.lineID)/stock-issue"))
        }
        return out
    }

    /// A portion of a line at cost: a part line's share of its stock value, rounded half
    /// away from zero; any other line's cost is its amount.
    static func costOf(_ portion: Portion, line: CaseLine?, cost: LineCost?) -> Money {
        guard let line else { return portion.amount }
        return Self.cost(
            ofPortion: portion.amount, lineKind: line.kind, lineAmount: line.amount, stockValue: cost?.value)
    }

    /// The same from figures alone, for reports that read them in bulk (contract profitability).
    public static func cost(ofPortion portion: Money, lineKind: LineKind, lineAmount: Money, stockValue: Money?)
        -> Money
    {
        guard lineKind == .part, let stockValue else { return portion }
        guard lineAmount > .zero else { return .zero }
        return stockValue.scaled(by: portion.minorUnits, over: lineAmount.minorUnits)
    }

    /// The postings that cancel `postings` on a reopen: same references, amounts negated.
    public static func reversals(of postings: [(id: Int64, draft: PostingDraft)], reopening: Int) -> [(
        reverses: Int64, draft: PostingDraft
    )] {
        postings.map { p in
            var d = p.draft
            d.amount = Money(minorUnits: -d.amount.minorUnits)
            d.quantity = d.quantity.map { -$0 }
            d.idempotencyKey = d.idempotencyKey + "/reversed-by-reopen-\(reopening)"
            return (p.id, d)
        }
    }
}
