import ServiceCore
import ServiceStore

/// A bin the part form offers for a used part: how many of the item can be used from it —
/// what is available there and what the case itself holds reserved there, which usage takes
/// first — and whether it is the technician's own van.
public struct BinOffer: Sendable, Equatable {
    public var bin: Bin
    public var usable: Int
    /// Of `usable`, the units the case's own reservations hold in this bin.
    public var heldForCase: Int
    public var isOwnVan: Bool
}

// What the forms' fields offer as a value is typed, with what the screen shows beside each:
// read here, worded by the screen. A read that fails offers nothing; the command that the
// form ends in still says what is wrong.
extension Session {
    /// The desk's active resolution codes that `typed` begins, in any case, or whose
    /// description holds it.
    public func resolutionCodes(matching typed: String, limit: Int = 12) -> [ResolutionCode] {
        (try? read { try $0.resolutionCodes(matching: typed, limit: limit) }) ?? []
    }

    /// Why `typed` would not resolve a case on this desk, as `resolve` would refuse it; nil
    /// when it would. The form says so on leaving the field, before the command runs.
    public func resolutionCodeProblem(_ typed: String) -> String? {
        let code = ResolutionCode.normalised(typed)
        guard ReasonCode.isWellFormed(code) else { return "letters, digits and dashes, e.g. REPLACED-PART" }
        return ResolutionCode.problem(with: code, among: (try? read { try $0.resolutionCodes() }) ?? [])
    }

    /// Items whose part number `typed` begins or whose description holds it.
    public func items(matching typed: String, limit: Int = 12) -> [Item] {
        (try? read { try $0.items(matching: typed, limit: limit) }) ?? []
    }

    /// The bins to use `sku` from on a case, the technician's own van first (`BinSuggestion.forUse`):
    /// the signed-in technician's, or for anyone else the van of the case's visit technician.
    public func binsForUse(of sku: String, on caseID: CaseID, quantity: Int) -> [BinOffer] {
        (try? read { tx in
            guard let c = try tx.serviceCase(caseID) else { return [] }
            var held: [String: Int] = [:]
            for r in try tx.openReservations(caseID: caseID) where r.sku == sku {
                held[r.bin, default: 0] += r.remaining
            }
            let visits = try tx.visits(caseID: caseID)
            let technician =
                user.role == .technician
                ? user.account
                : (visits.first { $0.status == .planned } ?? visits.last { $0.status == .done })?.technician
            // What the case holds is its own to use: counted as available, for the ranking too.
            let levels = try tx.stockLevels(sku: sku).map { level in
                var l = level
                l.reserved -= min(l.reserved, held[l.bin.id] ?? 0)
                return l
            }
            return BinSuggestion.forUse(
                levels, quantity: quantity, technician: technician, region: try tx.asset(c.serial)?.region ?? ""
            ).map {
                BinOffer(
                    bin: $0.bin, usable: $0.available, heldForCase: held[$0.bin.id] ?? 0,
                    isOwnVan: technician != nil && $0.bin.kind == .van && $0.bin.technician == technician)
            }
        }) ?? []
    }
}
