import Foundation
internal import GRDB
import ServiceCore

/// What the case queue shows: a saved view, a sort, and filters. Queries return one window
/// of rows at a time; nothing loads the whole table.
public struct QueueQuery: Sendable, Equatable {
    public enum View: String, Sendable, CaseIterable {
        case open, mine, unverified
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
    /// The user "mine" means.
    public var account: String
    /// "Due today" means due before the end of this day (overdue included).
    public var today: CivilDate
    public var status: CaseStatus?
    public var customerID: String?
    public var serial: String?
    /// Words to find in the subject, customer name or serial (each a prefix), or a case number.
    public var search: String

    public init(view: View = .open, sort: Sort = .sla, account: String, today: CivilDate,
                status: CaseStatus? = nil, customerID: String? = nil, serial: String? = nil, search: String = "") {
        self.view = view; self.sort = sort; self.account = account; self.today = today
        self.status = status; self.customerID = customerID; self.serial = serial; self.search = search
    }

    /// The search as an FTS5 query: every word must match as a prefix; quoting each word keeps
    /// what the user typed from being read as FTS syntax. Nil when there is nothing to find.
    var searchExpression: String? {
        let words = search.split(whereSeparator: { $0.isWhitespace }).map { w in
            "\"" + w.replacingOccurrences(of: "\"", with: "\"\"") + "\"*"
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}

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
}

extension StoreTransaction {
    private func queueWhere(_ q: QueueQuery) -> (String, [DatabaseValueConvertible?]) {
        var conditions: [String] = []
        var args: [DatabaseValueConvertible?] = []
        let open = "c.status NOT IN ('closed','cancelled')"
        switch q.view {
        case .all: break
        case .open: conditions.append(open)
        case .mine: conditions.append(open); conditions.append("c.assignee = ?"); args.append(q.account)
        case .unverified: conditions.append(open); conditions.append("coalesce(s.entitlement_ok, 0) = 0")
        case .dueToday:
            conditions.append(open); conditions.append("c.sla_due < ?")
            args.append(Timestamp(date: q.today.adding(days: 1)))
        case .readyToClose: conditions.append(open); conditions.append("s.failing = 0")
        case .blockedAtClose: conditions.append("c.status = 'resolved'"); conditions.append("s.failing > 0")
        }
        if let s = q.status { conditions.append("c.status = ?"); args.append(s) }
        if let c = q.customerID { conditions.append("c.customer_id = ?"); args.append(c) }
        if let s = q.serial { conditions.append("c.serial = ?"); args.append(s) }
        if let match = q.searchExpression {
            let number = Int64(q.search.trimmingCharacters(in: .whitespaces).trimmingPrefix("#"))
            conditions.append("(c.id = ? OR c.id IN (SELECT rowid FROM case_search WHERE case_search MATCH ?))")
            args.append(number ?? -1); args.append(match)
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), args)
    }

    /// Rows `offset ..< offset + limit` of the queue, in the query's order.
    public func queue(_ q: QueueQuery, offset: Int = 0, limit: Int = 50) throws -> [QueueRow] {
        let (whereSQL, args) = queueWhere(q)
        let order = switch q.sort {
        case .sla: "c.sla_due IS NULL, c.sla_due, c.id"
        case .age: "c.opened_at, c.id"
        case .priority: "c.priority, c.sla_due IS NULL, c.sla_due, c.id"
        case .id: "c.id"
        }
        return try Row.fetchAll(db.cachedStatement(sql: """
            SELECT c.id, c.status, c.priority, c.sla_due, c.opened_at, cu.name AS customer_name, c.serial, c.subject,
                   c.assignee, s.entitlement, coalesce(s.failing, 0) AS failing
            FROM service_case c JOIN customer cu ON cu.id = c.customer_id LEFT JOIN case_state s ON s.case_id = c.id
            \(whereSQL) ORDER BY \(order) LIMIT ? OFFSET ?
            """), arguments: StatementArguments(args + [limit, offset])).map { row in
            QueueRow(id: row["id"], status: row["status"], priority: row["priority"], slaDue: row["sla_due"],
                     openedAt: row["opened_at"], customerName: row["customer_name"], serial: row["serial"],
                     subject: row["subject"], assignee: row["assignee"], entitlement: row["entitlement"],
                     failingChecks: row["failing"])
        }
    }

    public func queueCount(_ q: QueueQuery) throws -> Int {
        let (whereSQL, args) = queueWhere(q)
        return try Int.fetchOne(db.cachedStatement(sql: """
            SELECT count(*) FROM service_case c LEFT JOIN case_state s ON s.case_id = c.id \(whereSQL)
            """), arguments: StatementArguments(args)) ?? 0
    }
}
