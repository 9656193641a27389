import ServiceCore

extension PostingKind {
    /// The integer a posting keeps for its kind (migration v15), which the generated column
    /// `posting.kind` spells back as the name. Fixed once written: a new kind takes the next
    /// code, and the migration's CASE and CHECK grow with it. `PostingKindCodeTests` checks
    /// that the schema spells every code as this kind.
    var storageCode: Int {
        switch self {
        case .revenue: 0
        case .warrantyCost: 1
        case .goodwillCost: 2
        case .contractConsumption: 3
        case .stockIssue: 4
        case .coreCredit: 5
        case .coreCharge: 6
        case .claimAccepted: 7
        case .claimRejected: 8
        }
    }
}
