internal import GRDB
import ServiceCore

extension StoreTransaction {
    /// What must always hold between the ledger, the stock, the valuation, the reservations
    /// and the cases' part lines. Each problem is one sentence; none means all agree.
    public func stockProblems(progress: ProgressSink? = nil) throws -> [String] {
        var problems: [String] = []
        progress?.begin("checking the ledger", total: 4)
        defer { progress?.end() }
        var stock: [String] = []
        var valuation: [String] = []
        // Stock is the sum of its ledger, and the valuation is too, cores bins apart: both from
        // one pass over the ledger, summed by item and bin (reading it once for each took 3 s of
        // the check at a million cases).
        for row in try Row.fetchAll(
            db,
            sql: """
                WITH m AS MATERIALIZED (
                  SELECT sku, bin, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved, sum(value) AS value
                  FROM stock_movement GROUP BY sku, bin
                ), valued AS (
                  SELECT m.sku, sum(m.on_hand) AS quantity, sum(m.value) AS value FROM m
                  JOIN bin b ON b.id = m.bin WHERE b.kind <> 'cores' GROUP BY m.sku
                )
                SELECT * FROM (
                  SELECT 'stock' AS what, k.sku, k.bin, coalesce(s.on_hand, 0) AS a, coalesce(s.reserved, 0) AS b,
                         coalesce(m.on_hand, 0) AS ledger_a, coalesce(m.reserved, 0) AS ledger_b
                  FROM (SELECT sku, bin FROM stock UNION SELECT sku, bin FROM m) k
                  LEFT JOIN stock s ON s.sku = k.sku AND s.bin = k.bin
                  LEFT JOIN m ON m.sku = k.sku AND m.bin = k.bin
                  WHERE coalesce(s.on_hand, 0) <> coalesce(m.on_hand, 0) OR coalesce(s.reserved, 0) <> coalesce(m.reserved, 0)
                ) stock_rows
                UNION ALL
                SELECT * FROM (
                  SELECT 'valuation', k.sku, NULL, coalesce(v.quantity, 0), coalesce(v.value, 0),
                         coalesce(d.quantity, 0), coalesce(d.value, 0)
                  FROM (SELECT sku FROM stock_valuation UNION SELECT sku FROM m) k
                  LEFT JOIN stock_valuation v ON v.sku = k.sku
                  LEFT JOIN valued d ON d.sku = k.sku
                  WHERE coalesce(v.quantity, 0) <> coalesce(d.quantity, 0) OR coalesce(v.value, 0) <> coalesce(d.value, 0)
                ) valuation_rows
                """)
        {
            let sku: String = row["sku"]
            if row["what"] as String == "stock" {
                stock.append(
                    "\(sku) in \(row["bin"] as String): stock says \(row["a"] as Int) on hand, \(row["b"] as Int) reserved; the ledger says \(row["ledger_a"] as Int) and \(row["ledger_b"] as Int)"
                )
            } else {
                valuation.append(
                    "\(sku): valued at \(row["a"] as Int) units worth \(Money(minorUnits: row["b"])), the ledger says \(row["ledger_a"] as Int) worth \(Money(minorUnits: row["ledger_b"]))"
                )
            }
        }
        problems += stock
        progress?.advance(to: 1)
        // What is reserved is what open reservations hold.
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT s.sku, s.bin, s.reserved, coalesce(r.held, 0) AS held FROM stock s
                LEFT JOIN (SELECT sku, bin, sum(quantity - used - released) AS held FROM reservation GROUP BY sku, bin) r
                  ON r.sku = s.sku AND r.bin = s.bin
                WHERE s.reserved <> coalesce(r.held, 0)
                UNION ALL
                SELECT r.sku, r.bin, 0, sum(r.quantity - r.used - r.released) FROM reservation r
                WHERE NOT EXISTS (SELECT 1 FROM stock s WHERE s.sku = r.sku AND s.bin = r.bin)
                GROUP BY r.sku, r.bin HAVING sum(r.quantity - r.used - r.released) <> 0
                """)
        {
            problems.append(
                "\(row["sku"] as String) in \(row["bin"] as String): \(row["reserved"] as Int) reserved, but open reservations hold \(row["held"] as Int)"
            )
        }
        progress?.advance(to: 2)
        problems += valuation
        progress?.advance(to: 3)
        // Every part line's quantity is what was issued to it, less what came back.
        problems += try partLineDifferences(month: nil).map(\.sentence)
        return problems
    }

    /// A part line whose quantity differs from the net of its ledger movements.
    public struct LineDifference: Sendable, Equatable {
        public var caseID: CaseID
        public var lineID: LineID?
        public var sku: String
        public var onLine: Int
        public var issued: Int

        public var sentence: String { "case \(caseID) \(detail)" }

        /// The difference, without the case.
        public var detail: String {
            let line = lineID.map { "line \($0)" } ?? "no part line"
            return "\(line): \(onLine) × \(sku) on the case, \(issued) issued by the ledger"
        }
    }

    /// Part lines of cases against issue and return movements, both ways: a line without
    /// its movements, or movements without their line. Within a month (by the movement's,
    /// or for a line without movements its own, time) when given. Imported history is left out.
    public func partLineDifferences(month: (year: Int, month: Int)?) throws -> [LineDifference] {
        let window = month.flatMap { Timestamp.month(year: $0.year, month: $0.month) }
        let rows = try Row.fetchAll(
            db,
            sql: """
                WITH issued AS (
                  SELECT line_id, case_id, sku, -sum(on_hand_delta) AS quantity, min(at) AS at FROM stock_movement
                  WHERE kind IN ('issue', 'return') AND line_id IS NOT NULL GROUP BY line_id, case_id, sku
                ), lines AS (
                  SELECT l.id, l.case_id, l.sku, coalesce(l.quantity, 0) AS quantity, l.created_at AS at FROM case_line l
                  JOIN service_case c ON c.id = l.case_id WHERE l.kind = 'part' AND c.imported = 0
                )
                SELECT l.case_id, l.id AS line_id, l.sku, l.quantity AS on_line, coalesce(i.quantity, 0) AS issued,
                       coalesce(i.at, l.at, 0) AS at
                FROM lines l LEFT JOIN issued i ON i.line_id = l.id
                WHERE l.quantity <> coalesce(i.quantity, 0)
                UNION ALL
                SELECT i.case_id, i.line_id, i.sku, 0, i.quantity, i.at FROM issued i
                WHERE i.quantity <> 0 AND NOT EXISTS (SELECT 1 FROM case_line l WHERE l.id = i.line_id)
                """)
        return rows.compactMap { r -> LineDifference? in
            if let window, !window.contains(r["at"] as Timestamp) { return nil }
            return LineDifference(
                caseID: r["case_id"], lineID: r["line_id"], sku: r["sku"] ?? "?", onLine: r["on_line"],
                issued: r["issued"])
        }
    }

    /// How many movements and stock rows there are, for a verdict's last line.
    public func ledgerSize() throws -> (movements: Int, stockRows: Int, reservations: Int) {
        (
            try Int.fetchOne(db, sql: "SELECT count(*) FROM stock_movement") ?? 0,
            try Int.fetchOne(db, sql: "SELECT count(*) FROM stock") ?? 0,
            try Int.fetchOne(db, sql: "SELECT count(*) FROM reservation") ?? 0
        )
    }
}
