/// Reading a trail's sentence back into its step, for trails written as sentences before the
/// steps existed. A sentence becomes a step only when the step words it again exactly; any
/// other stays `.text`, so a trail never reads differently for having been read back.
extension EntitlementStep {
    /// The step whose `text` is `sentence`, character for character; else `.text(sentence)`.
    public init(parsing sentence: String) {
        for parse in Self.parsers {
            if let step = parse(sentence), step.text == sentence {
                self = step
                return
            }
        }
        self = .text(sentence)
    }

    /// Whether the step is a sentence kept as written rather than facts.
    public var isText: Bool {
        if case .text = self { return true }
        return false
    }

    /// One reader per wording of `text`; each may misread a sentence (a template named with
    /// the words that follow it), which `init(parsing:)` catches by wording the step again.
    private static let parsers: [@Sendable (String) -> EntitlementStep?] = [
        { s in
            guard let c = match("region {}: {}", s) else { return nil }
            if c[1] == "no regional rule" { return .noRegionalRule(region: c[0]) }
            return regionRule(c[0], c[1])
        },
        { s in
            guard let c = match("travel {} by the rule for {}", s), let covered = coveredWord(c[0]) else { return nil }
            let place = splitLast(c[1], " / ")
            return .travelByRule(covered: covered, region: place?.0 ?? c[1], tier: place?.1)
        },
        { s in
            guard let c = match("→ {}: {}", s) else { return nil }
            return source(outcome: c[0], label: c[1]).map { .decided($0) }
        },
        { s in
            match("asset warranty {} passed over: force generic warranty is set", s).map {
                .assetForcedGeneric(template: $0[0])
            }
        },
        { s in
            guard let c = match("asset warranty {} starts {}, after {}", s), let start = date(c[1]), let on = date(c[2])
            else { return nil }
            return .assetNotStarted(template: c[0], start: start, on: on)
        },
        { s in
            guard let c = match("asset warranty {} expired {}", s), let end = warrantyEnd(c[1]) else { return nil }
            return .assetExpired(template: c[0], end: end)
        },
        { s in
            guard let c = match("asset warranty {}: lifetime cap {} used up (spent {})", s),
                let limit = Money(parsing: c[1]),
                let spent = Money(parsing: c[2])
            else { return nil }
            return .assetCapUsedUp(template: c[0], limit: limit, spent: spent)
        },
        { s in
            guard let c = match("asset warranty {} valid {} to {}", s), let start = date(c[1]) else { return nil }
            let (rest, left) = capLeft(c[2])
            guard let end = warrantyEnd(rest), let left else { return nil }
            return .assetValid(template: c[0], start: start, end: end, capLeft: left)
        },
        { s in match("asset warranty names unknown template {}", s).map { .assetUnknownTemplate(template: $0[0]) } },
        { s in match("{} has no asset warranty", s).map { .noAssetWarranty(serial: $0[0]) } },
        { s in
            guard let c = match("generic warranty {}: reported {} before install {}", s), let on = date(c[1]),
                let installed = date(c[2])
            else { return nil }
            return .genericBeforeInstall(template: c[0], on: on, installedOn: installed)
        },
        { s in
            guard let c = match("generic warranty {} expired {} ({})", s), let end = date(c[1]), let span = span(c[2])
            else { return nil }
            return .genericExpired(template: c[0], end: end, span: span)
        },
        { s in
            guard let c = match("generic warranty {} not effective on {}: effective from {}", s), let on = date(c[1]),
                let eff = date(c[2])
            else { return nil }
            return .genericNotYetEffective(template: c[0], on: on, effective: eff)
        },
        { s in
            guard let c = match("generic warranty {} not effective on {}: expired {}", s), let on = date(c[1]),
                let exp = date(c[2])
            else { return nil }
            return .genericNoLongerEffective(template: c[0], on: on, expiry: exp)
        },
        { s in
            guard let c = match("generic warranty {}: lifetime cap {} used up (spent {})", s),
                let limit = Money(parsing: c[1]), let spent = Money(parsing: c[2])
            else { return nil }
            return .genericCapUsedUp(template: c[0], limit: limit, spent: spent)
        },
        { s in
            guard let c = match("generic warranty {} valid to {} ({}", s), let end = date(c[1]) else { return nil }
            let (rest, left) = capLeft(c[2])
            guard let left, rest.hasSuffix(")"), let span = span(String(rest.dropLast())) else { return nil }
            return .genericValid(template: c[0], end: end, span: span, capLeft: left)
        },
        { s in
            match("generic warranty {} of item {} has no duration", s).map {
                .genericNoDuration(template: $0[0], sku: $0[1])
            }
        },
        { s in match("item {} has no generic warranty", s).map { .noGenericWarranty(sku: $0[0]) } },
        { s in match("customer {} has no service contract", s).map { .noContract(customer: $0[0]) } },
        { s in
            guard let c = match("contract {} is {}", s),
                let status = ContractStatus.allCases.first(where: { $0.label == c[1] })
            else { return nil }
            return .contractNotReleased(number: c[0], status: status)
        },
        { s in
            guard let c = match("contract {} starts {}, after {}", s), let start = date(c[1]), let on = date(c[2])
            else { return nil }
            return .contractNotStarted(number: c[0], start: start, on: on)
        },
        { s in
            guard let c = match("contract {} ended {}", s), let end = date(c[1]) else { return nil }
            return .contractEnded(number: c[0], end: end)
        },
        { s in
            guard let c = match("contract {} does not cover region {} (covers {})", s) else { return nil }
            return .contractOutsideRegion(
                number: c[0], region: c[1],
                covers: c[2].split(separator: ", ", omittingEmptySubsequences: false).map(String.init))
        },
        { s in match("contract {} does not list {}", s).map { .contractNotListing(number: $0[0], serial: $0[1]) } },
        { s in
            guard let c = match("contract {} ({}) released {} to {}, {}", s), let start = date(c[2]),
                let end = date(c[3])
            else { return nil }
            var listed = c[4]
            var balance: PrepaidBalance?
            if let (head, tail) = splitLast(listed, "; balance "), tail.hasSuffix(" left") {
                guard let b = prepaid(String(tail.dropLast(" left".count))) else { return nil }
                listed = head
                balance = b
            }
            if listed.hasPrefix("lists ") {
                return .contractCovers(
                    number: c[0], tier: c[1], start: start, end: end, serial: String(listed.dropFirst("lists ".count)),
                    byOverride: false, balance: balance)
            }
            guard let serial = match("covers {} by approved override", listed)?[0] else { return nil }
            return .contractCovers(
                number: c[0], tier: c[1], start: start, end: end, serial: serial, byOverride: true, balance: balance)
        },
        { s in
            guard let c = match("no warranty or contract covers {} on {}", s), let on = date(c[1]) else { return nil }
            return .nothingCovers(serial: c[0], on: on)
        },
    ]

    /// The holes ("{}") of `template` as they stand in `s`, each at least a character, the
    /// earliest split that fits; nil when `s` is not of the template's wording.
    static func match(_ template: String, _ s: String) -> [String]? {
        let literals = wordings[template] ?? literals(of: template)
        guard s.hasPrefix(literals[0]) else { return nil }
        var holes: [String] = []
        func fill(_ hole: Int, from start: String.Index) -> Bool {
            let after = literals[hole + 1]
            guard start < s.endIndex else { return false }
            if hole == literals.count - 2 {
                // The last hole: the rest but the closing words.
                guard s[start...].hasSuffix(after), s.distance(from: start, to: s.endIndex) > after.count else {
                    return false
                }
                holes.append(String(s[start..<s.index(s.endIndex, offsetBy: -after.count)]))
                return true
            }
            var from = s.index(after: start)
            while let found = s[from...].firstRange(of: after) {
                holes.append(String(s[start..<found.lowerBound]))
                if fill(hole + 1, from: found.upperBound) { return true }
                holes.removeLast()
                from = s.index(after: found.lowerBound)
            }
            return false
        }
        return fill(0, from: s.index(s.startIndex, offsetBy: literals[0].count)) ? holes : nil
    }

    /// The words between the holes of a template.
    private static func literals(of template: String) -> [String] {
        template.split(separator: "{}", omittingEmptySubsequences: false).map(String.init)
    }

    /// The readers' templates split once: splitting each for every sentence read was most of
    /// the time a migration spent converting trails.
    private static let wordings: [String: [String]] = Dictionary(
        uniqueKeysWithValues: [
            "asset warranty names unknown template {}",
            "asset warranty {} expired {}",
            "asset warranty {} passed over: force generic warranty is set",
            "asset warranty {} starts {}, after {}",
            "asset warranty {} valid {} to {}",
            "asset warranty {}",
            "asset warranty {}: lifetime cap {} used up (spent {})",
            "contract {} ({}) released {} to {}, {}",
            "contract {} does not cover region {} (covers {})",
            "contract {} does not list {}",
            "contract {} ended {}",
            "contract {} is {}",
            "contract {} starts {}, after {}",
            "contract {}",
            "covers {} by approved override",
            "customer {} has no service contract",
            "generic warranty {} expired {} ({})",
            "generic warranty {} not effective on {}: effective from {}",
            "generic warranty {} not effective on {}: expired {}",
            "generic warranty {} of item {} has no duration",
            "generic warranty {} valid to {} ({}",
            "generic warranty {}",
            "generic warranty {}: lifetime cap {} used up (spent {})",
            "generic warranty {}: reported {} before install {}",
            "item {} has no generic warranty",
            "no warranty or contract covers {} on {}",
            "region {}: {}",
            "response {} h",
            "travel {} by the rule for {}",
            "warranty extension {} months",
            "{} ({} + {} months)",
            "{} + {}",
            "{} has no asset warranty",
            "{} min",
            "{} months from install {}",
            "→ {}: {}",
        ].map { ($0, literals(of: $0)) })

    private static func date(_ s: String) -> CivilDate? { CivilDate(parsing: s) }

    private static func coveredWord(_ s: String) -> Bool? {
        switch s {
        case "covered": true
        case "not covered": false
        default: nil
        }
    }

    /// `s` split around the last `separator`, if it has one.
    private static func splitLast(_ s: String, _ separator: String) -> (String, String)? {
        s.ranges(of: separator).last.map { (String(s[..<$0.lowerBound]), String(s[$0.upperBound...])) }
    }

    private static func regionRule(_ region: String, _ parts: String) -> EntitlementStep? {
        var ext = 0
        var hours: Int?
        var travel: Bool?
        if parts != "default rule" {
            for part in parts.split(separator: ", ", omittingEmptySubsequences: false).map(String.init) {
                if let m = match("warranty extension {} months", part), let n = Int(m[0]) {
                    ext = n
                } else if let h = match("response {} h", part), let n = Int(h[0]) {
                    hours = n
                } else if part.hasPrefix("travel "), let covered = coveredWord(String(part.dropFirst(7))) {
                    travel = covered
                } else {
                    return nil
                }
            }
        }
        return .regionRule(region: region, extensionMonths: ext, responseHours: hours, travelCovered: travel)
    }

    private static func source(outcome: String, label: String) -> EntitlementSource? {
        let source: EntitlementSource
        if label == "no warranty or contract" {
            source = .none
        } else if let t = match("asset warranty {}", label)?[0] {
            source = .assetWarranty(template: t)
        } else if let t = match("generic warranty {}", label)?[0] {
            source = .genericWarranty(template: t)
        } else if let n = match("contract {}", label)?[0] {
            source = .contract(number: n)
        } else {
            return nil
        }
        return source.outcome.rawValue == outcome ? source : nil
    }

    private static func warrantyEnd(_ s: String) -> WarrantyEnd? {
        if let d = date(s) { return WarrantyEnd(end: d) }
        guard let c = match("{} ({} + {} months)", s), let end = date(c[0]), let from = date(c[1]),
            let months = Int(c[2])
        else { return nil }
        return WarrantyEnd(end: end, extended: .init(from: from, months: months))
    }

    private static func span(_ s: String) -> GenericSpan? {
        guard let c = match("{} months from install {}", s), let installed = date(c[1]) else { return nil }
        if let months = Int(c[0]) { return GenericSpan(months: months, extensionMonths: 0, installedOn: installed) }
        guard let sum = match("{} + {}", c[0]), let months = Int(sum[0]), let ext = Int(sum[1]) else { return nil }
        return GenericSpan(months: months, extensionMonths: ext, installedOn: installed)
    }

    /// A trailing "; lifetime cap X left" split off: the rest, and the amount (nil inside when
    /// there is none); nil outside when it is there but no amount.
    private static func capLeft(_ s: String) -> (String, Money??) {
        guard let (head, tail) = splitLast(s, "; lifetime cap "), tail.hasSuffix(" left") else {
            return (s, .some(nil))
        }
        guard let m = Money(parsing: String(tail.dropLast(" left".count))) else { return (s, nil) }
        return (head, .some(m))
    }

    private static func prepaid(_ s: String) -> PrepaidBalance? {
        if let m = match("{} min", s), let n = Int(m[0]) { return .minutes(n) }
        return Money(parsing: s).map { .money($0) }
    }
}
