import ServiceCore
import ServiceStore

/// Everything the rules say about one case now: the engine's answer from today's master
/// data, the verification on record, coverage, and the closure checklist. Verify, bill,
/// close, the closure state and `show` all read a case through this one function.
struct CaseEvaluation {
    var serviceCase: ServiceCase
    var asset: Asset
    var record: EntitlementRecord?
    /// The engine's answer now (spent amounts and balances as they stand).
    var current: Entitlement
    var adjustments: CaseAdjustments
    var lines: [CaseLine]
    var visits: [Visit]
    var overrides: [OverrideRequest]
    var outcomes: [BillingOutcome]
    var reservations: [Reservation]
    var coverage: CoverageResult
    var checks: [ClosureCheck]

    var failing: [ClosureCheck] { checks.filter { !$0.passed } }
    var expectedOutcomes: [OutcomeDraft] { Outcomes.expected(for: current, coverage: coverage) }

    static func evaluate(_ id: CaseID, _ tx: StoreTransaction) throws -> CaseEvaluation {
        guard let c = try tx.serviceCase(id) else { throw InputError("no case \(id)") }
        return try evaluate(c, tx)
    }

    /// The same for a case already read.
    static func evaluate(_ c: ServiceCase, _ tx: StoreTransaction) throws -> CaseEvaluation {
        let id = c.id
        let overrides = try tx.overrides(caseID: id)
        let adjustments = CaseAdjustments(approved: overrides)
        let (asset, current) = try entitlementNow(for: c, adjustments: adjustments, tx)
        let lines = try tx.lines(caseID: id)
        let visits = try tx.visits(caseID: id)
        let outcomes = try tx.activeOutcomes(caseID: id)
        let record = try tx.latestEntitlement(caseID: id)
        let coverage = CoverageCalculator.compute(lines: lines, entitlement: current, adjustments: adjustments)
        let reservations = try tx.reservations(caseID: id)
        let checks = ClosureChecklist.evaluate(
            ClosureInput(
                serviceCase: c, recorded: record?.entitlement, current: current, visits: visits, lines: lines,
                coverage: coverage,
                openReservations: reservations.filter(\.isOpen).map {
                    OpenReservation(sku: $0.sku, bin: $0.bin, quantity: $0.remaining)
                },
                pendingOverrides: overrides.filter { $0.status == .pending }, outcomes: outcomes.map(\.draft)))
        return CaseEvaluation(
            serviceCase: c, asset: asset, record: record, current: current, adjustments: adjustments,
            lines: lines, visits: visits, overrides: overrides, outcomes: outcomes,
            reservations: reservations, coverage: coverage, checks: checks)
    }

    /// Runs the entitlement engine for a case on its reported date, from master data as it is now.
    static func entitlementNow(for c: ServiceCase, adjustments: CaseAdjustments, _ tx: StoreTransaction) throws -> (
        Asset, Entitlement
    ) {
        guard let asset = try tx.asset(c.serial) else {
            throw InputError("case \(c.id): asset \(c.serial) no longer exists")
        }
        let input = try entitlementInput(asset: asset, reportedOn: c.reportedOn, adjustments: adjustments, tx)
        return (asset, EntitlementEngine.verify(input))
    }

    static func entitlementInput(
        asset: Asset, reportedOn: CivilDate, adjustments: CaseAdjustments,
        _ tx: StoreTransaction
    ) throws -> EntitlementInput {
        guard let item = try tx.item(asset.sku) else {
            throw InputError("asset \(asset.serial): item \(asset.sku) no longer exists")
        }
        var templates: [String: WarrantyTemplate] = [:]
        for id in EntitlementInput.templateIDs(asset: asset, item: item) { templates[id] = try tx.template(id) }
        return EntitlementInput(
            asset: asset, item: item, templates: templates, spent: try tx.spent(serial: asset.serial),
            contracts: try tx.contracts(customerID: asset.customerID), rules: try tx.rules(region: asset.region),
            reportedOn: reportedOn, adjustments: adjustments)
    }

    /// The closure state of a case just opened and verified as `e`, which has nothing else on it
    /// yet: what `refreshState` would read back, worked out without reading it back.
    static func openedState(_ c: ServiceCase, verified e: Entitlement) -> CaseState {
        let none = CaseAdjustments(approved: [])
        let checks = ClosureChecklist.evaluate(
            ClosureInput(
                serviceCase: c, recorded: e, current: e, visits: [], lines: [],
                coverage: CoverageCalculator.compute(lines: [], entitlement: e, adjustments: none),
                openReservations: [], pendingOverrides: [], outcomes: []))
        return CaseState(entitlement: e.outcome, checks: checks)
    }

    /// Recomputes the closure state the queue's views read. Closed and cancelled cases keep
    /// the state they ended with.
    static func refreshState(_ id: CaseID, _ tx: StoreTransaction) throws {
        guard let c = try tx.serviceCase(id), c.status.isOpen else { return }
        let e = try evaluate(c, tx)
        try tx.saveCaseState(id, CaseState(entitlement: e.record?.entitlement.outcome, checks: e.checks))
    }
}
