/// What the case queue shows: a saved view, a sort, and filters. The store answers it one
/// window of rows at a time; nothing loads the whole table. Pure values, so the screen and
/// the store share them without the screen reaching the store.
public struct QueueQuery: Sendable, Equatable {
    public enum View: String, Sendable, CaseIterable {
        case open, mine
        /// A technician's own: the open cases with a visit of his planned or done.
        case visits = "my-visits"
        case unverified
        case dueToday = "due-today"
        case readyToClose = "ready-to-close"
        case blockedAtClose = "blocked-at-close"
        case all
    }

    public enum Sort: String, Sendable, CaseIterable {
        case sla, age, priority, id
    }

    public var view: View
    public var sort: Sort
    /// The user "mine" and "my visits" mean.
    public var account: String
    /// "Due today" means due before the end of this day (overdue included).
    public var today: CivilDate
    public var status: CaseStatus?
    public var customerID: String?
    public var serial: String?
    /// Words to find in the subject, customer name or serial (each a prefix), or a case number.
    public var search: String

    public init(
        view: View = .open, sort: Sort = .sla, account: String, today: CivilDate,
        status: CaseStatus? = nil, customerID: String? = nil, serial: String? = nil, search: String = ""
    ) {
        self.view = view
        self.sort = sort
        self.account = account
        self.today = today
        self.status = status
        self.customerID = customerID
        self.serial = serial
        self.search = search
    }
}

/// One case as the queue lists it.
public struct QueueRow: Sendable, Equatable {
    public var id: CaseID
    public var status: CaseStatus
    public var priority: Int
    public var slaDue: Timestamp?
    public var openedAt: Timestamp
    public var customerName: String
    public var serial: String
    public var subject: String
    public var assignee: String
    public var entitlement: EntitlementOutcome?
    public var failingChecks: Int
    /// In "my visits", the place of his visit to the case in the day's order (`QueueQuery.key`);
    /// nil in every other view.
    public var visitRank: Int64?

    public init(
        id: CaseID, status: CaseStatus, priority: Int, slaDue: Timestamp?, openedAt: Timestamp,
        customerName: String, serial: String, subject: String, assignee: String,
        entitlement: EntitlementOutcome?, failingChecks: Int, visitRank: Int64? = nil
    ) {
        self.id = id
        self.status = status
        self.priority = priority
        self.slaDue = slaDue
        self.openedAt = openedAt
        self.customerName = customerName
        self.serial = serial
        self.subject = subject
        self.assignee = assignee
        self.entitlement = entitlement
        self.failingChecks = failingChecks
        self.visitRank = visitRank
    }
}

/// Where a page of the queue starts or ends: a row's values in its sort's order, the case
/// number last, so no two rows share one. Paging on from a row's key reads straight from an
/// index however deep in the queue it is; skipping N rows (an offset) reads all N.
public struct QueueKey: Sendable, Equatable {
    public var values: [Int64]
    public init(_ values: [Int64]) { self.values = values }
}

/// How many cases a query finds: all of them, or — when counting stopped early — at least
/// `count`, and more.
public struct QueueTally: Sendable, Equatable {
    public var count: Int
    public var isAtLeast: Bool
    public init(count: Int, isAtLeast: Bool) {
        self.count = count
        self.isAtLeast = isAtLeast
    }
}

/// Which rows of the queue to read: from a position (a jump), after a row, or before one —
/// `before(nil)` being the queue's last rows (End).
public enum QueuePage: Sendable, Equatable {
    case offset(Int)
    case after(QueueKey)
    case before(QueueKey?)
}

extension QueueQuery.Sort {
    /// What a case with no due time sorts as: after every case that has one.
    public static let noDueTime = Int64.max

    /// The row's place in this order.
    public func key(of row: QueueRow) -> QueueKey {
        let due = row.slaDue?.seconds ?? Self.noDueTime
        return switch self {
        case .sla: QueueKey([due, row.id.rawValue])
        case .age: QueueKey([row.openedAt.seconds, row.id.rawValue])
        case .priority: QueueKey([Int64(row.priority), due, row.id.rawValue])
        case .id: QueueKey([row.id.rawValue])
        }
    }
}

extension QueueQuery {
    /// The row's place in this query's order: in "my visits", his visits come first in the
    /// order of the day — today's by start, then the coming days', then earlier ones whose case
    /// is still open — and the sort orders cases whose visits start together.
    public func key(of row: QueueRow) -> QueueKey {
        let key = sort.key(of: row)
        guard view == .visits, let rank = row.visitRank else { return key }
        return QueueKey([rank] + key.values)
    }
}
