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
    /// One line per step, saying why it matched or not.
    public var trail: [String]

    public init(
        source: EntitlementSource, terms: Terms, limits: CoverageLimits = CoverageLimits(),
        responseHours: Int? = nil, trail: [String] = []
    ) {
        self.source = source
        self.terms = terms
        self.limits = limits
        self.responseHours = responseHours
        self.trail = trail
    }

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
        var trail: [String] = []
        let asset = input.asset
        let on = input.reportedOn
        let regionRule = input.rules.first { $0.region == asset.region && $0.tier == nil }
        let extensionMonths = regionRule?.extensionMonths ?? 0
        if let r = regionRule {
            var parts: [String] = []
            if r.extensionMonths != 0 { parts.append("warranty extension \(r.extensionMonths) months") }
            if let h = r.responseHours { parts.append("response \(h) h") }
            if let t = r.travelCovered { parts.append(t ? "travel covered" : "travel not covered") }
            trail.append("region \(asset.region): \(parts.isEmpty ? "default rule" : parts.joined(separator: ", "))")
        } else {
            trail.append("region \(asset.region): no regional rule")
        }

        func finish(_ source: EntitlementSource, _ terms: Terms, _ limits: CoverageLimits, tier: String?) -> Entitlement
        {
            // A tier's rule refines the region's: what it leaves unset, the region's rule gives.
            let tierRule = tier.flatMap { t in input.rules.first { $0.region == asset.region && $0.tier == t } }
            var terms = terms
            let travelRule = tierRule?.travelCovered != nil ? tierRule : regionRule
            if let covered = travelRule?.travelCovered, source != .none {
                terms.coverage.travel = covered ? 100 : 0
                trail.append(
                    "travel \(covered ? "covered" : "not covered") by the rule for \(asset.region)\(travelRule?.tier.map { " / \($0)" } ?? "")"
                )
            }
            trail.append("→ \(source.outcome.rawValue): \(source.label)")
            return Entitlement(
                source: source, terms: terms, limits: limits,
                responseHours: tierRule?.responseHours ?? regionRule?.responseHours, trail: trail)
        }

        // 1. The asset's own warranty.
        if let w = asset.warranty {
            if asset.forceGenericWarranty {
                trail.append("asset warranty \(w.template) passed over: force generic warranty is set")
            } else if let template = input.templates[w.template] {
                let end = w.end.extendingTermEnd(byMonths: extensionMonths)
                let ends = extensionMonths == 0 ? "\(end)" : "\(end) (\(w.end) + \(extensionMonths) months)"
                if on < w.start {
                    trail.append("asset warranty \(w.template) starts \(w.start), after \(on)")
                } else if on > end {
                    trail.append("asset warranty \(w.template) expired \(ends)")
                } else if let used = capUsedUp(template, .asset, input) {
                    trail.append("asset warranty \(w.template): \(used)")
                } else {
                    let limits = limitsFor(template, .asset, input)
                    trail.append("asset warranty \(w.template) valid \(w.start) to \(ends)\(capNote(limits))")
                    return finish(.assetWarranty(template: w.template), terms(of: template), limits, tier: nil)
                }
            } else {
                trail.append("asset warranty names unknown template \(w.template)")
            }
        } else {
            trail.append("\(asset.serial) has no asset warranty")
        }

        // 2. The item's generic warranty.
        if let g = input.item.genericWarranty {
            if let template = input.templates[g], let months = template.months {
                let end = asset.installedOn.endOfTerm(months: months + extensionMonths)
                let span =
                    "\(months)\(extensionMonths == 0 ? "" : " + \(extensionMonths)") months from install \(asset.installedOn)"
                if on < asset.installedOn {
                    trail.append("generic warranty \(g): reported \(on) before install \(asset.installedOn)")
                } else if on > end {
                    trail.append("generic warranty \(g) expired \(end) (\(span))")
                } else if let eff = template.effective, on < eff {
                    trail.append("generic warranty \(g) not effective on \(on): effective from \(eff)")
                } else if let exp = template.expiry, on > exp {
                    trail.append("generic warranty \(g) not effective on \(on): expired \(exp)")
                } else if let used = capUsedUp(template, .generic, input) {
                    trail.append("generic warranty \(g): \(used)")
                } else {
                    let limits = limitsFor(template, .generic, input)
                    trail.append("generic warranty \(g) valid to \(end) (\(span))\(capNote(limits))")
                    return finish(.genericWarranty(template: g), terms(of: template), limits, tier: nil)
                }
            } else {
                trail.append("generic warranty \(g) of item \(input.item.sku) has no duration")
            }
        } else {
            trail.append("item \(input.item.sku) has no generic warranty")
        }

        // 3. A service contract that lists this serial.
        let contracts = input.contracts.sorted { $0.number < $1.number }
        if contracts.isEmpty { trail.append("customer \(asset.customerID) has no service contract") }
        for c in contracts {
            let name = "contract \(c.number)"
            if c.status != .released {
                trail.append("\(name) is \(c.status.label)")
            } else if on < c.start {
                trail.append("\(name) starts \(c.start), after \(on)")
            } else if on > c.end {
                trail.append("\(name) ended \(c.end)")
            } else if !c.regions.contains(asset.region) {
                trail.append(
                    "\(name) does not cover region \(asset.region) (covers \(c.regions.joined(separator: ", ")))")
            } else if !c.coveredSerials.contains(asset.serial)
                && !input.adjustments.contractsCoveringSerial.contains(c.number)
            {
                trail.append("\(name) does not list \(asset.serial)")
            } else {
                let listed =
                    c.coveredSerials.contains(asset.serial)
                    ? "lists \(asset.serial)" : "covers \(asset.serial) by approved override"
                let balance = c.balance.map { "; balance \($0.description) left" } ?? ""
                trail.append("\(name) (\(c.tier)) released \(c.start) to \(c.end), \(listed)\(balance)")
                var inMinutes: Bool?
                if let b = c.balance { if case .minutes = b { inMinutes = true } else { inMinutes = false } }
                let terms = Terms(
                    coverage: c.coverage, excludedCategories: c.excludedCategories.sorted(),
                    deductible: c.deductible, balanceInMinutes: inMinutes)
                return finish(.contract(number: c.number), terms, CoverageLimits(balance: c.balance), tier: c.tier)
            }
        }

        // 4. Nothing covers it.
        trail.append("no warranty or contract covers \(asset.serial) on \(on)")
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
    private static func capUsedUp(_ t: WarrantyTemplate, _ kind: WarrantyKey.Kind, _ input: EntitlementInput) -> String?
    {
        guard let cap = t.lifetimeCap else { return nil }
        let used = spent(t, kind, input)
        let limit = cap + input.adjustments.capExtension
        return used >= limit ? "lifetime cap \(limit) used up (spent \(used))" : nil
    }

    private static func capNote(_ limits: CoverageLimits) -> String {
        limits.lifetimeRemaining.map { "; lifetime cap \($0) left" } ?? ""
    }
}
