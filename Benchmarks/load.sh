#!/usr/bin/env bash
# A desk of two hundred, on demand (never in `swift test`):
#
#   bash Benchmarks/load.sh [WORKERS] [SECONDS]        # default 200 workers, 300 s a run
#   RUNS=postgres-paced bash Benchmarks/load.sh        # only the runs named (default all four)
#
# Builds the release binary, generates a desk of 2,000 cases (seed 1), receives 5,000 more of
# each part on each shelf that stocks it (a day of two hundred using parts), and moves it into a
# throw-away PostgreSQL cluster with durable settings (fsync on, max_connections 250). Then,
# on PostgreSQL and on the SQLite file beside it, WORKERS processes — each its own
# `casebench batch` with its own connection — work cases for SECONDS: an agent takes a call
# (open, which verifies the entitlement), looks at the queue, schedules the visit and reserves
# a part (twenty workers to a part in a bin, each part in a few bins: reservations and uses
# meet, on a bin's row and on the part's valuation), and a technician records the visit, uses
# the part, records labour, travel and the resolution, bills, and the agent closes. (The
# queue's search is the screen's, not the command language's: `Benchmarks/postgres.sh`
# measures it.) Paced, each worker pauses PAUSE seconds (default 2) between commands, about a
# hundred commands a second in all, and starts at its own moment within the first pause, as
# agents' days do not start on one keystroke (started together, all two hundred would press
# Enter at once every two seconds); then once more without pauses, for the most the desk
# takes. Each command's time is read from the workers' debug logs (`--log`), and the p99 is
# given once more without each command's first run in each worker's session ("p99 warm"),
# which also pays for the new server process reading the tables and plans it touches: five
# minutes, so that most of a worker's cases are not its first. Afterwards `verify` and
# `audit verify` must hold and no stock row holds more reserved than on hand.
# Needs sqlite3, psql, python3 and a PostgreSQL server (postgresql).
set -euo pipefail
workers=${1:-200}
seconds=${2:-300}
pause=${PAUSE:-2}
cd "$(dirname "$0")/.."
. Benchmarks/release.sh
needs sqlite3 psql python3
release_binary
dir=$(mktemp -d /tmp/casebench-load.XXXXXX)
chmod 755 "$dir"
trap 'pkill -P $$ >/dev/null 2>&1 || true; scripts/pg-cluster.sh stop "$dir/pg" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
export HOME=$dir
"$bin" generate --cases 2000 --seed 1 --db "$dir/desk.sqlite" >/dev/null 2>&1
sqlite3 "$dir/desk.sqlite" "SELECT s.sku || ' ' || s.bin FROM stock s JOIN bin b ON b.id = s.bin
  WHERE b.kind = 'shelf' AND s.on_hand > 0 ORDER BY s.sku, s.bin" >"$dir/parts"
sed 's/^\(.*\) \(.*\)$/receive \1 5000 \2 10.00/' "$dir/parts" | "$bin" batch --db "$dir/desk.sqlite" --as ada >/dev/null
eval "$(PG_DURABLE=1 scripts/pg-cluster.sh start "$dir/pg")"
psql -X -q -v ON_ERROR_STOP=1 "postgresql:///casebench_test?host=$dir/pg&user=casebench" -c "CREATE DATABASE load"
url="postgresql:///load?host=$dir/pg&user=casebench"
"$bin" migrate --db "$dir/desk.sqlite" --as ada --to "$url" >/dev/null 2>&1
sqlite3 "$dir/desk.sqlite" "SELECT customer_id || ' ' || serial FROM asset ORDER BY serial" >"$dir/assets"

# One worker's commands, for ever: case after case, as its agent and technician.
feed() {
  local worker=$1 pace=$2 n=0
  local agent=agent$((worker % 4 + 1)) tech=tech$((worker % 4 + 1))
  mapfile -t assets <"$dir/assets"
  mapfile -t parts <"$dir/parts"
  local part=${parts[$((worker / 20 % ${#parts[@]}))]}
  [ "$pace" = 0 ] || sleep "$(awk -v w="$worker" -v n="$workers" -v p="$pace" 'BEGIN { printf "%.3f", (w - 1) * p / n }')"
  while true; do
    local asset=${assets[$(((worker * 7 + n) % ${#assets[@]}))]}
    n=$((n + 1))
    for line in "as $agent" "open $asset Load call $worker-$n" "queue view=open limit=30" "schedule @ $tech" \
      "reserve @ ${part% *} 1 ${part#* }" "show @" "as $tech" "visit @ done" "use @ ${part% *} 1 ${part#* }" \
      "labour @ 30" "travel @ 45.00" "resolve @ FIXED Fixed on site" "bill @" "as $agent" "close @"; do
      echo "$line" || return 0
      [ "$pace" = 0 ] || sleep "$pace"
    done
  done
}

# run NAME DB PACE: WORKERS workers on DB for SECONDS, each logging its commands.
run() {
  local name=$1 db=$2 pace=$3
  mkdir -p "$dir/$name"
  for w in $(seq 1 "$workers"); do
    # (the subshell's own stderr discarded: it would say "Terminated" as each is stopped)
    (feed "$w" "$pace" | "$bin" batch --db "$db" --log "$dir/$name/$w.log" >/dev/null 2>"$dir/$name/$w.err") 2>/dev/null &
  done
  sleep "$seconds"
  pkill -f -- "--log $dir/$name/" || true
  wait 2>/dev/null || true
  "$bin" verify --db "$db" --as ada >"$dir/$name.verify" 2>&1 || true
  "$bin" audit verify --db "$db" --as ada >"$dir/$name.audit" 2>&1 || true
}

runs=${RUNS:-postgres-paced sqlite-paced postgres-flat-out sqlite-flat-out}
for name in $runs; do
  case $name in
  postgres-paced) run "$name" "$url" "$pause" ;;
  sqlite-paced) run "$name" "$dir/desk.sqlite" "$pause" ;;
  postgres-flat-out) run "$name" "$url" 0 ;;
  sqlite-flat-out) run "$name" "$dir/desk.sqlite" 0 ;;
  *) echo "load.sh: no run called $name (postgres-paced, sqlite-paced, postgres-flat-out, sqlite-flat-out)" >&2; exit 2 ;;
  esac
done
oversold_pg=$(psql -X -At "$url" -c "SELECT count(*) FROM stock WHERE reserved > on_hand")
oversold_sqlite=$(sqlite3 "$dir/desk.sqlite" "SELECT count(*) FROM stock WHERE reserved > on_hand")

python3 - "$dir" "$seconds" "$workers" "$oversold_pg" "$oversold_sqlite" $runs <<'EOF'
import glob, os, re, sys
folder, seconds, workers, oversold_pg, oversold_sqlite = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
runs = sys.argv[6:]
line = re.compile(r"command (\S+)[^:]*: (\S+) ([0-9.]+)ms")

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))] if values else float("nan")

# "warm": each command after its first run in the worker's session, which also pays for the
# session's start (a new server process's first statements on each table and their plans,
# while two hundred start within a pause).
print("| run | commands | per second | p50 | p99 | p99 warm | refused or invalid | errors | sessions failed | verify | audit verify |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
per_command = {}
for run in runs:
    times, warm, refused, errors = [], [], 0, 0
    for log in glob.glob(f"{folder}/{run}/*.log"):
        seen = set()
        for m in line.finditer(open(log, errors="replace").read()):
            name, outcome, ms = m.group(1), m.group(2), float(m.group(3))
            if name == "as":
                continue
            times.append(ms)
            per_command.setdefault((run, name), []).append(ms)
            if name in seen:
                warm.append(ms)
                per_command.setdefault((run, name, "warm"), []).append(ms)
            seen.add(name)
            if outcome in ("refused", "invalid"):
                refused += 1
            elif outcome != "ok":
                errors += 1
    failed = sum(1 for e in glob.glob(f"{folder}/{run}/*.err") if os.path.getsize(e) > 0)
    verify = "holds" if open(f"{folder}/{run}.verify").read().startswith("ok:") else "FAILS"
    audit = "holds" if open(f"{folder}/{run}.audit").read().startswith("ok:") else "FAILS"
    print(f"| {run} | {len(times)} | {len(times) / seconds:.0f} | {pct(times, 50):.1f} ms | {pct(times, 99):.1f} ms "
          f"| {pct(warm, 99):.1f} ms | {refused} | {errors} | {failed} of {workers} | {verify} | {audit} |")
print()
for run in runs:
    for check in ["verify", "audit"]:
        said = open(f"{folder}/{run}.{check}").read()
        if not said.startswith("ok:"):
            print(f"{run}, {check}: {said.strip()}")
print(f"Oversold stock rows afterwards: PostgreSQL {oversold_pg}, SQLite {oversold_sqlite}.")
print()
paced = [r for r in runs if r.endswith("-paced")] or runs
print("| command | " + " | ".join(f"{r} p50 / p99 / p99 warm" for r in paced) + " |")
print("|---|" + "---|" * len(paced))
for name in sorted({key[1] for key in per_command}):
    cells = []
    for run in paced:
        t = per_command.get((run, name), [])
        t_warm = per_command.get((run, name, "warm"), [])
        cells.append(f"{pct(t, 50):.1f} / {pct(t, 99):.1f} / {pct(t_warm, 99):.1f} ms ({len(t)})" if t else "—")
    print(f"| {name} | " + " | ".join(cells) + " |")
EOF
