#!/usr/bin/env bash
# The workbench's measures on PostgreSQL beside the same on SQLite, on demand (never in
# `swift test`):
#
#   bash Benchmarks/postgres.sh [CASES]                 # default 50,000
#   BENCH_DB=million.sqlite bash Benchmarks/postgres.sh  # an existing generated database
#
# Builds the release binary and generates CASES cases (seed 1) unless BENCH_DB names a
# database, starts a throw-away PostgreSQL cluster with durable settings (scripts/pg-cluster.sh,
# fsync on), moves the desk into it (`casebench migrate --to`), then runs, in one run, each
# measure on both engines: the screen as a terminal sees it (screen.py --postgres: first
# frame, Down, PgDn, Home/End, every search term per keystroke in the open and all views, Esc,
# memory) and the reports and the ledger check (each command once to warm the cache, then
# timed). Prints one table: measure, SQLite, PostgreSQL, ratio. Needs sqlite3, psql, bc,
# python3 and a PostgreSQL server (postgresql).
set -euo pipefail
cases=${1:-50000}
cd "$(dirname "$0")/.."
. Benchmarks/release.sh
needs sqlite3 psql bc python3
release_binary
dir=$(mktemp -d)
chmod 755 "$dir"
trap 'scripts/pg-cluster.sh stop "$dir/pg" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
db=${BENCH_DB:-}
if [ -z "$db" ]; then
  db=$dir/desk.sqlite
  "$bin" generate --cases "$cases" --seed 1 --db "$db" >/dev/null 2>&1
fi
eval "$(PG_DURABLE=1 scripts/pg-cluster.sh start "$dir/pg")"
url="postgresql:///desk?host=$dir/pg&user=casebench"
psql -X -q -v ON_ERROR_STOP=1 "postgresql:///casebench_test?host=$dir/pg&user=casebench" -c "CREATE DATABASE desk"
# The move's own audit key, in the scratch folder: nothing is left in the caller's home.
export XDG_CONFIG_HOME=$dir/config
# (the move gathers the planner's statistics, as it does for a desk)
"$bin" migrate --db "$db" --as ada --to "$url" >/dev/null 2>&1

# Seconds one run of a command takes, its output dropped, after one run to warm the cache.
warm() {
  local start
  "$@" >/dev/null 2>&1 || true
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  echo "$(date +%s.%N) - $start" | bc
}

echo "Casebench $(git describe --always --dirty 2>/dev/null || echo '?'), $(date -u +%Y-%m-%d), $(nproc) cores," \
  "$(sqlite3 "$db" 'SELECT count(*) FROM service_case') cases; PostgreSQL $(psql -X -At "$url" -c 'SHOW server_version')" \
  "on a socket, fsync on; warm: each measure run once first"
printf '| measure | SQLite | PostgreSQL | ratio |\n|---|---|---|---|\n'
python3 Benchmarks/screen.py --bin "$bin" --db "$db" --postgres "$url" |
  awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }'
for command in "report kpi" "report profitability" "verify"; do
  # shellcheck disable=SC2086 # the command's words
  lite=$(warm "$bin" $command --db "$db" --as ada)
  # shellcheck disable=SC2086
  pg=$(warm "$bin" $command --db "$url" --as ada)
  printf '| %s (s) | %.2f | %.2f | %.1f× |\n' "$command" "$lite" "$pg" "$(echo "$pg / $lite" | bc -l)"
done
