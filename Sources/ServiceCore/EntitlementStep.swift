/// One step of an entitlement check's trail, as the facts it was decided on. Its `text` is the
/// sentence the trail shows; a verification keeps the steps, so the wording lives here once
/// and a stored trail is its facts, not its sentences. `text` is a sentence kept as written,
/// for a trail whose wording no step gives back exactly (one written before steps existed).
public enum EntitlementStep: Hashable, Sendable {
    /// The region's default rule; `extensionMonths` 0, the others nil: "default rule".
    case regionRule(region: String, extensionMonths: Int, responseHours: Int?, travelCovered: Bool?)
    case noRegionalRule(region: String)
    case travelByRule(covered: Bool, region: String, tier: String?)
    /// The last step: what was decided.
    case decided(EntitlementSource)

    case assetForcedGeneric(template: String)
    case assetNotStarted(template: String, start: CivilDate, on: CivilDate)
    case assetExpired(template: String, end: WarrantyEnd)
    case assetCapUsedUp(template: String, limit: Money, spent: Money)
    case assetValid(template: String, start: CivilDate, end: WarrantyEnd, capLeft: Money?)
    case assetUnknownTemplate(template: String)
    case noAssetWarranty(serial: String)

    case genericBeforeInstall(template: String, on: CivilDate, installedOn: CivilDate)
    case genericExpired(template: String, end: CivilDate, span: GenericSpan)
    case genericNotYetEffective(template: String, on: CivilDate, effective: CivilDate)
    case genericNoLongerEffective(template: String, on: CivilDate, expiry: CivilDate)
    case genericCapUsedUp(template: String, limit: Money, spent: Money)
    case genericValid(template: String, end: CivilDate, span: GenericSpan, capLeft: Money?)
    case genericNoDuration(template: String, sku: String)
    case noGenericWarranty(sku: String)

    case noContract(customer: String)
    case contractNotReleased(number: String, status: ContractStatus)
    case contractNotStarted(number: String, start: CivilDate, on: CivilDate)
    case contractEnded(number: String, end: CivilDate)
    case contractOutsideRegion(number: String, region: String, covers: [String])
    case contractNotListing(number: String, serial: String)
    case contractCovers(
        number: String, tier: String, start: CivilDate, end: CivilDate, serial: String, byOverride: Bool,
        balance: PrepaidBalance?)
    case nothingCovers(serial: String, on: CivilDate)

    case text(String)

    /// When an asset's warranty ends: its own end, or later by a regional extension.
    public struct WarrantyEnd: Hashable, Sendable {
        public var end: CivilDate
        /// The warranty's own end and the months the region adds; nil when it adds none.
        public var extended: Extension?

        public struct Extension: Hashable, Sendable {
            public var from: CivilDate
            public var months: Int
            public init(from: CivilDate, months: Int) {
                self.from = from
                self.months = months
            }
        }

        public init(end: CivilDate, extended: Extension? = nil) {
            self.end = end
            self.extended = extended
        }

        /// "2026-01-31", or "2026-07-31 (2026-01-31 + 6 months)".
        public var text: String {
            extended.map { "\(end) (\($0.from) + \($0.months) months)" } ?? "\(end)"
        }
    }

    /// How long a generic warranty runs: its months, any regional extension, from install.
    public struct GenericSpan: Hashable, Sendable {
        public var months: Int
        public var extensionMonths: Int
        public var installedOn: CivilDate

        public init(months: Int, extensionMonths: Int, installedOn: CivilDate) {
            self.months = months
            self.extensionMonths = extensionMonths
            self.installedOn = installedOn
        }

        /// "24 months from install 2024-03-01", or "24 + 6 months from install 2024-03-01".
        public var text: String {
            "\(months)\(extensionMonths == 0 ? "" : " + \(extensionMonths)") months from install \(installedOn)"
        }
    }

    /// The sentence the trail shows for this step.
    public var text: String {
        switch self {
        case .regionRule(let region, let ext, let hours, let travel):
            var parts: [String] = []
            if ext != 0 { parts.append("warranty extension \(ext) months") }
            if let hours { parts.append("response \(hours) h") }
            if let travel { parts.append(travel ? "travel covered" : "travel not covered") }
            return "region \(region): \(parts.isEmpty ? "default rule" : parts.joined(separator: ", "))"
        case .noRegionalRule(let region): return "region \(region): no regional rule"
        case .travelByRule(let covered, let region, let tier):
            return
                "travel \(covered ? "covered" : "not covered") by the rule for \(region)\(tier.map { " / \($0)" } ?? "")"
        case .decided(let source): return "→ \(source.outcome.rawValue): \(source.label)"

        case .assetForcedGeneric(let t): return "asset warranty \(t) passed over: force generic warranty is set"
        case .assetNotStarted(let t, let start, let on): return "asset warranty \(t) starts \(start), after \(on)"
        case .assetExpired(let t, let end): return "asset warranty \(t) expired \(end.text)"
        case .assetCapUsedUp(let t, let limit, let spent):
            return "asset warranty \(t): \(Self.capUsedUp(limit, spent))"
        case .assetValid(let t, let start, let end, let left):
            return "asset warranty \(t) valid \(start) to \(end.text)\(Self.capLeft(left))"
        case .assetUnknownTemplate(let t): return "asset warranty names unknown template \(t)"
        case .noAssetWarranty(let serial): return "\(serial) has no asset warranty"

        case .genericBeforeInstall(let g, let on, let installed):
            return "generic warranty \(g): reported \(on) before install \(installed)"
        case .genericExpired(let g, let end, let span): return "generic warranty \(g) expired \(end) (\(span.text))"
        case .genericNotYetEffective(let g, let on, let eff):
            return "generic warranty \(g) not effective on \(on): effective from \(eff)"
        case .genericNoLongerEffective(let g, let on, let exp):
            return "generic warranty \(g) not effective on \(on): expired \(exp)"
        case .genericCapUsedUp(let g, let limit, let spent):
            return "generic warranty \(g): \(Self.capUsedUp(limit, spent))"
        case .genericValid(let g, let end, let span, let left):
            return "generic warranty \(g) valid to \(end) (\(span.text))\(Self.capLeft(left))"
        case .genericNoDuration(let g, let sku): return "generic warranty \(g) of item \(sku) has no duration"
        case .noGenericWarranty(let sku): return "item \(sku) has no generic warranty"

        case .noContract(let customer): return "customer \(customer) has no service contract"
        case .contractNotReleased(let n, let status): return "contract \(n) is \(status.label)"
        case .contractNotStarted(let n, let start, let on): return "contract \(n) starts \(start), after \(on)"
        case .contractEnded(let n, let end): return "contract \(n) ended \(end)"
        case .contractOutsideRegion(let n, let region, let covers):
            return "contract \(n) does not cover region \(region) (covers \(covers.joined(separator: ", ")))"
        case .contractNotListing(let n, let serial): return "contract \(n) does not list \(serial)"
        case .contractCovers(let n, let tier, let start, let end, let serial, let byOverride, let balance):
            let listed = byOverride ? "covers \(serial) by approved override" : "lists \(serial)"
            let left = balance.map { "; balance \($0.description) left" } ?? ""
            return "contract \(n) (\(tier)) released \(start) to \(end), \(listed)\(left)"
        case .nothingCovers(let serial, let on): return "no warranty or contract covers \(serial) on \(on)"

        case .text(let sentence): return sentence
        }
    }

    static func capUsedUp(_ limit: Money, _ spent: Money) -> String { "lifetime cap \(limit) used up (spent \(spent))" }

    static func capLeft(_ left: Money?) -> String { left.map { "; lifetime cap \($0) left" } ?? "" }
}

extension EntitlementStep: CustomStringConvertible {
    public var description: String { text }
}
