import Testing

@testable import ServiceCore

// One test per situation of docs/rules.md "Entitlement". The standard facts
// (Fixtures): asset SN-4411 of customer C-1, item PUMP-1, installed 2024-03-15 in region
// NORTH; asset warranty W-17 from 2024-03-15 to 2026-03-01 (lifetime cap 5000.00);
// generic warranty G-12, 12 months from install (so to 2025-03-14), effective 2020–2030;
// contract SC-9 (Gold), released for 2025, NORTH, listing SN-4411.

private let noRule = "region NORTH: no regional rule"
private let noAssetWarranty = "SN-4411 has no asset warranty"
private let noGeneric = "item PUMP-1 has no generic warranty"
private let noContract = "customer C-1 has no service contract"

@Suite("Entitlement: asset warranty")
struct AssetWarrantyEntitlementTests {
    @Test("A valid asset warranty entitles, with the cap left on the trail")
    func validAssetWarranty() {
        // Given an asset warranty in date with 1200.00 of its 5000.00 cap spent
        let key = WarrantyKey(serial: Fixture.serial, kind: .asset, template: "W-17")
        let input = Fixture.input(
            asset: Fixture.asset(warranty: Fixture.assetWarranty()),
            templates: [Fixture.assetTemplate()], spent: [key: cents(1_200_00)],
            on: "2025-06-10")
        // When verified
        let e = EntitlementEngine.verify(input)
        // Then it is warranty from W-17 under its terms, with 5000.00 − 1200.00 = 3800.00 left
        #expect(e.outcome == .warranty)
        #expect(e.source == .assetWarranty(template: "W-17"))
        #expect(
            e.terms
                == Terms(
                    coverage: CoveragePercents(parts: 100, labour: 100, travel: 50, expenses: 0),
                    lifetimeCap: cents(5_000_00)))
        #expect(e.limits == CoverageLimits(lifetimeRemaining: cents(3_800_00)))
        #expect(
            e.trail == [
                noRule,
                "asset warranty W-17 valid 2024-03-15 to 2026-03-01; lifetime cap 3800.00 left",
                "→ warranty: asset warranty W-17",
            ])
    }

    @Test("An expired asset warranty falls through to the generic warranty")
    func expiredAssetWarrantyFallsToGeneric() {
        // Given an asset warranty that ended 2025-03-01 and a 24-month generic warranty
        // (2024-03-15 + 24 months = 2026-03-15 − 1 = 2026-03-14)
        let input = Fixture.input(
            asset: Fixture.asset(warranty: Fixture.assetWarranty(end: day("2025-03-01"))),
            item: Fixture.item(genericWarranty: "G-24"),
            templates: [Fixture.assetTemplate(), Fixture.genericTemplate("G-24", months: 24)],
            on: "2025-03-02")
        // When verified the day after the asset warranty ended
        let e = EntitlementEngine.verify(input)
        // Then the generic warranty matches, and the trail says why the asset warranty did not
        #expect(e.source == .genericWarranty(template: "G-24"))
        #expect(e.terms.coverage == CoveragePercents(parts: 100, labour: 50, travel: 0, expenses: 0))
        #expect(
            e.trail == [
                noRule,
                "asset warranty W-17 expired 2025-03-01",
                "generic warranty G-24 valid to 2026-03-14 (24 months from install 2024-03-15)",
                "→ warranty: generic warranty G-24",
            ])
    }

    @Test("Force generic warranty passes over a valid asset warranty")
    func forceGeneric() {
        // Given a valid asset warranty but the force-generic flag set
        let input = Fixture.input(
            asset: Fixture.asset(warranty: Fixture.assetWarranty(), forceGeneric: true),
            item: Fixture.item(genericWarranty: "G-12"),
            templates: [Fixture.assetTemplate(), Fixture.genericTemplate()],
            on: "2024-09-01")
        // When verified
        let e = EntitlementEngine.verify(input)
        // Then the generic warranty is used
        #expect(e.source == .genericWarranty(template: "G-12"))
        #expect(e.trail[1] == "asset warranty W-17 passed over: force generic warranty is set")
        #expect(e.trail[2] == "generic warranty G-12 valid to 2025-03-14 (12 months from install 2024-03-15)")
    }

    @Test("The last day of an asset warranty is covered, the day after is not")
    func assetWarrantyBoundary() {
        // Given an asset warranty ending 2026-03-01 and nothing else
        func verify(_ on: String) -> Entitlement {
            EntitlementEngine.verify(
                Fixture.input(
                    asset: Fixture.asset(warranty: Fixture.assetWarranty()),
                    templates: [Fixture.assetTemplate(lifetimeCap: nil)], on: on))
        }
        // When verified on its last day and on the next
        let last = verify("2026-03-01")
        let after = verify("2026-03-02")
        // Then the last day is inclusive
        #expect(last.source == .assetWarranty(template: "W-17"))
        #expect(last.trail[1] == "asset warranty W-17 valid 2024-03-15 to 2026-03-01")
        // and the day after is chargeable, named as expired (the product's trail example)
        #expect(after.source == EntitlementSource.none)
        #expect(
            after.trail == [
                noRule,
                "asset warranty W-17 expired 2026-03-01",
                noGeneric,
                noContract,
                "no warranty or contract covers SN-4411 on 2026-03-02",
                "→ chargeable: no warranty or contract",
            ])
    }

    @Test("An asset warranty does not cover a fault reported before it starts")
    func beforeStart() {
        // Given an asset warranty starting 2024-03-15, When verified on 2024-03-14
        let e = EntitlementEngine.verify(
            Fixture.input(
                asset: Fixture.asset(warranty: Fixture.assetWarranty()),
                templates: [Fixture.assetTemplate()], on: "2024-03-14"))
        // Then it does not match, and says when it starts
        #expect(e.outcome == .chargeable)
        #expect(e.trail[1] == "asset warranty W-17 starts 2024-03-15, after 2024-03-14")
    }

    @Test("An asset warranty whose lifetime cap is used up falls through")
    func assetCapUsedUp() {
        // Given W-17's cap of 5000.00 fully spent on this asset, and a contract listing it
        let key = WarrantyKey(serial: Fixture.serial, kind: .asset, template: "W-17")
        let input = Fixture.input(
            asset: Fixture.asset(warranty: Fixture.assetWarranty()),
            templates: [Fixture.assetTemplate()], spent: [key: cents(5_000_00)],
            contracts: [Fixture.contract()], on: "2025-06-10")
        // When verified
        let e = EntitlementEngine.verify(input)
        // Then the contract covers instead, and the trail names the used-up cap
        #expect(e.source == .contract(number: "SC-9"))
        #expect(e.trail[1] == "asset warranty W-17: lifetime cap 5000.00 used up (spent 5000.00)")
    }

    @Test("One cent left of the lifetime cap still entitles")
    func assetCapOneCentLeft() {
        // Given 4999.99 of 5000.00 spent
        let key = WarrantyKey(serial: Fixture.serial, kind: .asset, template: "W-17")
        let e = EntitlementEngine.verify(
            Fixture.input(
                asset: Fixture.asset(warranty: Fixture.assetWarranty()),
                templates: [Fixture.assetTemplate()],
                spent: [key: cents(4_999_99)], on: "2025-06-10"))
        // When verified, Then the warranty matches with 0.01 left
        #expect(e.source == .assetWarranty(template: "W-17"))
        #expect(e.limits.lifetimeRemaining == cents(1))
        #expect(e.trail[1] == "asset warranty W-17 valid 2024-03-15 to 2026-03-01; lifetime cap 0.01 left")
    }

    @Test("The spent amount is kept per asset and warranty, never on the template")
    func spentIsPerAssetAndWarranty() {
        // Given W-17 fully spent on another serial, and on this serial's generic warranty key
        let otherAsset = WarrantyKey(serial: "SN-9999", kind: .asset, template: "W-17")
        let otherKind = WarrantyKey(serial: Fixture.serial, kind: .generic, template: "W-17")
        let e = EntitlementEngine.verify(
            Fixture.input(
                asset: Fixture.asset(warranty: Fixture.assetWarranty()),
                templates: [Fixture.assetTemplate()],
                spent: [otherAsset: cents(5_000_00), otherKind: cents(5_000_00)],
                on: "2025-06-10"))
        // When verified, Then this asset's own warranty still has its whole cap
        #expect(e.source == .assetWarranty(template: "W-17"))
        #expect(e.limits.lifetimeRemaining == cents(5_000_00))
    }

    @Test("An approved cap extension revives a used-up asset warranty")
    func capExtensionOverride() {
        // Given the cap 5000.00 fully spent and an approved extend-cap override of 500.00
        // (a pending one of 900.00 does not count)
        let key = WarrantyKey(serial: Fixture.serial, kind: .asset, template: "W-17")
        let adjustments = CaseAdjustments(approved: [
            Fixture.override(1, .extendCap, amount: cents(500_00)),
            Fixture.override(2, .extendCap, amount: cents(900_00), status: .pending),
        ])
        let input = Fixture.input(
            asset: Fixture.asset(warranty: Fixture.assetWarranty()),
            templates: [Fixture.assetTemplate()], spent: [key: cents(5_000_00)],
            on: "2025-06-10", adjustments: adjustments)
        // When verified
        let e = EntitlementEngine.verify(input)
        // Then the warranty matches with 5000.00 + 500.00 − 5000.00 = 500.00 left
        #expect(e.source == .assetWarranty(template: "W-17"))
        #expect(e.limits.lifetimeRemaining == cents(500_00))
        #expect(e.trail[1] == "asset warranty W-17 valid 2024-03-15 to 2026-03-01; lifetime cap 500.00 left")
    }

    @Test("An asset warranty naming an unknown template is skipped, saying so")
    func unknownTemplate() {
        // Given an asset warranty whose template is not in master data
        let e = EntitlementEngine.verify(
            Fixture.input(
                asset: Fixture.asset(warranty: Fixture.assetWarranty()),
                on: "2025-06-10"))
        // When verified, Then it is chargeable and the trail names the template
        #expect(e.outcome == .chargeable)
        #expect(e.trail[1] == "asset warranty names unknown template W-17")
    }
}

@Suite("Entitlement: generic warranty")
struct GenericWarrantyEntitlementTests {
    private func verify(
        on: String, template: WarrantyTemplate = Fixture.genericTemplate(),
        spent: [WarrantyKey: Money] = [:], rules: [EntitlementRule] = []
    ) -> Entitlement {
        EntitlementEngine.verify(
            Fixture.input(
                item: Fixture.item(genericWarranty: template.id),
                templates: [template], spent: spent, rules: rules, on: on))
    }

    @Test("The last day of the generic warranty's months is covered, the day after is not")
    func monthsFromInstall() {
        // Given G-12 from install 2024-03-15: 2024-03-15 + 12 months = 2025-03-15 − 1 = 2025-03-14
        // When verified on 2025-03-14 and 2025-03-15
        let last = verify(on: "2025-03-14")
        let after = verify(on: "2025-03-15")
        // Then the last day matches and the next is expired by months
        #expect(last.source == .genericWarranty(template: "G-12"))
        #expect(
            last.trail == [
                noRule, noAssetWarranty,
                "generic warranty G-12 valid to 2025-03-14 (12 months from install 2024-03-15)",
                "→ warranty: generic warranty G-12",
            ])
        #expect(after.source == EntitlementSource.none)
        #expect(after.trail[2] == "generic warranty G-12 expired 2025-03-14 (12 months from install 2024-03-15)")
    }

    @Test("A generic warranty is not valid before its effective date")
    func beforeEffective() {
        // Given G-12 effective only from 2024-07-01
        let t = Fixture.genericTemplate(effective: day("2024-07-01"))
        // When verified on 2024-06-30 and 2024-07-01
        let before = verify(on: "2024-06-30", template: t)
        let first = verify(on: "2024-07-01", template: t)
        // Then the effective date is the first covered day
        #expect(before.outcome == .chargeable)
        #expect(before.trail[2] == "generic warranty G-12 not effective on 2024-06-30: effective from 2024-07-01")
        #expect(first.source == .genericWarranty(template: "G-12"))
    }

    @Test("A generic warranty is not valid after its expiry date")
    func afterExpiry() {
        // Given G-12 terms that expire 2024-12-31 (inside the asset's 12 months)
        let t = Fixture.genericTemplate(expiry: day("2024-12-31"))
        // When verified on 2024-12-31 and 2025-01-01
        let last = verify(on: "2024-12-31", template: t)
        let after = verify(on: "2025-01-01", template: t)
        // Then the expiry date is the last covered day
        #expect(last.source == .genericWarranty(template: "G-12"))
        #expect(after.outcome == .chargeable)
        #expect(after.trail[2] == "generic warranty G-12 not effective on 2025-01-01: expired 2024-12-31")
    }

    @Test("A generic warranty does not cover a fault reported before install")
    func beforeInstall() {
        // Given install on 2024-03-15, When a fault is reported on 2024-03-14
        let e = verify(on: "2024-03-14")
        // Then the generic warranty does not match
        #expect(e.outcome == .chargeable)
        #expect(e.trail[2] == "generic warranty G-12: reported 2024-03-14 before install 2024-03-15")
    }

    @Test("A generic warranty whose lifetime cap this asset used up falls through")
    func genericCapUsedUp() {
        // Given G-12 with a 1000.00 lifetime cap, all spent on this asset
        let t = Fixture.genericTemplate(lifetimeCap: cents(1_000_00))
        let key = WarrantyKey(serial: Fixture.serial, kind: .generic, template: "G-12")
        // When verified in date
        let used = verify(on: "2024-09-01", template: t, spent: [key: cents(1_000_00)])
        let partly = verify(on: "2024-09-01", template: t, spent: [key: cents(250_00)])
        // Then it is passed over, naming the cap; with 250.00 spent it matches with 750.00 left
        #expect(used.outcome == .chargeable)
        #expect(used.trail[2] == "generic warranty G-12: lifetime cap 1000.00 used up (spent 1000.00)")
        #expect(partly.source == .genericWarranty(template: "G-12"))
        #expect(partly.limits.lifetimeRemaining == cents(750_00))
        #expect(
            partly.trail[2]
                == "generic warranty G-12 valid to 2025-03-14 (12 months from install 2024-03-15); lifetime cap 750.00 left"
        )
    }

    @Test("A generic warranty without a duration is reported, not used")
    func noDuration() {
        // Given a template with no months
        let t = Fixture.template("G-X")
        // When verified, Then it is skipped
        let e = verify(on: "2024-09-01", template: t)
        #expect(e.outcome == .chargeable)
        #expect(e.trail[2] == "generic warranty G-X of item PUMP-1 has no duration")
    }
}

@Suite("Entitlement: service contracts")
struct ContractEntitlementTests {
    private func verify(
        _ contracts: [ServiceContract], on: String = "2025-06-10",
        adjustments: CaseAdjustments = CaseAdjustments()
    ) -> Entitlement {
        EntitlementEngine.verify(Fixture.input(contracts: contracts, on: on, adjustments: adjustments))
    }

    /// The trail of a case that no warranty covers, with `contractLine` the contract's step.
    private func chargeableTrail(_ contractLine: String, on: String = "2025-06-10") -> [String] {
        [
            noRule, noAssetWarranty, noGeneric, contractLine,
            "no warranty or contract covers SN-4411 on \(on)", "→ chargeable: no warranty or contract",
        ]
    }

    @Test("A released contract in date that lists the serial entitles, under its terms")
    func releasedContract() {
        // Given SC-9 released, excluding Electronic Parts, deductible 50.00, 600 prepaid minutes
        let c = Fixture.contract(
            excluded: ["Electronic Parts", "Consumables"], deductible: cents(50_00),
            balance: .minutes(600))
        // When verified
        let e = verify([c])
        // Then the contract matches with its coverage, sorted exclusions, deductible and balance
        #expect(e.outcome == .contract)
        #expect(e.source == .contract(number: "SC-9"))
        #expect(
            e.terms
                == Terms(
                    coverage: CoveragePercents(parts: 80, labour: 100, travel: 0, expenses: 0),
                    excludedCategories: ["Consumables", "Electronic Parts"],
                    deductible: cents(50_00), balanceInMinutes: true))
        #expect(e.limits == CoverageLimits(balance: .minutes(600)))
        #expect(
            e.trail == [
                noRule, noAssetWarranty, noGeneric,
                "contract SC-9 (Gold) released 2025-01-01 to 2025-12-31, lists SN-4411; balance 600 min left",
                "→ contract: contract SC-9",
            ])
    }

    @Test(
        "A contract that is not released does not entitle",
        arguments: [
            (ContractStatus.inPreparation, "contract SC-9 is in preparation"),
            (.blocked, "contract SC-9 is blocked"),
            (.expired, "contract SC-9 is expired"),
            (.cancelled, "contract SC-9 is cancelled"),
        ])
    func notReleased(status: ContractStatus, line: String) {
        // Given SC-9 in date and listing the serial, but not released
        // When verified
        let e = verify([Fixture.contract(status: status)])
        // Then nothing covers the asset and the trail names the status
        #expect(e.outcome == .chargeable)
        #expect(e.trail == chargeableTrail(line))
    }

    @Test("A contract covers its last day, not the day after")
    func contractEndBoundary() {
        // Given SC-9 ending 2025-12-31
        // When verified on its last day and the day after
        let last = verify([Fixture.contract()], on: "2025-12-31")
        let after = verify([Fixture.contract()], on: "2026-01-01")
        // Then the last day is covered and the next day names the end
        #expect(last.source == .contract(number: "SC-9"))
        #expect(after.trail == chargeableTrail("contract SC-9 ended 2025-12-31", on: "2026-01-01"))
    }

    @Test("A contract does not cover a fault reported before it starts")
    func contractStartBoundary() {
        // Given SC-9 starting 2025-01-01, When verified on 2024-12-31 and 2025-01-01
        let before = verify([Fixture.contract()], on: "2024-12-31")
        let first = verify([Fixture.contract()], on: "2025-01-01")
        // Then its first day is covered, the day before is not
        #expect(before.trail == chargeableTrail("contract SC-9 starts 2025-01-01, after 2024-12-31", on: "2024-12-31"))
        #expect(first.source == .contract(number: "SC-9"))
    }

    @Test("A contract for other regions does not cover the asset's region")
    func otherRegion() {
        // Given SC-9 covering SOUTH and EAST only, When verified for an asset in NORTH
        let e = verify([Fixture.contract(regions: ["SOUTH", "EAST"])])
        // Then it does not match
        #expect(e.trail == chargeableTrail("contract SC-9 does not cover region NORTH (covers SOUTH, EAST)"))
    }

    @Test("A contract that does not list the serial does not cover it")
    func serialNotListed() {
        // Given SC-9 listing only SN-1000, When verified for SN-4411
        let e = verify([Fixture.contract(serials: ["SN-1000"])])
        // Then it does not match (the product's trail example)
        #expect(e.trail == chargeableTrail("contract SC-9 does not list SN-4411"))
    }

    @Test("An approved cover-object override lets a contract cover an unlisted serial")
    func coverObjectOverride() {
        // Given SC-9 not listing SN-4411, and an approved cover-object override for SC-9
        let approved = CaseAdjustments(approved: [Fixture.override(3, .coverObject, contract: "SC-9")])
        let pending = CaseAdjustments(approved: [Fixture.override(3, .coverObject, contract: "SC-9", status: .pending)])
        let otherContract = CaseAdjustments(approved: [Fixture.override(3, .coverObject, contract: "SC-10")])
        let c = Fixture.contract(serials: ["SN-1000"])
        // When verified with the approved override, a pending one, and one for another contract
        let e = verify([c], adjustments: approved)
        // Then only the approved override for SC-9 makes SC-9 cover it, saying so
        #expect(e.source == .contract(number: "SC-9"))
        #expect(
            e.trail[3] == "contract SC-9 (Gold) released 2025-01-01 to 2025-12-31, covers SN-4411 by approved override")
        #expect(verify([c], adjustments: pending).outcome == .chargeable)
        #expect(verify([c], adjustments: otherContract).outcome == .chargeable)
    }

    @Test("Contracts are tried in number order; the first that covers wins")
    func severalContracts() {
        // Given SC-9 (listing the serial) and SC-10 (not listing it); "SC-10" sorts before "SC-9"
        let e = verify([Fixture.contract("SC-9", tier: "Silver"), Fixture.contract("SC-10", serials: [])])
        // When verified, Then SC-10 is reported first and SC-9 matches
        #expect(e.source == .contract(number: "SC-9"))
        #expect(e.trail[3] == "contract SC-10 does not list SN-4411")
        #expect(e.trail[4] == "contract SC-9 (Silver) released 2025-01-01 to 2025-12-31, lists SN-4411")
    }
}

@Suite("Entitlement: regional rules, precedence and chargeable")
struct RegionalAndPrecedenceTests {
    @Test("A regional extension moves the asset warranty's end date")
    func regionalExtensionAssetWarranty() {
        // Given NORTH extends warranties by 6 months: W-17's end 2026-03-01 becomes
        // (2026-03-02 + 6 months = 2026-09-02) − 1 = 2026-09-01
        let rule = EntitlementRule(region: "NORTH", extensionMonths: 6)
        func verify(_ on: String) -> Entitlement {
            EntitlementEngine.verify(
                Fixture.input(
                    asset: Fixture.asset(warranty: Fixture.assetWarranty()),
                    templates: [Fixture.assetTemplate(lifetimeCap: nil)],
                    rules: [rule], on: on))
        }
        // When verified on the new last day and the day after
        let last = verify("2026-09-01")
        let after = verify("2026-09-02")
        // Then the extended end is inclusive, and the trail shows the arithmetic
        #expect(last.source == .assetWarranty(template: "W-17"))
        #expect(
            last.trail == [
                "region NORTH: warranty extension 6 months",
                "asset warranty W-17 valid 2024-03-15 to 2026-09-01 (2026-03-01 + 6 months)",
                "→ warranty: asset warranty W-17",
            ])
        #expect(after.trail[1] == "asset warranty W-17 expired 2026-09-01 (2026-03-01 + 6 months)")
    }

    @Test("A regional extension moves the generic warranty's end date")
    func regionalExtensionGenericWarranty() {
        // Given NORTH extends by 6 months: G-12 from 2024-03-15 runs 12 + 6 = 18 months,
        // 2024-03-15 + 18 months = 2025-09-15 − 1 = 2025-09-14
        let rule = EntitlementRule(region: "NORTH", extensionMonths: 6)
        func verify(_ on: String) -> Entitlement {
            EntitlementEngine.verify(
                Fixture.input(
                    item: Fixture.item(genericWarranty: "G-12"),
                    templates: [Fixture.genericTemplate()], rules: [rule], on: on))
        }
        // When verified on 2025-09-14 and 2025-09-15
        let last = verify("2025-09-14")
        let after = verify("2025-09-15")
        // Then the extended last day is covered and the day after is not
        #expect(last.source == .genericWarranty(template: "G-12"))
        #expect(last.trail[2] == "generic warranty G-12 valid to 2025-09-14 (12 + 6 months from install 2024-03-15)")
        #expect(after.outcome == .chargeable)
        #expect(after.trail[2] == "generic warranty G-12 expired 2025-09-14 (12 + 6 months from install 2024-03-15)")
    }

    @Test("An extension for another region does not apply")
    func extensionOfOtherRegion() {
        // Given a 6-month extension for SOUTH only
        let rule = EntitlementRule(region: "SOUTH", extensionMonths: 6)
        let e = EntitlementEngine.verify(
            Fixture.input(
                asset: Fixture.asset(warranty: Fixture.assetWarranty()),
                templates: [Fixture.assetTemplate()], rules: [rule],
                on: "2026-03-02"))
        // When verified after the unextended end, Then it is expired
        #expect(e.trail[0] == noRule)
        #expect(e.trail[1] == "asset warranty W-17 expired 2026-03-01")
    }

    @Test("The region's travel rule overrides the warranty terms' travel percentage")
    func travelRuleOnWarranty() {
        // Given W-17 covering travel at 50 %, and NORTH's rule: travel not covered
        let rule = EntitlementRule(region: "NORTH", responseHours: 24, travelCovered: false)
        let e = EntitlementEngine.verify(
            Fixture.input(
                asset: Fixture.asset(warranty: Fixture.assetWarranty()),
                templates: [Fixture.assetTemplate(lifetimeCap: nil)],
                rules: [rule], on: "2025-06-10"))
        // When verified, Then travel is 0 % and the rest of the terms are kept
        #expect(e.terms.coverage == CoveragePercents(parts: 100, labour: 100, travel: 0, expenses: 0))
        #expect(
            e.trail == [
                "region NORTH: response 24 h, travel not covered",
                "asset warranty W-17 valid 2024-03-15 to 2026-03-01",
                "travel not covered by the rule for NORTH",
                "→ warranty: asset warranty W-17",
            ])
    }

    @Test("A tier's travel rule overrides the contract's travel percentage")
    func travelRuleOnContractTier() {
        // Given SC-9 (Gold) covering travel at 0 %, and NORTH / Gold: travel covered
        let rules = [
            EntitlementRule(region: "NORTH", responseHours: 24),
            EntitlementRule(region: "NORTH", tier: "Gold", responseHours: 4, travelCovered: true),
        ]
        let e = EntitlementEngine.verify(Fixture.input(contracts: [Fixture.contract()], rules: rules, on: "2025-06-10"))
        // When verified, Then travel is 100 %, named on the trail with the tier
        #expect(e.terms.coverage.travel == 100)
        #expect(e.trail.suffix(2) == ["travel covered by the rule for NORTH / Gold", "→ contract: contract SC-9"])
    }

    @Test("A tier's rule that leaves travel unset keeps the region's travel rule")
    func tierRuleFallsBackToRegionField() {
        // Given NORTH: travel not covered, and NORTH / Gold setting only its response time
        let rules = [
            EntitlementRule(region: "NORTH", responseHours: 24, travelCovered: false),
            EntitlementRule(region: "NORTH", tier: "Gold", responseHours: 4),
        ]
        // When a Gold contract whose terms cover travel at 50 % matches
        var contract = Fixture.contract()
        contract.coverage.travel = 50
        let e = EntitlementEngine.verify(Fixture.input(contracts: [contract], rules: rules, on: "2025-06-10"))
        // Then the tier gives the response time and the region still withholds travel
        #expect(e.responseHours == 4)
        #expect(e.terms.coverage.travel == 0)
        #expect(e.trail.suffix(2) == ["travel not covered by the rule for NORTH", "→ contract: contract SC-9"])
    }

    @Test(
        "Response hours come from the region, or from the contract's tier",
        arguments: [("warranty", 24), ("Gold", 4), ("Silver", 24), ("chargeable", 24)])
    func responseHours(situation: String, expected: Int) {
        // Given NORTH answers in 24 h, NORTH / Gold in 4 h (no Silver rule)
        let rules = [
            EntitlementRule(region: "NORTH", responseHours: 24),
            EntitlementRule(region: "NORTH", tier: "Gold", responseHours: 4),
            EntitlementRule(region: "SOUTH", tier: "Silver", responseHours: 2),
        ]
        let input: EntitlementInput =
            switch situation {
            case "warranty":
                Fixture.input(
                    asset: Fixture.asset(warranty: Fixture.assetWarranty()),
                    templates: [Fixture.assetTemplate()], rules: rules, on: "2025-06-10")
            case "chargeable": Fixture.input(rules: rules, on: "2025-06-10")
            default: Fixture.input(contracts: [Fixture.contract(tier: situation)], rules: rules, on: "2025-06-10")
            }
        // When verified
        let e = EntitlementEngine.verify(input)
        // Then the SLA target is the tier's when there is one, else the region's
        #expect(e.responseHours == expected)
    }

    @Test("Chargeable when nothing matches: no coverage and a full trail")
    func chargeableWhenNothingMatches() {
        // Given an asset without warranties and a customer without contracts
        // When verified
        let e = EntitlementEngine.verify(Fixture.input(on: "2025-06-10"))
        // Then it is chargeable with zero coverage, no limits, and each step on the trail
        #expect(e.outcome == .chargeable)
        #expect(e.source == EntitlementSource.none)
        #expect(e.terms == Terms.chargeable)
        #expect(e.limits == CoverageLimits())
        #expect(e.responseHours == nil)
        #expect(
            e.trail == [
                noRule, noAssetWarranty, noGeneric, noContract,
                "no warranty or contract covers SN-4411 on 2025-06-10",
                "→ chargeable: no warranty or contract",
            ])
    }

    @Test("An asset warranty wins over a generic warranty and a contract")
    func precedence() {
        // Given a valid asset warranty, a valid generic warranty and a valid contract
        let input = Fixture.input(
            asset: Fixture.asset(warranty: Fixture.assetWarranty()),
            item: Fixture.item(genericWarranty: "G-12"),
            templates: [Fixture.assetTemplate(), Fixture.genericTemplate()],
            contracts: [Fixture.contract()], on: "2025-02-01")
        // When verified
        let e = EntitlementEngine.verify(input)
        // Then the asset warranty matches and the later sources are not even tried
        #expect(e.source == .assetWarranty(template: "W-17"))
        #expect(e.trail.count == 3)
        #expect(!e.trail.contains { $0.contains("G-12") || $0.contains("SC-9") })
    }

    @Test("A generic warranty wins over a contract")
    func genericBeforeContract() {
        // Given a valid generic warranty and a valid contract
        let input = Fixture.input(
            item: Fixture.item(genericWarranty: "G-12"), templates: [Fixture.genericTemplate()],
            contracts: [Fixture.contract()], on: "2025-02-01")
        // When verified, Then the generic warranty matches
        #expect(EntitlementEngine.verify(input).source == .genericWarranty(template: "G-12"))
    }

    @Test("Two verifications agree when source and terms agree, whatever the limits")
    func sameDecision() {
        // Given the same warranty with 3800.00 and then 100.00 left, and one with other terms
        let a = Fixture.warranty(Terms(coverage: Fixture.fullCover), lifetimeRemaining: cents(3_800_00))
        let b = Fixture.warranty(Terms(coverage: Fixture.fullCover), lifetimeRemaining: cents(100_00))
        let c = Fixture.warranty(Terms(coverage: .none))
        // When compared, Then only a change of source or terms is a different decision
        #expect(a.sameDecision(as: b))
        #expect(!a.sameDecision(as: c))
        #expect(!a.sameDecision(as: Fixture.chargeable(Terms(coverage: Fixture.fullCover))))
    }
}
