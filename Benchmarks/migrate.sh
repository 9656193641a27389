#!/usr/bin/env bash
# Moving a desk to PostgreSQL, on demand (never in `swift test`):
#
#   bash Benchmarks/migrate.sh [CASES]        # default 50,000
#
# Builds the release binary, generates CASES cases (seed 1), starts a throw-away PostgreSQL
# cluster with durable settings (scripts/pg-cluster.sh, fsync on) and times `casebench migrate`
# into an empty database — the copy, every table read back and checksummed, the audit trail
# walked — beside the floor measured in the same run on the same cluster: every table exported
# by the sqlite3 shell as CSV and loaded by psql's \copy into an empty database of the same
# schema, with no checks. Needs sqlite3, psql, bc and a PostgreSQL server (postgresql).
set -euo pipefail
cases=${1:-50000}
cd "$(dirname "$0")/.."
. Benchmarks/release.sh
needs sqlite3 psql bc
release_binary
dir=$(mktemp -d)
chmod 755 "$dir"
trap 'scripts/pg-cluster.sh stop "$dir/pg" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
"$bin" generate --cases "$cases" --seed 1 --db "$dir/desk.sqlite" >/dev/null 2>&1
eval "$(PG_DURABLE=1 scripts/pg-cluster.sh start "$dir/pg")"
# The move's own audit key, in the scratch folder: nothing is left in the caller's home.
export XDG_CONFIG_HOME=$dir/config
psql_at() { psql -X -q -v ON_ERROR_STOP=1 "postgresql:///$1?host=$dir/pg&user=casebench" "${@:2}"; }
psql_at casebench_test -c "CREATE DATABASE moved" -c "CREATE DATABASE floor"

start=$(date +%s.%N)
"$bin" migrate --db "$dir/desk.sqlite" --as ada --to "postgresql:///moved?host=$dir/pg&user=casebench" >"$dir/moved.txt" 2>"$dir/progress.txt"
moved=$(echo "$(date +%s.%N) - $start" | bc)
rows=$(sed -n 's/.*tables, \([0-9]*\) rows.*/\1/p' "$dir/moved.txt")

# The floor: the same schema, empty; each table's rows out of SQLite and into PostgreSQL; then
# the indexes, keys and triggers, as pg_restore orders them (the move too builds its search
# indexes and triggers after the rows are in).
pg_dump --schema-only --section=pre-data "postgresql:///moved?host=$dir/pg&user=casebench" | psql_at floor >/dev/null
tables=$(psql_at moved -At -c "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration'")
start=$(date +%s.%N)
for t in $(psql_at moved -At -c "SELECT string_agg(t, ' ' ORDER BY o) FROM unnest(ARRAY['meta','app_user','customer','warranty_template','item','asset','warranty_spend','contract','contract_region','contract_serial','contract_exclusion','entitlement_rule','bin','resolution_code','service_case','visit','case_line','billing_outcome','outcome_portion','stock','stock_valuation','reservation','override_request','audit_entry','audit_subject','undo_entry','stock_movement','export_batch','case_state','terms_snapshot','entitlement_check','posting']) WITH ORDINALITY AS x(t, o)"); do
  cols=$(sqlite3 "$dir/desk.sqlite" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t')")
  sqlite3 -csv -nullvalue '\N' "$dir/desk.sqlite" "SELECT $cols FROM $t" >"$dir/$t.csv"
  psql_at floor -c "\\copy $t ($cols) FROM '$dir/$t.csv' WITH (FORMAT csv, NULL '\\N')"
done
pg_dump --schema-only --section=post-data "postgresql:///moved?host=$dir/pg&user=casebench" | psql_at floor >/dev/null
floor=$(echo "$(date +%s.%N) - $start" | bc)
[ "$(echo "$tables" | wc -l)" -ge 30 ] || { echo "migrate.sh: the moved database has $(echo "$tables" | wc -l) tables" >&2; exit 1; }

printf '| measure | Casebench | floor | ratio |\n|---|---|---|---|\n'
printf '| migrate %d cases (%d rows) to PostgreSQL, fsync on | %.1f s (verified, copied, read back, checksummed, trail walked) | %.1f s (sqlite3 CSV out, psql \\copy in, then indexes and triggers; no checks) | %.2f |\n' \
  "$cases" "$rows" "$moved" "$floor" "$(echo "$moved / $floor" | bc -l)"
