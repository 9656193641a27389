#!/usr/bin/env bash
# The reports and the ledger check against their floors, on demand (never in `swift test`):
#
#   bash Benchmarks/reports.sh [CASES]        # default 1,000,000
#   BENCH_DB=million.sqlite bash Benchmarks/reports.sh     # an existing generated database
#
# Builds the release binary and generates CASES cases (seed 1) into a new database, unless
# BENCH_DB names one. Then, for each measure, the Casebench command and its floor — the same
# facts computed by the sqlite3 shell in one pass over the tables (Benchmarks/floors/*.sql) —
# each run once to warm the cache, then timed. Prints one table: measure, Casebench, floor,
# ratio. Needs the sqlite3 shell and bc. BENCH_SCRATCH: the build folder (default .build);
# BENCH_AS: the user who reads the reports (default ada, the generated desk's admin).
set -euo pipefail
cases=${1:-1000000}
cd "$(dirname "$0")/.."
. Benchmarks/release.sh
needs sqlite3 bc
release_binary
db=${BENCH_DB:-}
if [ -z "$db" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  db=$dir/generated.sqlite
  "$bin" generate --cases "$cases" --seed 1 --db "$db" >/dev/null 2>&1
fi
# Opened once before timing: a database from an older Casebench is upgraded here, not in a measure.
as=${BENCH_AS:-ada}
"$bin" verify --db "$db" --as "$as" >/dev/null 2>&1 || true

# Seconds one run of a command takes, its output dropped (a check that finds problems still counts).
seconds() {
  local start
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  echo "$(date +%s.%N) - $start" | bc
}
# Warm: one run first, then the timed one.
warm() {
  "$@" >/dev/null 2>&1 || true
  seconds "$@"
}

cases=$(sqlite3 "$db" "SELECT count(*) FROM service_case")
echo "$cases cases in $db; each command run once to warm the cache, then timed"
printf '| measure | Casebench | floor | ratio |\n|---|---|---|---|\n'
row() {
  local name=$1 floorFile=$2
  shift 2
  local mine floor
  mine=$(warm "$bin" "$@" --db "$db" --as "$as")
  floor=$(warm sqlite3 "$db" ".read Benchmarks/floors/$floorFile")
  printf '| %s | %.2f s | %.2f s | %.2f |\n' "$name" "$mine" "$floor" "$(echo "$mine / $floor" | bc -l)"
}
row "report kpi" kpi.sql report kpi
row "report profitability" profitability.sql report profitability
row "verify" verify.sql verify
