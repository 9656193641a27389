/// What verification concludes: warranty, contract, or chargeable.
public enum EntitlementOutcome: String, Sendable, Codable, CaseIterable {
    case warranty, contract, chargeable
}

/// Where the entitlement comes from.
public enum EntitlementSource: Hashable, Sendable, Codable {
    case assetWarranty(template: String)
    case genericWarranty(template: String)
    case contract(number: String)
    case none

    public var outcome: EntitlementOutcome {
        switch self {
        case .assetWarranty, .genericWarranty: .warranty
        case .contract: .contract
        case .none: .chargeable
        }
    }

    /// The key its spent amount counts against, for warranties.
    public func warrantyKey(serial: String) -> WarrantyKey? {
        switch self {
        case .assetWarranty(let t): WarrantyKey(serial: serial, kind: .asset, template: t)
        case .genericWarranty(let t): WarrantyKey(serial: serial, kind: .generic, template: t)
        case .contract, .none: nil
        }
    }

    public var label: String {
        switch self {
        case .assetWarranty(let t): "asset warranty \(t)"
        case .genericWarranty(let t): "generic warranty \(t)"
        case .contract(let n): "contract \(n)"
        case .none: "no warranty or contract"
        }
    }

    public var sourceID: String? {
        switch self {
        case .assetWarranty(let t), .genericWarranty(let t): t
        case .contract(let n): n
        case .none: nil
        }
    }
}

/// The terms a case is covered under, as they stood when verified.
public struct Terms: Hashable, Sendable, Codable {
    public var coverage: CoveragePercents
    public var excludedCategories: [String]
    public var deductible: Money
    public var perIncidentCap: Money?
    public var lifetimeCap: Money?
    /// Whether a contract's prepaid balance is kept in minutes or money.
    public var balanceInMinutes: Bool?

    public init(
        coverage: CoveragePercents, excludedCategories: [String] = [], deductible: Money = .zero,
        perIncidentCap: Money? = nil, lifetimeCap: Money? = nil, balanceInMinutes: Bool? = nil
    ) {
        self.coverage = coverage
        self.excludedCategories = excludedCategories
        self.deductible = deductible
        self.perIncidentCap = perIncidentCap
        self.lifetimeCap = lifetimeCap
        self.balanceInMinutes = balanceInMinutes
    }

    public static let chargeable = Terms(coverage: .none)
}

/// What is left to cover with, read live: these move when other cases close.
public struct CoverageLimits: Hashable, Sendable, Codable {
    /// Lifetime cap (plus any approved extension) less the spent amount.
    public var lifetimeRemaining: Money?
    public var balance: PrepaidBalance?

    public init(lifetimeRemaining: Money? = nil, balance: PrepaidBalance? = nil) {
        self.lifetimeRemaining = lifetimeRemaining
        self.balance = balance
    }
}

/// The verification result: a decision (what staleness compares), live limits, and the trail.
public struct Entitlement: Hashable, Sendable, Codable {
    public var source: EntitlementSource
    public var terms: Terms
    public var limits: CoverageLimits
    public var responseHours: Int?
    /// One step per rule consulted, saying why it matched or not.
    public var steps: [EntitlementStep]

    public init(
        source: EntitlementSource, terms: Terms, limits: CoverageLimits = CoverageLimits(),
        responseHours: Int? = nil, steps: [EntitlementStep] = []
    ) {
        self.source = source
        self.terms = terms
        self.limits = limits
        self.responseHours = responseHours
        self.steps = steps
    }

    /// A verification whose trail is sentences, each kept as written.
    public init(
        source: EntitlementSource, terms: Terms, limits: CoverageLimits = CoverageLimits(),
        responseHours: Int? = nil, trail: [String]
    ) {
        self.init(
            source: source, terms: terms, limits: limits, responseHours: responseHours, steps: trail.map { .text($0) })
    }

    /// The trail as it reads: one sentence per step.
    public var trail: [String] { steps.map(\.text) }

    public var outcome: EntitlementOutcome { source.outcome }

    /// Two verifications agree when they pick the same source under the same terms.
    public func sameDecision(as other: Entitlement) -> Bool {
        source == other.source && terms == other.terms
    }
}

/// Everything the engine reads, gathered by the caller.
public struct EntitlementInput: Sendable {
    public var asset: Asset
    public var item: Item
    public var templates: [String: WarrantyTemplate]
    public var spent: [WarrantyKey: Money]
    /// The contracts of the asset's customer.
    public var contracts: [ServiceContract]
    /// The rules of the asset's site region.
    public var rules: [EntitlementRule]
    public var reportedOn: CivilDate
    public var adjustments: CaseAdjustments

    public init(
        asset: Asset, item: Item, templates: [String: WarrantyTemplate], spent: [WarrantyKey: Money] = [:],
        contracts: [ServiceContract] = [], rules: [EntitlementRule] = [], reportedOn: CivilDate,
        adjustments: CaseAdjustments = CaseAdjustments()
    ) {
        self.asset = asset
        self.item = item
        self.templates = templates
        self.spent = spent
        self.contracts = contracts
        self.rules = rules
        self.reportedOn = reportedOn
        self.adjustments = adjustments
    }

    /// The warranty templates the engine consults for an asset: its own warranty's, and its
    /// item's generic one.
    public static func templateIDs(asset: Asset, item: Item) -> [String] {
        [asset.warranty?.template, item.genericWarranty].compactMap { $0 }
    }
}

/// The entitlement engine. Precedence, first match wins: asset warranty, generic warranty,
/// service contract, chargeable. Regional rules are applied first.
public enum EntitlementEngine {
    public static func verify(_ input: EntitlementInput) -> Entitlement {
        var trail: [EntitlementStep] = []
        let asset = input.asset
        let on = input.reportedOn
        let regionRule = input.rules.first { $0.region == asset.region && $0.tier == nil }
        let extensionMonths = regionRule?.extensionMonths ?? 0
        if let r = regionRule {
            trail.append(
                .regionRule(
                    region: asset.region, extensionMonths: r.extensionMonths, responseHours: r.responseHours,
                    travelCovered: r.travelCovered))
        } else {
            trail.append(.noRegionalRule(region: asset.region))
        }

        func finish(_ source: EntitlementSource, _ terms: Terms, _ limits: CoverageLimits, tier: String?) -> Entitlement
        {
            // A tier's rule refines the region's: what it leaves unset, the region's rule gives.
            let tierRule = tier.flatMap { t in input.rules.first { $0.region == asset.region && $0.tier == t } }
            var terms = terms
            let travelRule = tierRule?.travelCovered != nil ? tierRule : regionRule
            if let covered = travelRule?.travelCovered, source != .none {
                terms.coverage.travel = covered ? 100 : 0
                trail.append(.travelByRule(covered: covered, region: asset.region, tier: travelRule?.tier))
            }
            trail.append(.decided(source))
            return Entitlement(
                source: source, terms: terms, limits: limits,
                responseHours: tierRule?.responseHours ?? regionRule?.responseHours, steps: trail)
        }

        // 1. The asset's own warranty.
        if let w = asset.warranty {
            if asset.forceGenericWarranty {
                trail.append(.assetForcedGeneric(template: w.template))
            } else if let template = input.templates[w.template] {
                let end = w.end.extendingTermEnd(byMonths: extensionMonths)
                let ends = EntitlementStep.WarrantyEnd(
                    end: end, extended: extensionMonths == 0 ? nil : .init(from: w.end, months: extensionMonths))
                if on < w.start {
                    trail.append(.assetNotStarted(template: w.template, start: w.start, on: on))
                } else if on > end {
                    trail.append(.assetExpired(template: w.template, end: ends))
                } else if let used = capUsedUp(template, .asset, input) {
                    trail.append(.assetCapUsedUp(template: w.template, limit: used.limit, spent: used.spent))
                } else {
                    let limits = limitsFor(template, .asset, input)
                    trail.append(
                        .assetValid(template: w.template, start: w.start, end: ends, capLeft: limits.lifetimeRemaining))
                    return finish(.assetWarranty(template: w.template), terms(of: template), limits, tier: nil)
                }
            } else {
                trail.append(.assetUnknownTemplate(template: w.template))
            }
        } else {
            trail.append(.noAssetWarranty(serial: asset.serial))
        }

        // 2. The item's generic warranty.
        if let g = input.item.genericWarranty {
            if let template = input.templates[g], let months = template.months {
                let end = asset.installedOn.endOfTerm(months: months + extensionMonths)
                let span = EntitlementStep.GenericSpan(
                    months: months, extensionMonths: extensionMonths, installedOn: asset.installedOn)
                if on < asset.installedOn {
                    trail.append(.genericBeforeInstall(template: g, on: on, installedOn: asset.installedOn))
                } else if on > end {
                    trail.append(.genericExpired(template: g, end: end, span: span))
                } else if let eff = template.effective, on < eff {
                    trail.append(.genericNotYetEffective(template: g, on: on, effective: eff))
                } else if let exp = template.expiry, on > exp {
                    trail.append(.genericNoLongerEffective(template: g, on: on, expiry: exp))
                } else if let used = capUsedUp(template, .generic, input) {
                    trail.append(.genericCapUsedUp(template: g, limit: used.limit, spent: used.spent))
                } else {
                    let limits = limitsFor(template, .generic, input)
                    trail.append(.genericValid(template: g, end: end, span: span, capLeft: limits.lifetimeRemaining))
                    return finish(.genericWarranty(template: g), terms(of: template), limits, tier: nil)
                }
            } else {
                trail.append(.genericNoDuration(template: g, sku: input.item.sku))
            }
        } else {
            trail.append(.noGenericWarranty(sku: input.item.sku))
        }

        // 3. A service contract that lists this serial.
        let contracts = input.contracts.sorted { $0.number < $1.number }
        if contracts.isEmpty { trail.append(.noContract(customer: asset.customerID)) }
        for c in contracts {
            if c.status != .released {
                trail.append(.contractNotReleased(number: c.number, status: c.status))
            } else if on < c.start {
                trail.append(.contractNotStarted(number: c.number, start: c.start, on: on))
            } else if on > c.end {
                trail.append(.contractEnded(number: c.number, end: c.end))
            } else if !c.regions.contains(asset.region) {
                trail.append(.contractOutsideRegion(number: c.number, region: asset.region, covers: c.regions))
            } else if !c.coveredSerials.contains(asset.serial)
                && !input.adjustments.contractsCoveringSerial.contains(c.number)
            {
                trail.append(.contractNotListing(number: c.number, serial: asset.serial))
            } else {
                trail.append(
                    .contractCovers(
                        number: c.number, tier: c.tier, start: c.start, end: c.end, serial: asset.serial,
                        byOverride: !c.coveredSerials.contains(asset.serial), balance: c.balance))
                var inMinutes: Bool?
                if let b = c.balance { if case .minutes = b { inMinutes = true } else { inMinutes = false } }
                let terms = Terms(
                    coverage: c.coverage, excludedCategories: c.excludedCategories.sorted(),
                    deductible: c.deductible, balanceInMinutes: inMinutes)
                return finish(.contract(number: c.number), terms, CoverageLimits(balance: c.balance), tier: c.tier)
            }
        }

        // 4. Nothing covers it.
        trail.append(.nothingCovers(serial: asset.serial, on: on))
        return finish(.none, .chargeable, CoverageLimits(), tier: nil)
    }

    private static func terms(of t: WarrantyTemplate) -> Terms {
        Terms(coverage: t.coverage, perIncidentCap: t.perIncidentCap, lifetimeCap: t.lifetimeCap)
    }

    private static func spent(_ t: WarrantyTemplate, _ kind: WarrantyKey.Kind, _ input: EntitlementInput) -> Money {
        input.spent[WarrantyKey(serial: input.asset.serial, kind: kind, template: t.id)] ?? .zero
    }

    private static func limitsFor(_ t: WarrantyTemplate, _ kind: WarrantyKey.Kind, _ input: EntitlementInput)
        -> CoverageLimits
    {
        guard let cap = t.lifetimeCap else { return CoverageLimits() }
        return CoverageLimits(lifetimeRemaining: cap + input.adjustments.capExtension - spent(t, kind, input))
    }

    /// Nil while some of the lifetime cap is left.
    private static func capUsedUp(_ t: WarrantyTemplate, _ kind: WarrantyKey.Kind, _ input: EntitlementInput)
        -> (limit: Money, spent: Money)?
    {
        guard let cap = t.lifetimeCap else { return nil }
        let used = spent(t, kind, input)
        let limit = cap + input.adjustments.capExtension
        return used >= limit ? (limit, used) : nil
    }
}
