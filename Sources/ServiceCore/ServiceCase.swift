public enum CaseStatus: String, Sendable, Codable, CaseIterable {
    case new, verified, scheduled
    case inProgress = "in-progress"
    case resolved, closed, cancelled

    public var isOpen: Bool { self != .closed && self != .cancelled }
}

/// A service case: one customer's asset, one fault, from first call to invoice.
public struct ServiceCase: Hashable, Sendable, Codable {
    public var id: CaseID
    public var customerID: String
    public var serial: String
    public var subject: String
    /// The day the fault was reported: entitlement is judged on this date.
    public var reportedOn: CivilDate
    public var openedAt: Timestamp
    public var priority: Int
    public var assignee: String
    public var contact: String
    public var slaDue: Timestamp?
    public var status: CaseStatus
    public var resolutionCode: String?
    public var technicianNotes: String
    /// Explicitly no parts / no labour used (closure check 3).
    public var noParts: Bool
    public var noLabour: Bool
    /// Loaded as history from the ERP: never sent to the outbox, reported apart.
    public var imported: Bool

    public init(
        id: CaseID, customerID: String, serial: String, subject: String, reportedOn: CivilDate,
        openedAt: Timestamp, priority: Int, assignee: String, contact: String = "", slaDue: Timestamp? = nil,
        status: CaseStatus = .new, resolutionCode: String? = nil, technicianNotes: String = "",
        noParts: Bool = false, noLabour: Bool = false, imported: Bool = false
    ) {
        self.id = id
        self.customerID = customerID
        self.serial = serial
        self.subject = subject
        self.reportedOn = reportedOn
        self.openedAt = openedAt
        self.priority = priority
        self.assignee = assignee
        self.contact = contact
        self.slaDue = slaDue
        self.status = status
        self.resolutionCode = resolutionCode
        self.technicianNotes = technicianNotes
        self.noParts = noParts
        self.noLabour = noLabour
        self.imported = imported
    }

    public static let priorities = 1...4
}

public enum VisitStatus: String, Sendable, Codable, CaseIterable {
    case planned, done
    case noAccess = "no-access"
}

public struct Visit: Hashable, Sendable, Codable {
    public var id: VisitID
    public var caseID: CaseID
    public var technician: String
    public var startsAt: Timestamp
    public var endsAt: Timestamp
    public var status: VisitStatus

    public init(
        id: VisitID, caseID: CaseID, technician: String, startsAt: Timestamp, endsAt: Timestamp,
        status: VisitStatus = .planned
    ) {
        self.id = id
        self.caseID = caseID
        self.technician = technician
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.status = status
    }
}

public enum LineKind: String, Sendable, Codable, CaseIterable {
    case part, labour, travel, expense

    public var costType: CostType {
        switch self {
        case .part: .parts
        case .labour: .labour
        case .travel: .travel
        case .expense: .expenses
        }
    }
}

public enum Classification: String, Sendable, Codable, CaseIterable {
    case warranty, contract, billable, goodwill
}

/// A line of work on a case. Its amount is a selling amount: list price × quantity,
/// minutes × the technician's rate, travel and expenses as entered.
public struct CaseLine: Hashable, Sendable, Codable {
    public var id: LineID
    public var caseID: CaseID
    /// Position within the case, from 1: coverage ties go to the lowest number.
    public var number: Int
    public var kind: LineKind
    public var description: String
    public var amount: Money
    public var sku: String?
    public var quantity: Int?
    public var bin: String?
    public var category: String?
    public var minutes: Int?
    public var technician: String?
    /// Set only when someone classified the line differently from the proposal.
    public var manualClassification: Classification?
    public var reasonCode: String?

    public init(
        id: LineID, caseID: CaseID, number: Int, kind: LineKind, description: String, amount: Money,
        sku: String? = nil, quantity: Int? = nil, bin: String? = nil, category: String? = nil,
        minutes: Int? = nil, technician: String? = nil, manualClassification: Classification? = nil,
        reasonCode: String? = nil
    ) {
        self.id = id
        self.caseID = caseID
        self.number = number
        self.kind = kind
        self.description = description
        self.amount = amount
        self.sku = sku
        self.quantity = quantity
        self.bin = bin
        self.category = category
        self.minutes = minutes
        self.technician = technician
        self.manualClassification = manualClassification
        self.reasonCode = reasonCode
    }
}

public enum Labour {
    /// minutes × hourly rate, rounded half away from zero to the cent.
    public static func amount(minutes: Int, hourlyRate: Money) -> Money {
        hourlyRate.scaled(by: Int64(minutes), over: 60)
    }
}
