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
    /// What the case's open reservations hold, part by part and bin by bin.
    var held: [OpenReservation]
    var coverage: CoverageResult
    var checks: [ClosureCheck]

    var failing: [ClosureCheck] { checks.filter { !$0.passed } }
    var expectedOutcomes: [OutcomeDraft] { Outcomes.expected(for: current, coverage: coverage) }

    static func evaluate(_ id: CaseID, _ tx: StoreTransaction) throws -> CaseEvaluation {
        guard let c = try tx.serviceCase(id) else { throw InputError("no case \(id)") }
        return try evaluate(c, tx)
    }

    /// The same for a case already read; its rows are read in one round trip on PostgreSQL
    /// (`caseRecords`).
    static func evaluate(_ c: ServiceCase, _ tx: StoreTransaction) throws -> CaseEvaluation {
        let r = try tx.caseRecords(c)
        let adjustments = CaseAdjustments(approved: r.overrides)
        let (asset, current) = try entitlementNow(for: c, from: r.sources, adjustments: adjustments)
        var e = CaseEvaluation(
            serviceCase: c, asset: asset, record: r.record, current: current, adjustments: adjustments,
            lines: r.lines, visits: r.visits, overrides: r.overrides, outcomes: r.outcomes,
            held: r.held,
            coverage: CoverageCalculator.compute(lines: r.lines, entitlement: current, adjustments: adjustments),
            checks: [])
        e.checks = e.checks(outcomes: r.outcomes.map(\.draft))
        return e
    }

    /// The closure checklist of the case as evaluated, with `outcomes` as its active outcomes.
    func checks(outcomes: [OutcomeDraft]) -> [ClosureCheck] {
        ClosureChecklist.evaluate(
            ClosureInput(
                serviceCase: serviceCase, recorded: record?.entitlement, current: current, visits: visits,
                lines: lines, coverage: coverage,
                openReservations: held,
                pendingOverrides: overrides.filter { $0.status == .pending }, outcomes: outcomes))
    }

    /// The closure state the queue's views read: the verification's outcome, and the checks.
    var state: CaseState { CaseState(entitlement: record?.entitlement.outcome, checks: checks) }

    /// The same once the case's active outcomes are `outcomes`, all else as evaluated.
    func state(outcomes: [OutcomeDraft]) -> CaseState {
        CaseState(entitlement: record?.entitlement.outcome, checks: checks(outcomes: outcomes))
    }

    /// What the checks' passing wording is made from, as the store would read it back; nil
    /// without a verification on record.
    func facts(outcomes: [OutcomeDraft]) -> ClosureFacts? {
        record.map {
            ClosureFacts(serviceCase: serviceCase, entitlement: $0.entitlement, lines: lines, outcomes: outcomes)
        }
    }

    /// Runs the entitlement engine for a case on its reported date, from master data as it is now.
    static func entitlementNow(for c: ServiceCase, adjustments: CaseAdjustments, _ tx: StoreTransaction) throws -> (
        Asset, Entitlement
    ) {
        try entitlementNow(for: c, from: try tx.entitlementSources(serial: c.serial), adjustments: adjustments)
    }

    private static func entitlementNow(
        for c: ServiceCase, from sources: EntitlementSources?, adjustments: CaseAdjustments
    ) throws -> (Asset, Entitlement) {
        guard let sources else { throw InputError("case \(c.id): asset \(c.serial) no longer exists") }
        let input = try entitlementInput(sources, reportedOn: c.reportedOn, adjustments: adjustments)
        return (sources.asset, EntitlementEngine.verify(input))
    }

    /// The engine's input from an asset's sources: of its templates, those its warranty and
    /// its item name.
    static func entitlementInput(
        _ sources: EntitlementSources, reportedOn: CivilDate, adjustments: CaseAdjustments
    ) throws -> EntitlementInput {
        let asset = sources.asset
        guard let item = sources.item else {
            throw InputError("asset \(asset.serial): item \(asset.sku) no longer exists")
        }
        let named = Set(EntitlementInput.templateIDs(asset: asset, item: item))
        return EntitlementInput(
            asset: asset, item: item, templates: sources.templates.filter { named.contains($0.key) },
            spent: sources.spent, contracts: sources.contracts, rules: sources.rules, reportedOn: reportedOn,
            adjustments: adjustments)
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
        try tx.saveCaseState(id, e.state, facts: e.facts(outcomes: e.outcomes.map(\.draft)))
    }
}
