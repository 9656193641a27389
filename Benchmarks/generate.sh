#!/usr/bin/env bash
# The generator's speed and size, on demand (never in `swift test`):
#
#   bash Benchmarks/generate.sh [CASES]        # default 1,000,000
#   BENCH_KEEP=path bash Benchmarks/generate.sh   # keep the generated database at path
#
# Builds the release binary, generates CASES cases (seed 1) into a new database and reports
# its wall time, peak memory and size; then, in the same run, the floor SQLite itself sets
# on this machine for the same rows: each case table copied with one INSERT … SELECT into
# an empty database of the same schema, its non-unique indexes and search index built
# afterwards as the generator builds them. The ratio of the two is the figure to compare
# across machines. Needs the sqlite3 shell and bc, and free disk for two such databases.
set -euo pipefail
cases=${1:-1000000}
cd "$(dirname "$0")/.."
. Benchmarks/release.sh
needs sqlite3 bc
release_binary
dir=$(mktemp -d)
keep=${BENCH_KEEP:-}
trap 'if [ -n "$keep" ]; then for f in "$dir"/generated.sqlite*; do mv "$f" "$keep${f#$dir/generated.sqlite}"; done; fi; rm -rf "$dir"' EXIT

start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$dir/rss" "$bin" generate --cases "$cases" --seed 1 --db "$dir/generated.sqlite" 2>/dev/null | tail -3
generate=$(echo "$(date +%s.%N) - $start" | bc)

# The floor: an empty database of the same schema, the same rows copied in.
"$bin" init --db "$dir/floor.sqlite" --name bench >/dev/null
tables="service_case entitlement_check visit case_line billing_outcome outcome_portion stock_movement posting case_state"
list=$(printf "'%s'," $tables); list=${list%,}
indexes=$(sqlite3 "$dir/floor.sqlite" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ($list)")
drops=$(sqlite3 "$dir/floor.sqlite" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ($list)")
copies=""
# Master data and what the cases draw on, parents first (the foreign keys are checked).
master="app_user customer warranty_template item asset bin contract contract_region contract_serial contract_exclusion
  entitlement_rule resolution_code terms_snapshot warranty_spend stock stock_valuation"
for t in $master; do copies+="INSERT OR REPLACE INTO main.$t SELECT * FROM g.$t;"; done
# Named columns: a generated column (posting.kind, v15) is read by * but never written.
for t in $tables; do
  cols=$(sqlite3 "$dir/floor.sqlite" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t')")
  copies+="INSERT INTO main.$t ($cols) SELECT $cols FROM g.$t;"
done
start=$(date +%s.%N)
sqlite3 "$dir/floor.sqlite" <<SQL
PRAGMA foreign_keys = ON; PRAGMA cache_size = -131072;
ATTACH '$dir/generated.sqlite' AS g;
DROP TRIGGER case_search_insert; DROP TRIGGER case_search_open_insert; $drops
BEGIN; $copies COMMIT;
BEGIN;
INSERT INTO case_search (rowid, subject, customer, serial)
  SELECT c.id, c.subject, cu.name, c.serial FROM service_case c JOIN customer cu ON cu.id = c.customer_id ORDER BY c.id;
INSERT INTO case_search_open (rowid, subject, customer, serial)
  SELECT id, subject, customer, serial FROM case_search_open_text ORDER BY id;
$indexes
COMMIT;
SQL
floor=$(echo "$(date +%s.%N) - $start" | bc)

bytes=$(stat -c %s "$dir/generated.sqlite")
printf '| measure | Casebench | floor | ratio |\n|---|---|---|---|\n'
printf '| generate %d cases (peak memory %d MiB) | %.1f s | %.1f s (the same rows copied by SQLite alone) | %.2f |\n' \
  "$cases" "$(( $(cat "$dir/rss") / 1024 ))" "$generate" "$floor" "$(echo "$generate / $floor" | bc -l)"
printf '| database size | %.0f B a case (%.2f GiB) | goal 1,300 B | %.2f |\n' \
  "$(echo "$bytes / $cases" | bc -l)" "$(echo "$bytes / 1073741824" | bc -l)" "$(echo "$bytes / $cases / 1300" | bc -l)"
