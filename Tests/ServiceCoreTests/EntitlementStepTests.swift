import Foundation
import Testing

@testable import ServiceCore

/// Every kind of step, with the sentence the trail has always shown for it (written out here,
/// not built from the step, so a change of wording fails).
private let worded: [(EntitlementStep, String)] = [
    (
        .regionRule(region: "NORTH", extensionMonths: 6, responseHours: 24, travelCovered: true),
        "region NORTH: warranty extension 6 months, response 24 h, travel covered"
    ),
    (
        .regionRule(region: "SOUTH", extensionMonths: 0, responseHours: nil, travelCovered: false),
        "region SOUTH: travel not covered"
    ),
    (
        .regionRule(region: "WEST", extensionMonths: 0, responseHours: 8, travelCovered: nil),
        "region WEST: response 8 h"
    ),
    (
        .regionRule(region: "EAST", extensionMonths: 0, responseHours: nil, travelCovered: nil),
        "region EAST: default rule"
    ),
    (.noRegionalRule(region: "NORTH"), "region NORTH: no regional rule"),
    (.travelByRule(covered: true, region: "NORTH", tier: nil), "travel covered by the rule for NORTH"),
    (.travelByRule(covered: false, region: "NORTH", tier: "gold"), "travel not covered by the rule for NORTH / gold"),
    (.decided(.assetWarranty(template: "W-17")), "→ warranty: asset warranty W-17"),
    (.decided(.genericWarranty(template: "G-12")), "→ warranty: generic warranty G-12"),
    (.decided(.contract(number: "SC-9")), "→ contract: contract SC-9"),
    (.decided(.none), "→ chargeable: no warranty or contract"),
    (.assetForcedGeneric(template: "W-17"), "asset warranty W-17 passed over: force generic warranty is set"),
    (
        .assetNotStarted(template: "W-17", start: day("2024-03-15"), on: day("2024-03-14")),
        "asset warranty W-17 starts 2024-03-15, after 2024-03-14"
    ),
    (
        .assetExpired(template: "W-17", end: .init(end: day("2026-03-01"))),
        "asset warranty W-17 expired 2026-03-01"
    ),
    (
        .assetExpired(
            template: "W-17", end: .init(end: day("2026-09-30"), extended: .init(from: day("2026-03-31"), months: 6))),
        "asset warranty W-17 expired 2026-09-30 (2026-03-31 + 6 months)"
    ),
    (
        .assetCapUsedUp(template: "W-17", limit: cents(5_000_00), spent: cents(5_000_00)),
        "asset warranty W-17: lifetime cap 5000.00 used up (spent 5000.00)"
    ),
    (
        .assetValid(template: "W-17", start: day("2024-03-15"), end: .init(end: day("2026-03-01")), capLeft: nil),
        "asset warranty W-17 valid 2024-03-15 to 2026-03-01"
    ),
    (
        .assetValid(
            template: "W-17", start: day("2024-03-15"),
            end: .init(end: day("2026-09-01"), extended: .init(from: day("2026-03-01"), months: 6)),
            capLeft: cents(500_00)),
        "asset warranty W-17 valid 2024-03-15 to 2026-09-01 (2026-03-01 + 6 months); lifetime cap 500.00 left"
    ),
    (.assetUnknownTemplate(template: "W-17"), "asset warranty names unknown template W-17"),
    (.noAssetWarranty(serial: "SN-4411"), "SN-4411 has no asset warranty"),
    (
        .genericBeforeInstall(template: "G-12", on: day("2024-03-01"), installedOn: day("2024-03-15")),
        "generic warranty G-12: reported 2024-03-01 before install 2024-03-15"
    ),
    (
        .genericExpired(
            template: "G-12", end: day("2025-03-14"),
            span: .init(months: 12, extensionMonths: 0, installedOn: day("2024-03-15"))),
        "generic warranty G-12 expired 2025-03-14 (12 months from install 2024-03-15)"
    ),
    (
        .genericNotYetEffective(template: "G-12", on: day("2024-04-01"), effective: day("2024-05-01")),
        "generic warranty G-12 not effective on 2024-04-01: effective from 2024-05-01"
    ),
    (
        .genericNoLongerEffective(template: "G-12", on: day("2024-04-01"), expiry: day("2024-03-31")),
        "generic warranty G-12 not effective on 2024-04-01: expired 2024-03-31"
    ),
    (
        .genericCapUsedUp(template: "G-12", limit: cents(250_00), spent: cents(300_50)),
        "generic warranty G-12: lifetime cap 250.00 used up (spent 300.50)"
    ),
    (
        .genericValid(
            template: "G-12", end: day("2025-09-14"),
            span: .init(months: 12, extensionMonths: 6, installedOn: day("2024-03-15")), capLeft: cents(12_05)),
        "generic warranty G-12 valid to 2025-09-14 (12 + 6 months from install 2024-03-15); lifetime cap 12.05 left"
    ),
    (
        .genericValid(
            template: "G-12", end: day("2025-03-14"),
            span: .init(months: 12, extensionMonths: 0, installedOn: day("2024-03-15")), capLeft: nil),
        "generic warranty G-12 valid to 2025-03-14 (12 months from install 2024-03-15)"
    ),
    (.genericNoDuration(template: "G-12", sku: "PUMP-1"), "generic warranty G-12 of item PUMP-1 has no duration"),
    (.noGenericWarranty(sku: "PUMP-1"), "item PUMP-1 has no generic warranty"),
    (.noContract(customer: "C-1"), "customer C-1 has no service contract"),
    (.contractNotReleased(number: "SC-9", status: .inPreparation), "contract SC-9 is in preparation"),
    (.contractNotReleased(number: "SC-9", status: .blocked), "contract SC-9 is blocked"),
    (
        .contractNotStarted(number: "SC-9", start: day("2025-01-01"), on: day("2024-12-31")),
        "contract SC-9 starts 2025-01-01, after 2024-12-31"
    ),
    (.contractEnded(number: "SC-9", end: day("2024-12-31")), "contract SC-9 ended 2024-12-31"),
    (
        .contractOutsideRegion(number: "SC-9", region: "NORTH", covers: ["EAST", "SOUTH"]),
        "contract SC-9 does not cover region NORTH (covers EAST, SOUTH)"
    ),
    (.contractNotListing(number: "SC-9", serial: "SN-4411"), "contract SC-9 does not list SN-4411"),
    (
        .contractCovers(
            number: "SC-9", tier: "gold", start: day("2024-01-01"), end: day("2025-12-31"), serial: "SN-4411",
            byOverride: false, balance: nil),
        "contract SC-9 (gold) released 2024-01-01 to 2025-12-31, lists SN-4411"
    ),
    (
        .contractCovers(
            number: "SC-9", tier: "gold", start: day("2024-01-01"), end: day("2025-12-31"), serial: "SN-4411",
            byOverride: true, balance: .minutes(600)),
        "contract SC-9 (gold) released 2024-01-01 to 2025-12-31, covers SN-4411 by approved override; balance 600 min left"
    ),
    (
        .contractCovers(
            number: "SC-9", tier: "silver", start: day("2024-01-01"), end: day("2025-12-31"), serial: "SN-4411",
            byOverride: false, balance: .money(cents(150_00))),
        "contract SC-9 (silver) released 2024-01-01 to 2025-12-31, lists SN-4411; balance 150.00 left"
    ),
    (
        .nothingCovers(serial: "SN-4411", on: day("2026-03-02")),
        "no warranty or contract covers SN-4411 on 2026-03-02"
    ),
]

private func stored(_ steps: [EntitlementStep]) throws -> String {
    String(decoding: try JSONEncoder().encode(steps), as: UTF8.self)
}

private func read(_ text: String) throws -> [EntitlementStep] {
    try JSONDecoder().decode([EntitlementStep].self, from: Data(text.utf8))
}

@Suite("Entitlement steps: facts that word the trail")
struct EntitlementStepTests {
    @Test("Every kind of step words its sentence as the trail always has, and reads back from it")
    func wordsAndParses() {
        // Every kind but text is among the samples
        let kinds = Set(worded.compactMap { Mirror(reflecting: $0.0).children.first?.label })
        #expect(kinds.count == 27)
        for (step, sentence) in worded {
            #expect(step.text == sentence)
            #expect(EntitlementStep(parsing: sentence) == step, "\(sentence)")
            #expect(!step.isText)
        }
    }

    @Test("Every kind of step is kept as a short code and its parameters, and reads back as it was")
    func storedForm() throws {
        for (step, sentence) in worded {
            let text = try stored([step])
            #expect(try read(text) == [step], "\(text)")
            // Shorter than the sentence kept as the trail kept it before
            #expect(text.utf8.count < (try stored([.text(sentence)])).utf8.count, "\(text) against \(sentence)")
            #expect(!text.contains(" "), "\(text)")
        }
        // Dates as YYYYMMDD, amounts in minor units, absent trailing parameters left off
        #expect(
            try stored([
                .assetValid(
                    template: "W-17", start: day("2024-03-15"), end: .init(end: day("2026-03-01")), capLeft: nil)
            ]) == #"[["av","W-17",20240315,null,20260301]]"#)
        #expect(
            try stored([.regionRule(region: "N", extensionMonths: 0, responseHours: nil, travelCovered: nil)])
                == #"[["r","N",0]]"#)
        #expect(try stored([.decided(.none)]) == #"[["dn"]]"#)
    }

    @Test("A sentence in a wording no step gives stays as written, and reads and keeps the same")
    func unknownWordingStaysText() throws {
        let odd = [
            "checked by phone with the customer",
            "region NORTH: response soon",
            "asset warranty W-17 valid 2024-03-15 to 2026-02-30",
            "contract SC-9 is paused",
            "→ warranty: contract SC-9",
            "generic warranty G-12 valid to 2025-03-14 (012 months from install 2024-03-15)",
            "asset warranty W-17: lifetime cap 5,000.00 used up (spent 5000.00)",
        ]
        for sentence in odd {
            let step = EntitlementStep(parsing: sentence)
            #expect(step == .text(sentence))
            #expect(step.text == sentence)
            #expect(try read(try stored([step])) == [step])
        }
        // A trail kept as sentences (as before steps) reads as text steps, word for word
        let legacy = try read(#"["region NORTH: no regional rule","checked by phone"]"#)
        #expect(legacy == [.text("region NORTH: no regional rule"), .text("checked by phone")])
        #expect(
            Entitlement(source: .none, terms: .chargeable, steps: legacy).trail == [
                "region NORTH: no regional rule", "checked by phone",
            ])
        // A stored step that is no step is refused, not misread
        #expect(throws: DecodingError.self) { try read(#"[["av","W-17","2024-03-15"]]"#) }
        #expect(throws: DecodingError.self) { try read(#"[["zz",1]]"#) }
        #expect(throws: DecodingError.self) { try read(#"[["t",2,"N"]]"#) }
    }

    @Test("The engine's trails, for every way a case is decided, read back from their sentences step for step")
    func engineTrailsParseBack() throws {
        let warranty = Fixture.asset(warranty: Fixture.assetWarranty())
        let key = WarrantyKey(serial: Fixture.serial, kind: .asset, template: "W-17")
        let all = [Fixture.assetTemplate(), Fixture.genericTemplate()]
        let generic = Fixture.item(genericWarranty: "G-12")
        let rules = [
            EntitlementRule(region: Fixture.region, responseHours: 4, travelCovered: false, extensionMonths: 3),
            EntitlementRule(region: Fixture.region, tier: "Gold", travelCovered: true),
        ]
        let contracts = [
            Fixture.contract("SC-1", status: .blocked), Fixture.contract("SC-2", start: day("2025-07-01")),
            Fixture.contract("SC-3", end: day("2025-01-31")), Fixture.contract("SC-4", regions: ["SOUTH", "EAST"]),
            Fixture.contract("SC-5", serials: []), Fixture.contract("SC-6", balance: .minutes(90)),
        ]
        let inputs: [EntitlementInput] = [
            Fixture.input(asset: warranty, templates: all, spent: [key: cents(1_200_00)], on: "2025-06-10"),
            Fixture.input(asset: warranty, templates: all, rules: rules, on: "2026-05-01"),
            Fixture.input(asset: warranty, item: generic, templates: all, rules: rules, on: "2024-03-01"),
            Fixture.input(
                asset: warranty, item: generic, templates: all, spent: [key: cents(5_000_00)], contracts: contracts,
                rules: rules, on: "2025-06-10"),
            Fixture.input(
                asset: Fixture.asset(warranty: Fixture.assetWarranty(), forceGeneric: true), item: generic,
                templates: all, on: "2024-06-10"),
            Fixture.input(
                item: Fixture.item(genericWarranty: "G-99"), templates: all, contracts: Array(contracts.prefix(5)),
                on: "2025-06-10"),
            Fixture.input(
                asset: warranty, item: generic, templates: [Fixture.genericTemplate(effective: day("2025-01-01"))],
                on: "2024-06-10"),
            Fixture.input(item: generic, templates: all, on: "2030-01-01"),
        ]
        var seen: Set<String> = []
        for input in inputs {
            let e = EntitlementEngine.verify(input)
            #expect(!e.steps.contains { $0.isText })
            seen.formUnion(e.steps.compactMap { Mirror(reflecting: $0).children.first?.label })
            #expect(e.trail.map(EntitlementStep.init(parsing:)) == e.steps, "\(e.trail)")
            #expect(try read(try stored(e.steps)) == e.steps)
        }
        #expect(seen.count >= 20, "\(seen.sorted())")
    }
}
