-- The floor of `report profitability` (Benchmarks/reports.sh): each contract's covered work on
-- its closed cases, computed by the sqlite3 shell alone. Active contract debits of closed cases
-- with their portions and lines read once, a part line's cost being its share of what its stock
-- left at (the ledger's issues and returns by line, one pass); the revenue posted on the same
-- cases; every contract with its fee.
WITH stock_value AS (
  SELECT line_id, -sum(value) AS value FROM stock_movement
  WHERE line_id IS NOT NULL AND kind IN ('issue', 'return') GROUP BY line_id
), covered AS (
  SELECT o.contract, count(DISTINCT o.case_id) AS cases, sum(p.amount) AS covered,
    sum(CASE WHEN l.kind <> 'part' OR v.value IS NULL THEN p.amount WHEN l.amount = 0 THEN 0
             ELSE (v.value * p.amount + l.amount / 2) / l.amount END) AS cost
  FROM billing_outcome o CROSS JOIN service_case c ON c.id = o.case_id AND c.status = 'closed' AND NOT c.imported
  JOIN outcome_portion p ON p.outcome_id = o.id JOIN case_line l ON l.id = p.line_id
  LEFT JOIN stock_value v ON v.line_id = l.id
  WHERE o.active AND o.kind = 'contract-debit' GROUP BY o.contract
), billed AS (
  SELECT d.contract, sum(p.amount) AS billed FROM posting p
  JOIN (SELECT DISTINCT o.case_id, o.contract FROM billing_outcome o CROSS JOIN service_case c ON c.id = o.case_id
        WHERE o.active AND o.kind = 'contract-debit' AND c.status = 'closed' AND NOT c.imported) d ON d.case_id = p.case_id
  WHERE p.kind = 'revenue' GROUP BY d.contract
)
SELECT k.number, k.customer_id, k.tier, k.status, k.start_on, k.end_on, k.fee,
  coalesce(w.cases, 0), coalesce(w.covered, 0), coalesce(w.cost, 0), coalesce(b.billed, 0)
FROM contract k LEFT JOIN covered w ON w.contract = k.number LEFT JOIN billed b ON b.contract = k.number
ORDER BY k.number;
