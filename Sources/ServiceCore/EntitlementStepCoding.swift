/// A step as it is kept: a short code and its parameters, in a JSON array — dates as the
/// integer YYYYMMDD, amounts in minor units, yes/no as 1/0, absent trailing parameters left
/// off — and a sentence kept as written as the JSON string it is. A trail written before
/// steps existed is a JSON array of strings: it decodes as it stood, every step `.text`.
/// A typical trail of four sentences (~230 bytes) keeps as ~110.
extension EntitlementStep: Codable {
    /// One parameter of a stored step.
    enum Parameter: Hashable, Sendable, Codable {
        case int(Int64)
        case text(String)
        case null

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let i = try? c.decode(Int64.self) {
                self = .int(i)
            } else {
                self = .text(try c.decode(String.self))
            }
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .int(let i): try c.encode(i)
            case .text(let s): try c.encode(s)
            case .null: try c.encodeNil()
            }
        }
    }

    public init(from decoder: Decoder) throws {
        if let sentence = try? decoder.singleValueContainer().decode(String.self) {
            self = .text(sentence)
            return
        }
        let stored = try decoder.singleValueContainer().decode([Parameter].self)
        guard let step = EntitlementStep(stored: stored) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a stored entitlement step: \(stored)"))
        }
        self = step
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if case .text(let sentence) = self {
            try c.encode(sentence)
        } else {
            try c.encode(stored)
        }
    }

    /// The code and parameters, trailing absent ones left off.
    var stored: [Parameter] {
        var p: [Parameter]
        switch self {
        case .regionRule(let region, let ext, let hours, let travel):
            p = [.text("r"), .text(region), int(ext), int(hours), flag(travel)]
        case .noRegionalRule(let region): p = [.text("r-"), .text(region)]
        case .travelByRule(let covered, let region, let tier):
            p = [.text("t"), flag(covered), .text(region), text(tier)]
        case .decided(let source):
            switch source {
            case .assetWarranty(let t): p = [.text("da"), .text(t)]
            case .genericWarranty(let t): p = [.text("dg"), .text(t)]
            case .contract(let n): p = [.text("dc"), .text(n)]
            case .none: p = [.text("dn")]
            }
        case .assetForcedGeneric(let t): p = [.text("af"), .text(t)]
        case .assetNotStarted(let t, let start, let on): p = [.text("as"), .text(t), date(start), date(on)]
        case .assetExpired(let t, let end): p = [.text("ax"), .text(t)] + warrantyEnd(end)
        case .assetCapUsedUp(let t, let limit, let spent): p = [.text("ac"), .text(t), money(limit), money(spent)]
        case .assetValid(let t, let start, let end, let left):
            p = [.text("av"), .text(t), date(start), money(left)] + warrantyEnd(end)
        case .assetUnknownTemplate(let t): p = [.text("au"), .text(t)]
        case .noAssetWarranty(let serial): p = [.text("an"), .text(serial)]
        case .genericBeforeInstall(let g, let on, let installed):
            p = [.text("gi"), .text(g), date(on), date(installed)]
        case .genericExpired(let g, let end, let s): p = [.text("gx"), .text(g), date(end)] + span(s)
        case .genericNotYetEffective(let g, let on, let eff): p = [.text("ge"), .text(g), date(on), date(eff)]
        case .genericNoLongerEffective(let g, let on, let exp): p = [.text("gl"), .text(g), date(on), date(exp)]
        case .genericCapUsedUp(let g, let limit, let spent): p = [.text("gc"), .text(g), money(limit), money(spent)]
        case .genericValid(let g, let end, let s, let left):
            p = [.text("gv"), .text(g), date(end)] + span(s) + [money(left)]
        case .genericNoDuration(let g, let sku): p = [.text("gd"), .text(g), .text(sku)]
        case .noGenericWarranty(let sku): p = [.text("gn"), .text(sku)]
        case .noContract(let customer): p = [.text("cn"), .text(customer)]
        case .contractNotReleased(let n, let status): p = [.text("cs"), .text(n), .text(status.rawValue)]
        case .contractNotStarted(let n, let start, let on): p = [.text("cb"), .text(n), date(start), date(on)]
        case .contractEnded(let n, let end): p = [.text("ce"), .text(n), date(end)]
        case .contractOutsideRegion(let n, let region, let covers):
            p = [.text("cr"), .text(n), .text(region)] + covers.map { .text($0) }
        case .contractNotListing(let n, let serial): p = [.text("cl"), .text(n), .text(serial)]
        case .contractCovers(let n, let tier, let start, let end, let serial, let byOverride, let balance):
            var minutes: Parameter = .null
            var amount: Parameter = .null
            switch balance {
            case .minutes(let m)?: minutes = .int(Int64(m))
            case .money(let m)?: amount = money(m)
            case nil: break
            }
            p = [
                .text("cc"), .text(n), .text(tier), date(start), date(end), .text(serial), flag(byOverride), minutes,
                amount,
            ]
        case .nothingCovers(let serial, let on): p = [.text("nc"), .text(serial), date(on)]
        case .text(let sentence): p = [.text("x"), .text(sentence)]
        }
        while p.last == .null { p.removeLast() }
        return p
    }

    /// The step `stored` keeps; nil when it is no step's code and parameters.
    init?(stored: [Parameter]) {
        var r = Reader(stored)
        guard case .text(let code)? = stored.first else { return nil }
        let step: EntitlementStep?
        switch code {
        case "r":
            step = r.text(1).map {
                .regionRule(
                    region: $0, extensionMonths: r.int(2) ?? 0, responseHours: r.optionalInt(3),
                    travelCovered: r.optionalFlag(4))
            }
        case "r-": step = r.text(1).map { .noRegionalRule(region: $0) }
        case "t":
            step = zip(r.flag(1), r.text(2)).map { .travelByRule(covered: $0, region: $1, tier: r.optionalText(3)) }
        case "da": step = r.text(1).map { .decided(.assetWarranty(template: $0)) }
        case "dg": step = r.text(1).map { .decided(.genericWarranty(template: $0)) }
        case "dc": step = r.text(1).map { .decided(.contract(number: $0)) }
        case "dn": step = .decided(.none)
        case "af": step = r.text(1).map { .assetForcedGeneric(template: $0) }
        case "as": step = zip(r.text(1), r.date(2), r.date(3)).map { .assetNotStarted(template: $0, start: $1, on: $2) }
        case "ax": step = zip(r.text(1), r.warrantyEnd(2)).map { .assetExpired(template: $0, end: $1) }
        case "ac":
            step = zip(r.text(1), r.money(2), r.money(3)).map { .assetCapUsedUp(template: $0, limit: $1, spent: $2) }
        case "av":
            step = zip(r.text(1), r.date(2), r.warrantyEnd(4)).map {
                .assetValid(template: $0, start: $1, end: $2, capLeft: r.optionalMoney(3))
            }
        case "au": step = r.text(1).map { .assetUnknownTemplate(template: $0) }
        case "an": step = r.text(1).map { .noAssetWarranty(serial: $0) }
        case "gi":
            step = zip(r.text(1), r.date(2), r.date(3)).map {
                .genericBeforeInstall(template: $0, on: $1, installedOn: $2)
            }
        case "gx": step = zip(r.text(1), r.date(2), r.span(3)).map { .genericExpired(template: $0, end: $1, span: $2) }
        case "ge":
            step = zip(r.text(1), r.date(2), r.date(3)).map {
                .genericNotYetEffective(template: $0, on: $1, effective: $2)
            }
        case "gl":
            step = zip(r.text(1), r.date(2), r.date(3)).map {
                .genericNoLongerEffective(template: $0, on: $1, expiry: $2)
            }
        case "gc":
            step = zip(r.text(1), r.money(2), r.money(3)).map {
                .genericCapUsedUp(template: $0, limit: $1, spent: $2)
            }
        case "gv":
            step = zip(r.text(1), r.date(2), r.span(3)).map {
                .genericValid(template: $0, end: $1, span: $2, capLeft: r.optionalMoney(6))
            }
        case "gd": step = zip(r.text(1), r.text(2)).map { .genericNoDuration(template: $0, sku: $1) }
        case "gn": step = r.text(1).map { .noGenericWarranty(sku: $0) }
        case "cn": step = r.text(1).map { .noContract(customer: $0) }
        case "cs":
            step = zip(r.text(1), r.text(2).flatMap(ContractStatus.init(rawValue:))).map {
                .contractNotReleased(number: $0, status: $1)
            }
        case "cb":
            step = zip(r.text(1), r.date(2), r.date(3)).map { .contractNotStarted(number: $0, start: $1, on: $2) }
        case "ce": step = zip(r.text(1), r.date(2)).map { .contractEnded(number: $0, end: $1) }
        case "cr":
            let covers = stored.dropFirst(3).compactMap { p -> String? in
                if case .text(let s) = p { return s }
                return nil
            }
            step =
                covers.count == stored.count - 3
                ? zip(r.text(1), r.text(2)).map { .contractOutsideRegion(number: $0, region: $1, covers: covers) } : nil
        case "cl": step = zip(r.text(1), r.text(2)).map { .contractNotListing(number: $0, serial: $1) }
        case "cc":
            var balance: PrepaidBalance?
            if let m = r.optionalInt(7) {
                balance = .minutes(m)
            } else if let m = r.optionalMoney(8) {
                balance = .money(m)
            }
            step = zip(r.text(1), r.text(2), r.date(3), r.date(4)).flatMap { n, tier, start, end in
                zip(r.text(5), r.flag(6)).map {
                    .contractCovers(
                        number: n, tier: tier, start: start, end: end, serial: $0, byOverride: $1, balance: balance)
                }
            }
        case "nc": step = zip(r.text(1), r.date(2)).map { .nothingCovers(serial: $0, on: $1) }
        case "x": step = r.text(1).map { .text($0) }
        default: step = nil
        }
        guard let step, r.valid else { return nil }
        self = step
    }

    private func int(_ n: Int?) -> Parameter { n.map { .int(Int64($0)) } ?? .null }
    private func text(_ s: String?) -> Parameter { s.map { .text($0) } ?? .null }
    private func flag(_ b: Bool?) -> Parameter { b.map { .int($0 ? 1 : 0) } ?? .null }
    private func money(_ m: Money?) -> Parameter { m.map { .int($0.minorUnits) } ?? .null }
    private func date(_ d: CivilDate) -> Parameter { .int(Int64(d.year * 10_000 + d.month * 100 + d.day)) }

    private func warrantyEnd(_ e: WarrantyEnd) -> [Parameter] {
        [date(e.end)] + (e.extended.map { [date($0.from), int($0.months)] } ?? [])
    }

    private func span(_ s: GenericSpan) -> [Parameter] {
        [int(s.months), int(s.extensionMonths), date(s.installedOn)]
    }

    /// Reads typed parameters by position; a parameter of the wrong type makes the whole
    /// step unreadable (`valid` false), not a different step.
    private struct Reader {
        let values: [Parameter]
        var valid = true

        init(_ values: [Parameter]) { self.values = values }

        private func at(_ i: Int) -> Parameter { i < values.count ? values[i] : .null }

        mutating func text(_ i: Int) -> String? {
            guard case .text(let s) = at(i) else { return fail() }
            return s
        }
        mutating func int(_ i: Int) -> Int? {
            guard case .int(let n) = at(i), let v = Int(exactly: n) else { return fail() }
            return v
        }
        mutating func flag(_ i: Int) -> Bool? {
            switch at(i) {
            case .int(0): false
            case .int(1): true
            default: fail()
            }
        }
        mutating func date(_ i: Int) -> CivilDate? {
            guard case .int(let n) = at(i),
                let d = CivilDate(year: Int(n / 10_000), month: Int(n / 100 % 100), day: Int(n % 100))
            else { return fail() }
            return d
        }
        mutating func money(_ i: Int) -> Money? {
            guard case .int(let n) = at(i) else { return fail() }
            return Money(minorUnits: n)
        }
        mutating func optionalInt(_ i: Int) -> Int? { at(i) == .null ? nil : int(i) }
        mutating func optionalText(_ i: Int) -> String? { at(i) == .null ? nil : text(i) }
        mutating func optionalFlag(_ i: Int) -> Bool? { at(i) == .null ? nil : flag(i) }
        mutating func optionalMoney(_ i: Int) -> Money? { at(i) == .null ? nil : money(i) }

        mutating func warrantyEnd(_ i: Int) -> WarrantyEnd? {
            guard let end = date(i) else { return nil }
            guard at(i + 1) != .null else { return WarrantyEnd(end: end) }
            return zip(date(i + 1), int(i + 2)).map { WarrantyEnd(end: end, extended: .init(from: $0, months: $1)) }
        }

        mutating func span(_ i: Int) -> GenericSpan? {
            zip(int(i), int(i + 1), date(i + 2)).map { GenericSpan(months: $0, extensionMonths: $1, installedOn: $2) }
        }

        private mutating func fail<T>() -> T? {
            valid = false
            return nil
        }
    }
}

/// Both values, or nil.
private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

private func zip<A, B, C>(_ a: A?, _ b: B?, _ c: C?) -> (A, B, C)? {
    guard let a, let b, let c else { return nil }
    return (a, b, c)
}

private func zip<A, B, C, D>(_ a: A?, _ b: B?, _ c: C?, _ d: D?) -> (A, B, C, D)? {
    guard let a, let b, let c, let d else { return nil }
    return (a, b, c, d)
}
