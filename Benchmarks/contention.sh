#!/usr/bin/env bash
# Eight writers contending for one bin's stock, on demand (never in `swift test`):
#
#   bash Benchmarks/contention.sh [SESSIONS]      # sessions per process; default 30
#
# Builds the release binary and makes a demo database. Then eight processes at once each run
# SESSIONS `casebench batch` sessions one after another, every session opening the database
# while the others write, and reserving and releasing one unit of P-FILTER in WH-N-A1 ten
# times each (20 commands), two processes on each of the demo's four open cases that agnes
# and arun work (a case's command reads all its reservations, so one case for all would
# weigh ever more). In the same run, the floor: eight sqlite3 processes at once on a
# copy of the database, each doing the same number of conditional updates of that stock row
# (Benchmarks/floors/contention.sql), with the same durability. Prints both rates and their
# ratio, whether the stock oversold, and every session that failed to start or write.
# Needs the sqlite3 shell and bc. BENCH_SCRATCH: the build folder (default .build).
set -euo pipefail
sessions=${1:-30}
processes=8
pairs=10
cd "$(dirname "$0")/.."
. Benchmarks/release.sh
needs sqlite3 bc
release_binary
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/contention.sqlite
now() { date +%s.%N; }

# A demo desk with stock to spare, and one reservation per process to release from: a
# release names its reservation, and a session cannot know the ids its reserves will get.
"$bin" demo --db "$db" </dev/null >/dev/null
echo "receive P-FILTER 500000 WH-N-A1 4.00" | "$bin" batch --db "$db" --as ada >/dev/null
held=$((sessions * pairs + 10))
cases=(1 2 5 4)
users=(agnes agnes agnes arun)
for p in $(seq 0 $((processes - 1))); do
  echo "reserve ${cases[p % 4]} P-FILTER $held WH-N-A1" | "$bin" batch --json --db "$db" --as "${users[p % 4]}"
done >"$dir/setup.json"
mapfile -t reservations < <(grep -o '"reservation":[0-9]*' "$dir/setup.json" | cut -d: -f2)
[ ${#reservations[@]} -eq $processes ] || { echo "contention.sh: setup failed: $(cat "$dir/setup.json")" >&2; exit 1; }
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$db" "$dir/floor.sqlite"
before=$(sqlite3 "$db" "SELECT reserved FROM stock WHERE sku = 'P-FILTER' AND bin = 'WH-N-A1'")

# Casebench: each process's sessions in turn, each reserving and releasing.
worker() {
  local p=$1 reservation=$2 s i
  for s in $(seq 1 "$sessions"); do
    for i in $(seq 1 $pairs); do printf 'reserve %s P-FILTER 1 WH-N-A1\nrelease %s 1\n' "${cases[p % 4]}" "$reservation"; done |
      if "$bin" batch --json --db "$db" --as "${users[p % 4]}" 2>"$dir/err.$p.$s" >"$dir/out.$p.$s"; then echo 0; else echo $?; fi \
        >"$dir/status.$p.$s"
  done
}
start=$(now)
for p in $(seq 0 $((processes - 1))); do worker "$p" "${reservations[p]}" & done
wait
casebench=$(echo "$(now) - $start" | bc)
ok=$(cat "$dir"/out.* | grep -c '"ok":true' || true)
refused=$(cat "$dir"/out.* | grep -c '"ok":false' || true)
failed=0
for f in "$dir"/status.*; do
  if [ "$(cat "$f")" != 0 ]; then
    failed=$((failed + 1))
    echo "failed session (exit $(cat "$f")): $(cat "${f/status/err}" | head -c 300) $(grep '"ok":false' "${f/status/out}" | head -1 | head -c 300)"
  fi
done
after=$(sqlite3 "$db" "SELECT reserved FROM stock WHERE sku = 'P-FILTER' AND bin = 'WH-N-A1'")
oversold=$(sqlite3 "$db" "SELECT count(*) FROM stock WHERE reserved > on_hand")
verify=$("$bin" verify --db "$db" --as ada | head -1 || true)

# The floor: the same number of updates, by eight sqlite3 processes on the copy.
setup=$(sed -n '1,/^-- each round:/p' Benchmarks/floors/contention.sql)
round=$(sed -n '/^-- each round:/,$p' Benchmarks/floors/contention.sql | grep -v '^--')
{ echo "$setup"; for _ in $(seq 1 $((sessions * pairs))); do echo "$round"; done; } >"$dir/floor-script.sql"
start=$(now)
for p in $(seq 1 $processes); do sqlite3 "$dir/floor.sqlite" <"$dir/floor-script.sql" >/dev/null 2>"$dir/floor-err.$p" & done
wait
floor=$(echo "$(now) - $start" | bc)
floorErrors=$(cat "$dir"/floor-err.* | grep -c . || true)
floorOversold=$(sqlite3 "$dir/floor.sqlite" "SELECT count(*) FROM stock WHERE reserved > on_hand")

commands=$((processes * sessions * pairs * 2))
rate=$(echo "$ok / $casebench" | bc -l)
floorRate=$(echo "$commands / $floor" | bc -l)
printf '| measure | Casebench | floor | ratio |\n|---|---|---|---|\n'
printf '| %d writers, reserve/release (sqlite3: conditional update) | %.0f commands/s | %.0f updates/s | %.2f |\n' \
  $processes "$rate" "$floorRate" "$(echo "$rate / $floorRate" | bc -l)"
printf 'Casebench: %d of %d commands ok, %d refused, in %.1f s; %d sessions, %d failed\n' \
  "$ok" "$commands" "$refused" "$casebench" $((processes * sessions)) "$failed"
printf 'stock: reserved %d before, %d after (%d reserves and releases each), oversold rows %d; verify: %s\n' \
  "$before" "$after" $((commands / 2)) "$oversold" "$verify"
printf 'floor: %d updates in %.1f s, %d errors, oversold rows %d\n' "$commands" "$floor" "$floorErrors" "$floorOversold"
