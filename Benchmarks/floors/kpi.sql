-- The floor of `report kpi` (Benchmarks/reports.sh): the KPI's facts computed by the sqlite3
-- shell alone, every table read once. The cases in one pass, each beside its visits' facts
-- grouped by case (done visits, the first response); the completeness checks (active outcomes
-- of closed cases without a posting that stands, lines whose portions on active outcomes do not
-- add up, part lines the ledger did not issue as they say, the few found then kept to closed
-- cases); cases by status; open cases by age;
-- postings by kind. "Now" is the clock's.
SELECT count(*) FILTER (WHERE c.status = 'closed' AND NOT c.imported) AS closed,
  count(*) FILTER (WHERE c.status = 'closed' AND c.imported) AS imported,
  count(*) FILTER (WHERE c.status = 'closed' AND NOT c.imported AND v.done = 1) AS first_fix,
  avg((c.closed_at - c.opened_at) / 3600.0) FILTER (WHERE c.status = 'closed' AND NOT c.imported) AS hours,
  count(*) FILTER (WHERE c.sla_due IS NOT NULL AND c.status <> 'cancelled'
    AND coalesce(v.served, CASE WHEN c.status = 'closed' THEN c.closed_at ELSE unixepoch() END) > c.sla_due) AS breaches
FROM service_case c LEFT JOIN (
  SELECT case_id, sum(status = 'done') AS done, min(starts_at) FILTER (WHERE status <> 'planned') AS served
  FROM visit GROUP BY case_id) v ON v.case_id = c.id;

SELECT o.case_id, o.id FROM billing_outcome o CROSS JOIN service_case c ON c.id = o.case_id
WHERE o.active AND c.status = 'closed' AND NOT c.imported AND NOT EXISTS (
  SELECT 1 FROM posting p WHERE p.outcome_id = o.id AND p.closing = c.closings AND p.reverses IS NULL
    AND NOT EXISTS (SELECT 1 FROM posting r WHERE r.reverses = p.id));

SELECT l.case_id, l.id FROM case_line l CROSS JOIN service_case c ON c.id = l.case_id
WHERE c.status = 'closed' AND NOT c.imported AND l.amount <> coalesce((
  SELECT sum(p.amount) FROM outcome_portion p JOIN billing_outcome o ON o.id = p.outcome_id
  WHERE p.line_id = l.id AND o.active), 0);

.read Benchmarks/floors/part-lines.sql

SELECT status, count(*) FROM service_case GROUP BY status;

SELECT CASE WHEN unixepoch() - opened_at < 86400 THEN 'under 1 day' WHEN unixepoch() - opened_at < 259200 THEN '1 to 3 days'
            WHEN unixepoch() - opened_at < 604800 THEN '3 to 7 days' ELSE 'over 7 days' END AS bucket, count(*)
FROM service_case WHERE status NOT IN ('closed', 'cancelled') GROUP BY bucket;

SELECT p.kind, sum(p.amount) FROM posting p JOIN service_case c ON c.id = p.case_id WHERE NOT c.imported GROUP BY p.kind;
