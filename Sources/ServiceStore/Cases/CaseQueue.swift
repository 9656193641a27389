import Foundation
internal import GRDB
import ServiceCore

extension QueueQuery {
    /// The search as an FTS5 query: every word must match as a prefix; quoting each word keeps
    /// what the user typed from being read as FTS syntax. Nil when there is nothing to find.
    var searchExpression: String? {
        let words = search.split(whereSeparator: { $0.isWhitespace }).map { w in
            "\"" + w.replacingOccurrences(of: "\"", with: "\"\"") + "\"*"
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}

extension StoreTransaction {
    private func queueWhere(_ q: QueueQuery) -> (String, [DatabaseValueConvertible?]) {
        var conditions: [String] = []
        var args: [DatabaseValueConvertible?] = []
        let open = "c.status NOT IN ('closed','cancelled')"
        switch q.view {
        case .all: break
        case .open: conditions.append(open)
        case .mine:
            conditions.append(open)
            conditions.append("c.assignee = ?")
            args.append(q.account)
        case .unverified:
            conditions.append(open)
            conditions.append("coalesce(s.entitlement_ok, 0) = 0")
        case .dueToday:
            conditions.append(open)
            conditions.append("c.sla_due < ?")
            args.append(Timestamp(date: q.today.adding(days: 1)))
        case .readyToClose:
            conditions.append(open)
            conditions.append("s.failing = 0")
        case .blockedAtClose:
            conditions.append("c.status = 'resolved'")
            conditions.append("s.failing > 0")
        }
        if let s = q.status {
            conditions.append("c.status = ?")
            args.append(s)
        }
        if let c = q.customerID {
            conditions.append("c.customer_id = ?")
            args.append(c)
        }
        if let s = q.serial {
            conditions.append("c.serial = ?")
            args.append(s)
        }
        if let match = q.searchExpression {
            let number = Int64(q.search.trimmingCharacters(in: .whitespaces).trimmingPrefix("#"))
            conditions.append("(c.id = ? OR c.id IN (SELECT rowid FROM case_search WHERE case_search MATCH ?))")
            args.append(number ?? -1)
            args.append(match)
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), args)
    }

    /// Rows `offset ..< offset + limit` of the queue, in the query's order.
    public func queue(_ q: QueueQuery, offset: Int = 0, limit: Int = 50) throws -> [QueueRow] {
        let (whereSQL, args) = queueWhere(q)
        let order =
            switch q.sort {
            case .sla: "c.sla_due IS NULL, c.sla_due, c.id"
            case .age: "c.opened_at, c.id"
            case .priority: "c.priority, c.sla_due IS NULL, c.sla_due, c.id"
            case .id: "c.id"
            }
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT c.id, c.status, c.priority, c.sla_due, c.opened_at, cu.name AS customer_name, c.serial, c.subject,
                           c.assignee, s.entitlement, coalesce(s.failing, 0) AS failing
                    FROM service_case c JOIN customer cu ON cu.id = c.customer_id LEFT JOIN case_state s ON s.case_id = c.id
                    \(whereSQL) ORDER BY \(order) LIMIT ? OFFSET ?
                    """), arguments: StatementArguments(args + [limit, offset])
        ).map { row in
            QueueRow(
                id: row["id"], status: row["status"], priority: row["priority"], slaDue: row["sla_due"],
                openedAt: row["opened_at"], customerName: row["customer_name"], serial: row["serial"],
                subject: row["subject"], assignee: row["assignee"], entitlement: row["entitlement"],
                failingChecks: row["failing"])
        }
    }

    public func queueCount(_ q: QueueQuery) throws -> Int {
        let (whereSQL, args) = queueWhere(q)
        return try Int.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT count(*) FROM service_case c LEFT JOIN case_state s ON s.case_id = c.id \(whereSQL)
                    """), arguments: StatementArguments(args)) ?? 0
    }
}
