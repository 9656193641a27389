import Foundation
import PropertyBased
import Testing

@testable import ServiceCore

// Properties of entitlement steps that hold for any names, dates and amounts, including names
// that hold the very words and separators the sentences are made of.

/// Plain names, and names a sentence's own words could be taken for.
private let plain = ["NORTH", "W-17", "SC-9", "SN-4411", "Gold", "PUMP-1", "C-1"]
private let tricky = [
    "a: b", "x (y", "p, q", "e / f", "lists SN-1", "z; balance 1 min left", "to 2024-01-01", "→ w",
    "12 months", "valid", "", " ",
]

private let plainName = Gen.int(in: 0...(plain.count - 1)).map { plain[$0] }
private let anyName = Gen.int(in: 0...(plain.count + tricky.count - 1)).map { (plain + tricky)[$0] }

private let date = Gen.int(in: 0...40_000).map { CivilDate(dayNumber: $0) }
private let amount = Gen.int64(in: -1_000_000...10_000_000).map { Money(minorUnits: $0) }
private let small = Gen.int(in: 0...120)

/// The step of kind `k` (0–27) from the values drawn.
private func step(
    _ k: Int, _ n: [String], _ i: (Int, Int), _ d: (CivilDate, CivilDate, CivilDate), _ m: (Money, Money?),
    _ b: (Bool, Bool?)
) -> EntitlementStep {
    let end = EntitlementStep.WarrantyEnd(end: d.0, extended: b.0 ? .init(from: d.1, months: i.0 + 1) : nil)
    let span = EntitlementStep.GenericSpan(months: i.0 + 1, extensionMonths: i.1, installedOn: d.2)
    let sources: [EntitlementSource] = [
        .assetWarranty(template: n[0]), .genericWarranty(template: n[0]), .contract(number: n[0]), .none,
    ]
    switch k {
    case 0:
        return .regionRule(
            region: n[0], extensionMonths: i.0, responseHours: b.0 ? i.1 + 1 : nil, travelCovered: b.1)
    case 1: return .noRegionalRule(region: n[0])
    case 2: return .travelByRule(covered: b.0, region: n[0], tier: b.1 == nil ? nil : n[1])
    case 3: return .decided(sources[i.0 % 4])
    case 4: return .assetForcedGeneric(template: n[0])
    case 5: return .assetNotStarted(template: n[0], start: d.0, on: d.1)
    case 6: return .assetExpired(template: n[0], end: end)
    case 7: return .assetCapUsedUp(template: n[0], limit: m.0, spent: m.1 ?? .zero)
    case 8: return .assetValid(template: n[0], start: d.2, end: end, capLeft: m.1)
    case 9: return .assetUnknownTemplate(template: n[0])
    case 10: return .noAssetWarranty(serial: n[0])
    case 11: return .genericBeforeInstall(template: n[0], on: d.0, installedOn: d.1)
    case 12: return .genericExpired(template: n[0], end: d.0, span: span)
    case 13: return .genericNotYetEffective(template: n[0], on: d.0, effective: d.1)
    case 14: return .genericNoLongerEffective(template: n[0], on: d.0, expiry: d.1)
    case 15: return .genericCapUsedUp(template: n[0], limit: m.0, spent: m.1 ?? m.0)
    case 16: return .genericValid(template: n[0], end: d.0, span: span, capLeft: m.1)
    case 17: return .genericNoDuration(template: n[0], sku: n[1])
    case 18: return .noGenericWarranty(sku: n[0])
    case 19: return .noContract(customer: n[0])
    case 20: return .contractNotReleased(number: n[0], status: ContractStatus.allCases[i.0 % 5])
    case 21: return .contractNotStarted(number: n[0], start: d.0, on: d.1)
    case 22: return .contractEnded(number: n[0], end: d.0)
    case 23: return .contractOutsideRegion(number: n[0], region: n[1], covers: Array(n[1...].prefix(i.0 % 3 + 1)))
    case 24: return .contractNotListing(number: n[0], serial: n[1])
    case 25:
        let balance: PrepaidBalance? = b.1.map { $0 ? .minutes(i.1) : .money(m.0) }
        return .contractCovers(
            number: n[0], tier: n[1], start: d.0, end: d.1, serial: n[2], byOverride: b.0, balance: balance)
    case 26: return .nothingCovers(serial: n[0], on: d.0)
    default: return .text(n.joined(separator: " "))
    }
}

/// The values a step is made of, but its names.
private let values = zip(
    Gen.int(in: 0...27), zip(small, small), zip(date, date, date), zip(amount, amount.optional(valueRate: 0.7)),
    zip(Gen.bool(0.5), Gen.bool(0.5).optional(valueRate: 0.7)))

private let anySteps = zip(values, anyName.array(of: 3...3)).map { v, n in step(v.0, n, v.1, v.2, v.3, v.4) }
private let plainSteps = zip(values, plainName.array(of: 3...3)).map { v, n in step(v.0, n, v.1, v.2, v.3, v.4) }

private func stored(_ s: EntitlementStep) throws -> EntitlementStep {
    try JSONDecoder().decode(EntitlementStep.self, from: try JSONEncoder().encode(s))
}

@Suite("Entitlement steps: properties")
struct EntitlementStepPropertyTests {
    @Test("Any step, whatever its names, reads back from its stored form as itself")
    func storedFormRoundTrips() async {
        await propertyCheck(count: 600, input: anySteps) { s in
            #expect((try? stored(s)) == s, "\(s)")
        }
    }

    @Test("Any trail's stored JSON, written directly, is the very text JSONEncoder makes of it")
    func storedJSONIsJSONEncoders() async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func encoded(_ steps: [EntitlementStep]) -> String? {
            (try? encoder.encode(steps)).map { String(decoding: $0, as: UTF8.self) }
        }
        await propertyCheck(count: 600, input: anySteps.array(of: 0...6)) { steps in
            #expect(EntitlementStep.storedJSON(steps) == encoded(steps), "\(steps)")
        }
        // Every ASCII character, control characters and the slash among them, and some beyond.
        let ascii = String(String.UnicodeScalarView((0..<128).compactMap(Unicode.Scalar.init)))
        let sentences = [ascii, "é 山田 \u{2028}\u{7F}\u{1F600} \\/\"", "\u{0}x"]
        let steps = sentences.map { EntitlementStep.text($0) } + [.noContract(customer: ascii)]
        #expect(EntitlementStep.storedJSON(steps) == encoded(steps))
    }

    @Test("Read back from its sentence, any step words that sentence exactly; with plain names it is the step itself")
    func sentencesReadBack() async {
        await propertyCheck(count: 600, input: anySteps) { s in
            #expect(EntitlementStep(parsing: s.text).text == s.text, "\(s)")
        }
        await propertyCheck(count: 600, input: plainSteps) { s in
            #expect(EntitlementStep(parsing: s.text) == s, "\(s.text)")
        }
    }

    @Test("Any text, sentence-like or not, reads back into a step that words it exactly")
    func anyTextWordsItself() async {
        let pieces = [
            "region ", "asset warranty ", "generic warranty ", "contract ", ": ", " (", ")", ", ", " to ", " valid ",
            "2024-03-15", "12", " months", " + ", "; lifetime cap ", " left", "12.50", " from install ", "→ ",
            "warranty", " expired ", " lists ", "; balance ", " min", "x",
        ]
        let text = Gen.int(in: 0...(pieces.count - 1)).map { pieces[$0] }.array(of: 1...9).map { $0.joined() }
        await propertyCheck(count: 1_000, input: text) { t in
            #expect(EntitlementStep(parsing: t).text == t)
            #expect((try? stored(EntitlementStep(parsing: t)))?.text == t)
        }
    }
}
