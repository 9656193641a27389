import ServiceCore
import ServiceStore

/// Everything the screen shows about one case, read in one transaction: what the panes
/// draw from. Built by `CaseEvaluation`, the same function `close` uses, so the closure
/// pane can never disagree with the close command.
public struct CaseDetail: Sendable {
    public var serviceCase: ServiceCase
    public var customer: Customer?
    public var asset: Asset?
    public var item: Item?
    /// The verification on record.
    public var verification: EntitlementRecord?
    /// What the engine says now; equal to the record's decision unless something changed.
    public var current: Entitlement?
    public var visits: [Visit]
    public var lines: [CaseLine]
    public var coverage: [LineCoverage]
    public var coverageSteps: [String]
    public var outcomes: [BillingOutcome]
    /// What `bill` would build now, for an open case.
    public var expectedOutcomes: [OutcomeDraft]
    /// What was posted for the case, closing by closing, reversals and later events included.
    public var postings: [StoredPosting]
    public var overrides: [OverrideRequest]
    /// The reservations still holding stock; `show` lists the rest.
    public var openReservations: [Reservation]
    /// Cores of exchange parts the case owes back.
    public var cores: [CoreExpectation]
    /// The closure checklist now; for a closed or cancelled case, as it stood when it ended.
    public var checks: [ClosureCheck]

    public var failingChecks: [ClosureCheck] { checks.filter { !$0.passed } }
}

extension Session {
    /// The case as the screen shows it; nil when there is no such case.
    public func caseDetail(_ id: CaseID) throws -> CaseDetail? {
        try read { tx in
            guard let c = try tx.serviceCase(id) else { return nil }
            let customer = try tx.customer(c.customerID)
            let asset = try tx.asset(c.serial)
            let item = try asset.flatMap { try tx.item($0.sku) }
            if c.status.isOpen, asset != nil, item != nil {
                let e = try CaseEvaluation.evaluate(id, tx)
                return CaseDetail(
                    serviceCase: c, customer: customer, asset: asset, item: item, verification: e.record,
                    current: e.current, visits: e.visits, lines: e.lines, coverage: e.coverage.lines,
                    coverageSteps: e.coverage.steps, outcomes: e.outcomes, expectedOutcomes: e.expectedOutcomes,
                    postings: try tx.postings(caseID: id), overrides: e.overrides,
                    openReservations: try tx.openReservations(caseID: id),
                    cores: try CoreReturns.expectations(lines: e.lines, today: today, tx),
                    checks: e.checks)
            }
            let lines = try tx.lines(caseID: id)
            return CaseDetail(
                serviceCase: c, customer: customer, asset: asset, item: item,
                verification: try tx.latestEntitlement(caseID: id), current: nil,
                visits: try tx.visits(caseID: id), lines: lines, coverage: [],
                coverageSteps: [], outcomes: try tx.activeOutcomes(caseID: id), expectedOutcomes: [],
                postings: try tx.postings(caseID: id),
                overrides: try tx.overrides(caseID: id), openReservations: try tx.openReservations(caseID: id),
                cores: try CoreReturns.expectations(lines: lines, today: today, tx),
                checks: try tx.caseState(id)?.checks ?? [])
        }
    }

    /// One window of the case queue.
    public func queueRows(_ query: QueueQuery, offset: Int, limit: Int) throws -> [QueueRow] {
        try read { try $0.queue(query, offset: offset, limit: limit) }
    }

    /// Up to `limit` rows of the case queue from `page`: after or before a row's key (a step
    /// or a page on, read from an index), or from a position (a jump).
    public func queueRows(_ query: QueueQuery, page: QueuePage, limit: Int) throws -> [QueueRow] {
        try read { tx in try tx.queue(query, page: page, limit: limit, search: try searchPlan(query, tx)) }
    }

    /// The highest case number there is.
    public func largestCaseNumber() throws -> Int64 {
        try read { try $0.largestCaseNumber() }
    }

    /// How many cases the query finds in all, or up to `atMost`.
    public func queueCount(_ query: QueueQuery, atMost: Int? = nil) throws -> Int {
        try read { try $0.queueCount(query, atMost: atMost) }
    }

    /// How many cases the query finds, as the queue shows it: a search stops counting past
    /// `cap`, or sooner when its term is common.
    public func queueTally(_ query: QueueQuery, cap: Int) throws -> QueueTally {
        try read { tx in try tx.queueTally(query, cap: cap, search: try searchPlan(query, tx)) }
    }

    /// How the query's search is read: probed once per query, then kept while the same query
    /// is read page after page (each read probed the search index again). The whole query, not
    /// its term alone: the plan depends on the view (its index on SQLite, its first cases on
    /// PostgreSQL) and on PostgreSQL on its order. A plan only chooses how the same rows are
    /// read, so one the data has since outgrown is slower, never wrong.
    func searchPlan(_ query: QueueQuery, _ tx: StoreTransaction) throws -> SearchPlan {
        if let memo = searchPlanMemo, memo.query == query { return memo.plan }
        let plan = try tx.searchPlan(query)
        searchPlanMemo = (query, plan)
        return plan
    }

    /// What undo and redo would do next for this user.
    public func historyLabels() throws -> (undo: String?, redo: String?) {
        try database.historyLabels(account: user.account)
    }
}

extension Session {
    /// Where an item is available, best bin first for the case: its visit technician's van,
    /// then its region, then the rest (cores bins never).
    public func availability(of sku: String, for caseID: CaseID?, quantity: Int) -> [StockLevel] {
        (try? read { try Self.rankedLevels(of: sku, for: caseID, quantity: quantity, $0) }) ?? []
    }

    /// The same ranking, inside a transaction already open.
    static func rankedLevels(of sku: String, for caseID: CaseID?, quantity: Int, _ tx: StoreTransaction) throws
        -> [StockLevel]
    {
        let levels = try tx.stockLevels(sku: sku)
        guard let caseID, let c = try tx.serviceCase(caseID) else {
            return BinSuggestion.order(levels, quantity: quantity, technician: nil, region: "")
        }
        let technician = try tx.visits(caseID: caseID).first { $0.status == .planned }?.technician
        return BinSuggestion.order(
            levels, quantity: quantity, technician: technician, region: try tx.asset(c.serial)?.region ?? "")
    }
}
