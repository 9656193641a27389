-- The floor of Benchmarks/contention.sh: what a reservation and its release change in the
-- stock, as one conditional update each, run by the sqlite3 shell with the durability Casebench
-- commits with (WAL, synchronous = FULL) and a busy timeout to wait with. Each statement is its
-- own transaction, as each Casebench command is one. contention.sh runs eight sqlite3 processes
-- at once on a copy of its database, each given the setup once and the round below many times.
.timeout 10000
PRAGMA synchronous = FULL;
.parameter set :sku 'P-FILTER'
.parameter set :bin 'WH-N-A1'
-- each round:
UPDATE stock SET reserved = reserved + 1 WHERE sku = :sku AND bin = :bin AND on_hand - reserved >= 1;
UPDATE stock SET reserved = reserved - 1 WHERE sku = :sku AND bin = :bin AND reserved >= 1;
