/// The policy exceptions an agent may ask for; a supervisor other than the requester decides.
public enum OverrideKind: String, Sendable, Codable, CaseIterable {
    /// Move an amount of one line from the customer to the company.
    case goodwill
    /// Let a contract cover a serial it does not list, for this case.
    case coverObject = "cover-object"
    /// Waive the deductible for this case.
    case waiveDeductible = "waive-deductible"
    /// Raise the per-incident and lifetime caps by an amount, for this case.
    case extendCap = "extend-cap"
    /// Open a closed case again: its postings are reversed, never edited.
    case reopen
    /// Give back what a reservation of another agent's case holds, and hold it for the
    /// requester's case instead when one is named.
    case releaseReservation = "release-reservation"
}

public enum OverrideStatus: String, Sendable, Codable, CaseIterable {
    case pending, approved, rejected
}

public struct OverrideRequest: Hashable, Sendable, Codable {
    public var id: OverrideID
    public var caseID: CaseID
    public var kind: OverrideKind
    public var lineID: LineID?
    public var contract: String?
    public var amount: Money?
    /// For a release: the reservation, how many of what it holds, and the case to hold them for.
    public var reservationID: ReservationID?
    public var quantity: Int?
    public var forCase: CaseID?
    public var reasonCode: String
    public var note: String
    public var requestedBy: String
    public var requestedAt: Timestamp
    public var status: OverrideStatus
    public var decidedBy: String?
    public var decidedAt: Timestamp?
    public var decisionNote: String?

    public init(
        id: OverrideID, caseID: CaseID, kind: OverrideKind, lineID: LineID? = nil, contract: String? = nil,
        amount: Money? = nil, reservationID: ReservationID? = nil, quantity: Int? = nil, forCase: CaseID? = nil,
        reasonCode: String, note: String, requestedBy: String, requestedAt: Timestamp,
        status: OverrideStatus = .pending, decidedBy: String? = nil, decidedAt: Timestamp? = nil,
        decisionNote: String? = nil
    ) {
        self.id = id
        self.caseID = caseID
        self.kind = kind
        self.lineID = lineID
        self.contract = contract
        self.amount = amount
        self.reservationID = reservationID
        self.quantity = quantity
        self.forCase = forCase
        self.reasonCode = reasonCode
        self.note = note
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.status = status
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.decisionNote = decisionNote
    }

    public var summary: String {
        switch kind {
        case .goodwill: "goodwill \(amount ?? .zero) on line \(lineID.map(String.init(describing:)) ?? "?")"
        case .coverObject: "cover object on contract \(contract ?? "?")"
        case .waiveDeductible: "waive deductible"
        case .extendCap: "extend cap by \(amount ?? .zero)"
        case .reopen: "reopen the closed case"
        case .releaseReservation:
            "release \(quantity ?? 0) held by reservation \(reservationID.map(String.init(describing:)) ?? "?")"
                + (forCase.map { " for case \($0)" } ?? "")
        }
    }
}

/// What the approved overrides of one case change in entitlement and coverage.
public struct CaseAdjustments: Hashable, Sendable {
    public var contractsCoveringSerial: Set<String> = []
    public var deductibleWaived = false
    public var capExtension: Money = .zero
    public var goodwill: [LineID: Money] = [:]

    public init() {}

    public init(approved overrides: [OverrideRequest]) {
        for o in overrides where o.status == .approved {
            switch o.kind {
            case .goodwill: if let line = o.lineID { goodwill[line, default: .zero] += o.amount ?? .zero }
            case .coverObject: if let c = o.contract { contractsCoveringSerial.insert(c) }
            case .waiveDeductible: deductibleWaived = true
            case .extendCap: capExtension += o.amount ?? .zero
            case .reopen, .releaseReservation: break
            }
        }
    }
}
