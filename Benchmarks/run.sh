#!/usr/bin/env bash
# Every benchmark of the workbench at a million cases, in one run and one table:
#
#   bash Benchmarks/run.sh [CASES]             # default 1,000,000; about an hour on 2 cores
#   BENCH_DB=million.sqlite bash Benchmarks/run.sh   # skip generating: use a generated database
#
# Generates the database once (generate.sh: its time beside the floor of SQLite copying the
# same rows, and its size), then times the screen as a terminal sees it beside `less`
# (screen.py), the reports and the ledger check beside their sqlite3 floors (reports.sh), and
# eight contending writers beside eight sqlite3 writers (contention.sh, on its own small
# database). Each part prints rows of `| measure | Casebench | floor or peer | ratio |`;
# this prints them as one table, then the parts' notes. Needs sqlite3, bc, python3 and less.
set -euo pipefail
cases=${1:-1000000}
cd "$(dirname "$0")/.."
. Benchmarks/release.sh
needs sqlite3 bc python3 less
export BENCH_SCRATCH=${BENCH_SCRATCH:-.build}
release_binary
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=${BENCH_DB:-}
if [ -z "$db" ]; then
  db=$dir/bench.sqlite
  BENCH_KEEP=$db bash Benchmarks/generate.sh "$cases" >"$dir/generate.out"
fi
python3 Benchmarks/screen.py --bin "$bin" --db "$db" |
  awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' >"$dir/screen.out"
BENCH_DB=$db bash Benchmarks/reports.sh >"$dir/reports.out"
bash Benchmarks/contention.sh >"$dir/contention.out"

echo "Casebench $(git describe --always --dirty 2>/dev/null || echo '?'), $(date -u +%Y-%m-%d), $(nproc) cores," \
  "$(sqlite3 "$db" 'SELECT count(*) FROM service_case') cases; warm: each measure run once first"
printf '| measure | Casebench | floor or peer | ratio |\n|---|---|---|---|\n'
for part in generate screen reports contention; do
  [ -f "$dir/$part.out" ] && grep '^| ' "$dir/$part.out" | grep -v '^| measure \|^|---' || true
done
for part in generate reports contention; do
  [ -f "$dir/$part.out" ] && grep -v '^|' "$dir/$part.out" || true
done
