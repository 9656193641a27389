internal import GRDB
import ServiceCore

/// One contract's covered work on closed cases, for its profitability.
public struct ContractWork: Sendable, Equatable {
    public var contract: ServiceContract
    public var cases: Int
    /// Covered work at selling amounts: what its contract debits took.
    public var covered: Money
    /// The same work at cost: parts at the value their stock left at, the rest as recorded.
    public var coveredCost: Money
    /// Invoiced on the same cases, beyond the cover.
    public var billed: Money
}

/// Work recorded on a case not yet closed, and where it stands on outcomes.
public struct OpenCaseWork: Sendable, Equatable {
    public var caseID: CaseID
    public var status: CaseStatus
    public var openedAt: Timestamp
    public var work: Money
    /// On invoice triggers: revenue deferred until the case closes.
    public var deferredRevenue: Money
    /// On warranty confirmations (goodwill too): cost to claim or bear at closing.
    public var warranty: Money
    /// On contract debits.
    public var contract: Money

    /// Recorded, but on no outcome yet.
    public var unbilled: Money { work - deferredRevenue - warranty - contract }
}

/// A claim to the OEM or supplier not yet accepted or rejected.
public struct OpenClaim: Sendable, Equatable {
    public var caseID: CaseID
    public var outcomeID: OutcomeID
    public var sku: String
    public var amount: Money
    /// The warranty cost posted for it, net of reversals.
    public var cost: Money
    public var closedAt: Timestamp?
}

extension StoreTransaction {
    /// The net value of each part line's issue and return movements: what its stock cost.
    static let lineStockValue = """
        SELECT line_id, -sum(value) AS value FROM stock_movement
        WHERE line_id IS NOT NULL AND kind IN ('issue', 'return') GROUP BY line_id
        """

    /// Every contract, with the covered work of its closed (not imported) cases. Both queries
    /// walk the outcomes in order and look each one's case up (`CROSS JOIN` keeps that order),
    /// as the KPI's do (`incompleteClosedCases`): 19 s of the report on a million cases, 4 s so.
    public func contractWork() throws -> [ContractWork] {
        var covered: [String: (cases: Set<CaseID>, amount: Money, cost: Money)] = [:]
        for r in try Row.fetchAll(
            db,
            sql: """
                WITH stock_value AS (\(Self.lineStockValue))
                SELECT o.contract, o.case_id, l.kind, l.amount AS line_amount, p.amount, v.value FROM billing_outcome o
                CROSS JOIN service_case c
                JOIN outcome_portion p ON p.outcome_id = o.id JOIN case_line l ON l.id = p.line_id
                LEFT JOIN stock_value v ON v.line_id = l.id
                WHERE c.id = o.case_id AND c.status = 'closed' AND c.imported = 0
                  AND o.active = 1 AND o.kind = 'contract-debit'
                """)
        {
            let number: String = r["contract"]
            let amount: Money = r["amount"]
            let cost = Postings.cost(
                ofPortion: amount, lineKind: r["kind"],
                lineAmount: r["line_amount"], stockValue: r["value"])
            var c = covered[number] ?? ([], .zero, .zero)
            c.cases.insert(r["case_id"])
            c.amount += amount
            c.cost += cost
            covered[number] = c
        }
        // Revenue on the cases a contract covered: the rest of their work, invoiced.
        let billed = Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(
                db,
                sql: """
                    SELECT d.contract, sum(p.amount) AS billed FROM posting p
                    JOIN (SELECT DISTINCT o.case_id, o.contract FROM billing_outcome o CROSS JOIN service_case c
                          WHERE c.id = o.case_id AND o.active = 1 AND o.kind = 'contract-debit' AND c.status = 'closed' AND c.imported = 0) d ON d.case_id = p.case_id
                    WHERE p.kind = 'revenue' GROUP BY d.contract
                    """
            ).map { ($0["contract"] as String, $0["billed"] as Money) })
        return try allContracts().map { k in
            let c = covered[k.number]
            return ContractWork(
                contract: k, cases: c?.cases.count ?? 0, covered: c?.amount ?? .zero, coveredCost: c?.cost ?? .zero,
                billed: billed[k.number] ?? .zero)
        }
    }

    /// Cases not closed or cancelled that have recorded work, with its split over outcomes.
    public func openCaseWork() throws -> [OpenCaseWork] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM (
                  SELECT c.id, c.status, c.opened_at, (SELECT sum(l.amount) FROM case_line l WHERE l.case_id = c.id) AS work,
                    coalesce(sum(CASE o.kind WHEN 'invoice-trigger' THEN p.amount END), 0) AS invoiced,
                    coalesce(sum(CASE o.kind WHEN 'warranty-confirmation' THEN p.amount END), 0) AS warranty,
                    coalesce(sum(CASE o.kind WHEN 'contract-debit' THEN p.amount END), 0) AS contract
                  FROM service_case c
                  LEFT JOIN billing_outcome o ON o.case_id = c.id AND o.active = 1
                  LEFT JOIN outcome_portion p ON p.outcome_id = o.id
                  WHERE c.status NOT IN ('closed', 'cancelled') AND c.imported = 0
                  GROUP BY c.id
                ) open_work WHERE work > 0 ORDER BY id
                """
        ).map {
            OpenCaseWork(
                caseID: $0["id"], status: $0["status"], openedAt: $0["opened_at"], work: $0["work"],
                deferredRevenue: $0["invoiced"], warranty: $0["warranty"], contract: $0["contract"])
        }
    }

    /// Claims to the OEM or supplier still open, oldest case first.
    public func openClaims() throws -> [OpenClaim] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT o.case_id, o.id, a.sku, o.total, c.closed_at,
                  coalesce((SELECT sum(p.amount) FROM posting p WHERE p.outcome_id = o.id AND p.kind IN ('warranty-cost', 'goodwill-cost')), 0) AS cost
                FROM billing_outcome o JOIN service_case c ON c.id = o.case_id JOIN asset a ON a.serial = c.serial
                WHERE o.active = 1 AND o.claim = 'open' AND c.imported = 0 ORDER BY o.case_id, o.id
                """
        ).map {
            OpenClaim(
                caseID: $0["case_id"], outcomeID: $0["id"], sku: $0["sku"], amount: $0["total"], cost: $0["cost"],
                closedAt: $0["closed_at"])
        }
    }

    /// Closed cases that are not imported history, closed in `window` when given.
    public func closedCaseIDs(window: Range<Timestamp>?) throws -> [CaseID] {
        try CaseID.fetchAll(
            db,
            sql: """
                SELECT id FROM service_case WHERE status = 'closed' AND imported = 0 AND closed_at >= ? AND closed_at < ? ORDER BY id
                """, arguments: [window?.lowerBound.seconds ?? Int64.min, window?.upperBound.seconds ?? Int64.max])
    }
}
