-- Part lines the ledger did not issue as they say, and issues of lines that are gone: read by
-- both the KPI's completeness checks (kpi.sql) and the ledger check (verify.sql), run from the
-- project root as Benchmarks/reports.sh runs them.
WITH issued AS (
  SELECT line_id, -sum(on_hand_delta) AS quantity FROM stock_movement
  WHERE kind IN ('issue', 'return') AND line_id IS NOT NULL GROUP BY line_id
)
SELECT l.case_id, l.id FROM case_line l JOIN service_case c ON c.id = l.case_id
LEFT JOIN issued i ON i.line_id = l.id
WHERE l.kind = 'part' AND NOT c.imported AND coalesce(l.quantity, 0) <> coalesce(i.quantity, 0)
UNION ALL
SELECT NULL, i.line_id FROM issued i WHERE i.quantity <> 0 AND NOT EXISTS (SELECT 1 FROM case_line l WHERE l.id = i.line_id);
