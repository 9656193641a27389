-- The floor of `casebench verify` (Benchmarks/reports.sh): the stock re-derived from the ledger
-- by the sqlite3 shell alone, and everything else the check compares. One pass over the ledger
-- summed by item and bin, against the stock rows and (cores bins apart) the valuation; the
-- reservations' holdings against what is reserved; each part line against the ledger's issues
-- and returns for it. Prints the rows that disagree: none on a sound database.
WITH m AS MATERIALIZED (
  SELECT sku, bin, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved, sum(value) AS value
  FROM stock_movement GROUP BY sku, bin
)
SELECT 'stock', k.sku, k.bin FROM (SELECT sku, bin FROM stock UNION SELECT sku, bin FROM m) k
LEFT JOIN stock s ON s.sku = k.sku AND s.bin = k.bin LEFT JOIN m ON m.sku = k.sku AND m.bin = k.bin
WHERE coalesce(s.on_hand, 0) <> coalesce(m.on_hand, 0) OR coalesce(s.reserved, 0) <> coalesce(m.reserved, 0)
UNION ALL
SELECT 'valuation', k.sku, NULL FROM (SELECT sku FROM stock_valuation UNION SELECT sku FROM m) k
LEFT JOIN stock_valuation v ON v.sku = k.sku
LEFT JOIN (SELECT m.sku, sum(m.on_hand) AS quantity, sum(m.value) AS value FROM m JOIN bin b ON b.id = m.bin
           WHERE b.kind <> 'cores' GROUP BY m.sku) d ON d.sku = k.sku
WHERE coalesce(v.quantity, 0) <> coalesce(d.quantity, 0) OR coalesce(v.value, 0) <> coalesce(d.value, 0);

SELECT s.sku, s.bin FROM stock s
LEFT JOIN (SELECT sku, bin, sum(quantity - used - released) AS held FROM reservation GROUP BY sku, bin) r
  ON r.sku = s.sku AND r.bin = s.bin
WHERE s.reserved <> coalesce(r.held, 0);

.read Benchmarks/floors/part-lines.sql
