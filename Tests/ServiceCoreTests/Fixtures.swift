@testable import ServiceCore

// Builders shared by the ServiceCore tests. Every default is a plain, valid fact; a test
// overrides only what its situation is about, so the difference it tests stays visible.

/// A civil date from "YYYY-MM-DD"; a typo in a test stops the test at once.
func day(_ text: String) -> CivilDate {
    guard let date = CivilDate(parsing: text) else { preconditionFailure("bad test date \(text)") }
    return date
}

/// An amount in cents: `cents(12_50)` is 12.50.
func cents(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits) }

enum Fixture {
    static let serial = "SN-4411"
    static let customer = "C-1"
    static let region = "NORTH"
    static let sku = "PUMP-1"
    static let installedOn = day("2024-03-15")

    static let fullCover = CoveragePercents(parts: 100, labour: 100, travel: 100, expenses: 100)

    // MARK: master data

    static func template(
        _ id: String, coverage: CoveragePercents = fullCover, perIncidentCap: Money? = nil,
        lifetimeCap: Money? = nil, months: Int? = nil, effective: CivilDate? = nil,
        expiry: CivilDate? = nil
    ) -> WarrantyTemplate {
        WarrantyTemplate(
            id: id, name: "Terms \(id)", coverage: coverage, perIncidentCap: perIncidentCap,
            lifetimeCap: lifetimeCap, months: months, effective: effective, expiry: expiry)
    }

    /// The asset's own warranty terms: W-17, parts and labour in full, travel half, no expenses.
    static func assetTemplate(lifetimeCap: Money? = cents(5_000_00)) -> WarrantyTemplate {
        template(
            "W-17", coverage: CoveragePercents(parts: 100, labour: 100, travel: 50, expenses: 0),
            lifetimeCap: lifetimeCap)
    }

    /// The item's generic warranty G-12: 12 months from install, effective 2020 to 2030.
    static func genericTemplate(
        _ id: String = "G-12", months: Int = 12, lifetimeCap: Money? = nil,
        effective: CivilDate? = day("2020-01-01"),
        expiry: CivilDate? = day("2030-12-31")
    ) -> WarrantyTemplate {
        template(
            id, coverage: CoveragePercents(parts: 100, labour: 50, travel: 0, expenses: 0),
            lifetimeCap: lifetimeCap, months: months, effective: effective, expiry: expiry)
    }

    static func item(genericWarranty: String? = nil, category: String = "Mechanical") -> Item {
        Item(
            sku: sku, description: "Circulation pump", category: category, serialized: true,
            standardCost: cents(200_00), listPrice: cents(350_00), genericWarranty: genericWarranty)
    }

    /// W-17 from 2024-03-15 to 2026-03-01.
    static func assetWarranty(start: CivilDate = day("2024-03-15"), end: CivilDate = day("2026-03-01")) -> AssetWarranty
    {
        AssetWarranty(template: "W-17", start: start, end: end)
    }

    static func asset(
        warranty: AssetWarranty? = nil, forceGeneric: Bool = false,
        region: String = region, installedOn: CivilDate = installedOn
    ) -> Asset {
        Asset(
            serial: serial, sku: sku, customerID: customer, installedOn: installedOn, region: region,
            forceGenericWarranty: forceGeneric, warranty: warranty)
    }

    /// SC-9, Gold, released for 2025, region NORTH, listing SN-4411.
    static func contract(
        _ number: String = "SC-9", tier: String = "Gold", regions: [String] = [region],
        status: ContractStatus = .released, start: CivilDate = day("2025-01-01"),
        end: CivilDate = day("2025-12-31"), serials: Set<String> = [serial],
        excluded: Set<String> = [],
        coverage: CoveragePercents = CoveragePercents(parts: 80, labour: 100, travel: 0, expenses: 0),
        deductible: Money = .zero, balance: PrepaidBalance? = nil
    ) -> ServiceContract {
        ServiceContract(
            number: number, customerID: customer, tier: tier, regions: regions, status: status,
            start: start, end: end, fee: cents(1_200_00), coveredSerials: serials,
            excludedCategories: excluded, coverage: coverage, deductible: deductible, balance: balance)
    }

    static func input(
        asset: Asset = asset(), item: Item = item(), templates: [WarrantyTemplate] = [],
        spent: [WarrantyKey: Money] = [:], contracts: [ServiceContract] = [],
        rules: [EntitlementRule] = [], on reported: String,
        adjustments: CaseAdjustments = CaseAdjustments()
    ) -> EntitlementInput {
        EntitlementInput(
            asset: asset, item: item,
            templates: Dictionary(uniqueKeysWithValues: templates.map { ($0.id, $0) }),
            spent: spent, contracts: contracts, rules: rules, reportedOn: day(reported),
            adjustments: adjustments)
    }

    // MARK: entitlements built directly, for coverage tests

    static func warranty(_ terms: Terms, lifetimeRemaining: Money? = nil) -> Entitlement {
        Entitlement(
            source: .assetWarranty(template: "W-17"), terms: terms,
            limits: CoverageLimits(lifetimeRemaining: lifetimeRemaining), responseHours: nil, trail: [])
    }

    static func contractEntitlement(_ terms: Terms, balance: PrepaidBalance? = nil, number: String = "SC-9")
        -> Entitlement
    {
        Entitlement(
            source: .contract(number: number), terms: terms, limits: CoverageLimits(balance: balance),
            responseHours: nil, trail: [])
    }

    static func chargeable(_ terms: Terms = .chargeable) -> Entitlement {
        Entitlement(source: .none, terms: terms, limits: CoverageLimits(), responseHours: nil, trail: [])
    }

    // MARK: cases and lines

    static let caseID = CaseID(7)

    static func serviceCase(assignee: String = "alice") -> ServiceCase {
        ServiceCase(
            id: caseID, customerID: customer, serial: serial, subject: "Pump leaks",
            reportedOn: day("2025-06-10"), openedAt: Timestamp(date: day("2025-06-10"), hour: 9),
            priority: 2, assignee: assignee)
    }

    /// Line ids are 100 + the line number, so a mix-up of id and number shows.
    static func id(_ number: Int) -> LineID { LineID(Int64(100 + number)) }

    static func part(
        _ number: Int, _ amount: Money, category: String = "Mechanical", sku: String = "P-100",
        manual: Classification? = nil, reason: String? = nil
    ) -> CaseLine {
        CaseLine(
            id: id(number), caseID: caseID, number: number, kind: .part, description: "part \(sku)",
            amount: amount, sku: sku, quantity: 1, bin: "VAN-7", category: category,
            manualClassification: manual, reasonCode: reason)
    }

    static func labour(
        _ number: Int, minutes: Int, _ amount: Money, manual: Classification? = nil,
        reason: String? = nil
    ) -> CaseLine {
        CaseLine(
            id: id(number), caseID: caseID, number: number, kind: .labour, description: "labour",
            amount: amount, minutes: minutes, technician: "tina", manualClassification: manual, reasonCode: reason)
    }

    static func travel(_ number: Int, _ amount: Money) -> CaseLine {
        CaseLine(id: id(number), caseID: caseID, number: number, kind: .travel, description: "travel", amount: amount)
    }

    static func expense(_ number: Int, _ amount: Money) -> CaseLine {
        CaseLine(id: id(number), caseID: caseID, number: number, kind: .expense, description: "parking", amount: amount)
    }

    static func override(
        _ id: Int64, _ kind: OverrideKind, line: LineID? = nil, contract: String? = nil,
        amount: Money? = nil, status: OverrideStatus = .approved,
        requestedBy: String = "alice"
    ) -> OverrideRequest {
        OverrideRequest(
            id: OverrideID(id), caseID: caseID, kind: kind, lineID: line, contract: contract,
            amount: amount, reasonCode: "CUSTOMER-CARE", note: "long-standing customer",
            requestedBy: requestedBy, requestedAt: Timestamp(date: day("2025-06-11"), hour: 10),
            status: status)
    }
}

extension CoverageResult {
    /// The coverage of the line with this number.
    func line(_ number: Int) -> LineCoverage? { lines.first { $0.number == number } }
}
