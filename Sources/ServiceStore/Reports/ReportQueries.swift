internal import GRDB
import ServiceCore

/// The figures reports are made of, computed from the data by the database.
public struct KPIFigures: Sendable, Equatable {
    /// Closed cases that are not imported history.
    public var closed: Int
    /// Of those, the ones with every line portion on an outcome, every outcome posted, and
    /// every part line's quantity issued by the ledger.
    public var complete: Int
    public var importedClosed: Int
    public var firstFix: Int
    /// Mean hours from opening to closing.
    public var averageResolutionHours: Double?
    public var slaBreaches: Int
    public var byStatus: [Tally]
    public var openByAge: [Tally]
    /// Net of reversals, by posting kind.
    public var postedByKind: [Total]
    /// The closed cases counted as not complete, with why, in case order (a case may have several).
    public var incomplete: [Incomplete]

    public struct Incomplete: Sendable, Equatable {
        public var caseID: CaseID
        public var reason: String
    }

    public struct Tally: Sendable, Equatable {
        public var label: String
        public var count: Int
    }

    public struct Total: Sendable, Equatable {
        public var label: String
        public var amount: Money
    }
}

/// A case with a response-time target, as the SLA report lists it.
public struct SLACase: Sendable, Equatable {
    public var caseID: CaseID
    public var priority: Int
    public var customer: String
    public var status: CaseStatus
    public var due: Timestamp
    /// The start of the first visit that took place (done, or no access).
    public var respondedAt: Timestamp?
    /// When it was served, or — not yet — when it closed, or now: late when after `due`.
    public var servedAt: Timestamp

    public var breached: Bool { servedAt > due }
    /// Seconds after (positive) or before the due time.
    public var lateness: Int64 { servedAt.seconds - due.seconds }
}

/// The SLA figures of one priority.
public struct SLATally: Sendable, Equatable {
    public var priority: Int
    public var cases: Int
    public var breached: Int
    /// Open, not yet served, and due within the warning window.
    public var atRisk: Int
}

extension StoreTransaction {
    /// When a case was served for its SLA: the start of its first visit that took place
    /// (`firstVisit`, an SQL expression); not yet, when it closed; still open, now (the `:now`
    /// argument). Breached when after the due time — one definition for the KPI and the SLA report.
    static func served(firstVisit: String) -> String {
        "coalesce(\(firstVisit), CASE WHEN c.status = 'closed' THEN c.closed_at ELSE :now END)"
    }

    /// The start of case `c`'s first visit that took place: done, or no access.
    static let firstVisitTakenPlace = "min(CASE WHEN status <> 'planned' THEN starts_at END)"

    /// `served` for one case, its first visit looked up through the visits' case index.
    static let servedAt = served(
        firstVisit: "(SELECT \(firstVisitTakenPlace) FROM visit WHERE case_id = c.id)")

    /// SLA figures by priority, for cases due in `window` (all when nil); an open case not
    /// yet served and due before `riskUntil` is at risk.
    public func slaTallies(window: Range<Timestamp>?, now: Timestamp, riskUntil: Timestamp) throws -> [SLATally] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT c.priority, count(*) AS n, \(PortableSQL.tally("\(Self.servedAt) > c.sla_due")) AS late,
                  \(PortableSQL.tally("""
                    c.status NOT IN ('closed', 'cancelled') AND \(Self.servedAt) <= c.sla_due AND c.sla_due < :risk
                      AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.case_id = c.id AND v.status <> 'planned')
                    """)) AS risk
                FROM service_case c WHERE c.sla_due IS NOT NULL AND c.status <> 'cancelled' AND c.sla_due >= :from AND c.sla_due < :to
                GROUP BY c.priority ORDER BY c.priority
                """, arguments: slaArguments(window, now, riskUntil)
        ).map {
            SLATally(priority: $0["priority"], cases: $0["n"], breached: $0["late"], atRisk: $0["risk"])
        }
    }

    /// The cases that breached, or are at risk, in due order: the first `limit`.
    public func slaExceptions(window: Range<Timestamp>?, now: Timestamp, riskUntil: Timestamp, limit: Int) throws
        -> [SLACase]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT c.id, c.priority, cu.name, c.status, c.sla_due,
                  (SELECT min(v.starts_at) FROM visit v WHERE v.case_id = c.id AND v.status <> 'planned') AS responded,
                  \(Self.servedAt) AS served
                FROM service_case c JOIN customer cu ON cu.id = c.customer_id
                WHERE c.sla_due IS NOT NULL AND c.status <> 'cancelled' AND c.sla_due >= :from AND c.sla_due < :to
                  AND (\(Self.servedAt) > c.sla_due OR (c.status NOT IN ('closed', 'cancelled') AND c.sla_due < :risk
                       AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.case_id = c.id AND v.status <> 'planned')))
                ORDER BY c.sla_due, c.id LIMIT :limit
                """, arguments: slaArguments(window, now, riskUntil) + ["limit": limit]
        ).map {
            SLACase(
                caseID: $0["id"], priority: $0["priority"], customer: $0["name"], status: $0["status"],
                due: $0["sla_due"], respondedAt: $0["responded"], servedAt: $0["served"])
        }
    }

    private func slaArguments(_ window: Range<Timestamp>?, _ now: Timestamp, _ risk: Timestamp) -> SQLArguments {
        [
            "now": now, "risk": risk, "from": window?.lowerBound.seconds ?? Int64.min,
            "to": window?.upperBound.seconds ?? Int64.max,
        ]
    }

    /// Closed, non-imported cases that fail the completeness KPI, with why.
    ///
    /// On a large desk most cases are closed, so these read nearly every outcome and line: each
    /// query walks its table in rowid order (`CROSS JOIN` keeps that order), looking each row's
    /// case up by its key, which follows in the same order. Driven from the status index instead,
    /// SQLite fetched cases, and then lines or outcomes, all over the file and sorted them again
    /// for the GROUP BY: 34 s of the KPI's figures on a million cases, 6 s this way.
    public func incompleteClosedCases() throws -> [(caseID: CaseID, reason: String)] {
        var out: [(CaseID, String)] = []
        // An active outcome of the last closing without a posting that is not reversed.
        for r in try Row.fetchAll(
            db,
            sql: """
                SELECT c.id, o.id AS outcome FROM billing_outcome o CROSS JOIN service_case c
                WHERE c.id = o.case_id AND o.active = 1 AND c.status = 'closed' AND c.imported = 0 AND NOT EXISTS (
                  SELECT 1 FROM posting p WHERE p.outcome_id = o.id AND p.closing = c.closings AND p.reverses IS NULL
                    AND NOT EXISTS (SELECT 1 FROM posting r WHERE r.reverses = p.id))
                """)
        {
            out.append((r["id"], "outcome \(r["outcome"] as Int64) has no posting"))
        }
        // A line with an amount whose portions on active outcomes do not add up to it. Each
        // line's portions are summed through their index as the line is read: grouping the
        // joined lines and portions instead took 1.6 times as long.
        for r in try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM (
                  SELECT l.case_id AS id, l.id AS line, l.amount, coalesce((
                    SELECT sum(p.amount) FROM outcome_portion p JOIN billing_outcome o ON o.id = p.outcome_id
                    WHERE p.line_id = l.id AND o.active = 1), 0) AS on_outcomes
                  FROM case_line l CROSS JOIN service_case c
                  WHERE c.id = l.case_id AND c.status = 'closed' AND c.imported = 0) lines
                WHERE amount <> on_outcomes
                """)
        {
            out.append(
                (
                    r["id"],
                    "line \(r["line"] as Int64) is \(Money(minorUnits: r["amount"])), its portions on outcomes \(Money(minorUnits: r["on_outcomes"]))"
                ))
        }
        // A part line the ledger did not issue as it says, on a closed case: the cases' statuses
        // read a few hundred at a time, however many there are.
        let differences = try partLineDifferences(month: nil)
        var closed = Set<CaseID>()
        let cases = Array(Set(differences.map(\.caseID)))
        for start in stride(from: 0, to: cases.count, by: 500) {
            let some = cases[start..<min(start + 500, cases.count)]
            closed.formUnion(
                try CaseID.fetchAll(
                    db,
                    sql: """
                        SELECT id FROM service_case
                        WHERE status = 'closed' AND id IN (\(some.map { _ in "?" }.joined(separator: ",")))
                        """, arguments: SQLArguments(some.map { $0 })))
        }
        for d in differences where closed.contains(d.caseID) {
            out.append((d.caseID, d.detail))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// The KPI's figures. The cases are read in one pass, each beside its visits' facts (grouped
    /// in SQL, not asked for case by case), and the completeness checks run once: at a million
    /// cases, counting each figure in a query of its own and the checks twice took 13 s.
    public func kpiFigures(now: Timestamp) throws -> KPIFigures {
        let cases = try Row.fetchOne(
            db,
            sql: """
                SELECT coalesce(\(PortableSQL.tally("c.status = 'closed' AND c.imported = 0")), 0) AS closed,
                  coalesce(\(PortableSQL.tally("c.status = 'closed' AND c.imported = 1")), 0) AS imported,
                  coalesce(\(PortableSQL.tally("c.status = 'closed' AND c.imported = 0 AND v.done = 1")), 0) AS first_fix,
                  avg(CASE WHEN c.status = 'closed' AND c.imported = 0 AND c.closed_at IS NOT NULL
                      THEN (c.closed_at - c.opened_at) / 3600.0 END) AS hours,
                  coalesce(\(PortableSQL.tally("""
                    c.sla_due IS NOT NULL AND c.status <> 'cancelled' AND \(Self.served(firstVisit: "v.served")) > c.sla_due
                    """)), 0) AS breaches
                FROM service_case c LEFT JOIN (\(Self.visitFacts)) v ON v.case_id = c.id
                """, arguments: ["now": now])!
        let incomplete = try incompleteClosedCases()
        let statuses = try Row.fetchAll(
            db, sql: "SELECT status, count(*) AS n FROM service_case GROUP BY status ORDER BY status"
        ).map {
            KPIFigures.Tally(label: $0["status"], count: $0["n"])
        }
        let day: Int64 = 86_400
        let ages = try Row.fetchAll(
            db,
            sql: """
                SELECT CASE WHEN ? - opened_at < ? THEN 'under 1 day' WHEN ? - opened_at < ? THEN '1 to 3 days'
                            WHEN ? - opened_at < ? THEN '3 to 7 days' ELSE 'over 7 days' END AS bucket, count(*) AS n
                FROM service_case WHERE status NOT IN ('closed', 'cancelled') GROUP BY bucket
                """, arguments: [now, day, now, 3 * day, now, 7 * day]
        ).map { KPIFigures.Tally(label: $0["bucket"], count: $0["n"]) }
        let order = ["under 1 day", "1 to 3 days", "3 to 7 days", "over 7 days"]
        let posted = try Row.fetchAll(
            db,
            sql: """
                SELECT p.kind, sum(p.amount) AS total FROM posting p JOIN service_case c ON c.id = p.case_id
                WHERE c.imported = 0 GROUP BY p.kind ORDER BY p.kind
                """
        ).map { KPIFigures.Total(label: $0["kind"], amount: Money(minorUnits: $0["total"])) }
        let closed: Int = cases["closed"]
        return KPIFigures(
            closed: closed, complete: closed - Set(incomplete.map(\.caseID)).count, importedClosed: cases["imported"],
            firstFix: cases["first_fix"], averageResolutionHours: cases["hours"], slaBreaches: cases["breaches"],
            byStatus: statuses, openByAge: order.compactMap { b in ages.first { $0.label == b } },
            postedByKind: posted,
            incomplete: incomplete.map { KPIFigures.Incomplete(caseID: $0.caseID, reason: $0.reason) })
    }

    /// Each case's visits in one row: how many were done, and when the first that took place
    /// started (its SLA response, `served`). One pass over the visits, in case order.
    static let visitFacts = """
        SELECT case_id, \(PortableSQL.tally("status = 'done'")) AS done, \(firstVisitTakenPlace) AS served FROM visit GROUP BY case_id
        """

    /// Warranty and goodwill cost, net of reversals, by the item of the asset serviced.
    public func warrantyCostByItem() throws -> [(sku: String, description: String, cases: Int, cost: Money)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT i.sku, i.description, count(DISTINCT p.case_id) AS cases, sum(p.amount) AS cost FROM posting p
                JOIN service_case c ON c.id = p.case_id JOIN asset a ON a.serial = c.serial JOIN item i ON i.sku = a.sku
                WHERE p.kind IN ('warranty-cost', 'goodwill-cost') AND c.imported = 0
                GROUP BY i.sku HAVING sum(p.amount) <> 0 ORDER BY sum(p.amount) DESC, i.sku
                """
        ).map {
            (sku: $0["sku"], description: $0["description"], cases: $0["cases"], cost: Money(minorUnits: $0["cost"]))
        }
    }
}
